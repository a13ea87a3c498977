// The REST kit's input helpers: a JSON body becomes a GraphQL input with renamed fields, anything
// else is refused as a VALIDATION_ERROR whose per-field messages are catalog messages (said in the
// caller's language later), and query parameters keep their text for the schema to refuse.
import { describe, expect, it } from 'vitest';
import { msg } from '../../src/i18n/messages.js';
import { RestRouterError, restFailureOf } from '../../src/rest/rest-failure.js';
import { inputFrom, intParam, restFieldNames, textParam, type BodyMapping } from '../../src/rest/rest-input.js';

const mapping: BodyMapping = {
  fields: { name: 'name', statusId: 'status', description: 'description', probability: 'probability' },
  refuse: (field, value) => (field === 'probability' && typeof value !== 'number' ? msg('mustBeNumber') : undefined),
  blankIsNull: ['description'],
};

function refusal(body: unknown): RestRouterError {
  try {
    inputFrom(body, mapping);
  } catch (error) {
    if (error instanceof RestRouterError) return error;
    throw error;
  }
  throw new Error('inputFrom accepted the body');
}

describe('inputFrom', () => {
  it('renames the fields, keeps null and turns a blank text into null where told', () => {
    expect(inputFrom({ name: 'Won', statusId: 'won', description: '  ', probability: 1 }, mapping)).toEqual({
      name: 'Won',
      status: 'won',
      description: null,
      probability: 1,
    });
    expect(inputFrom({ description: null }, mapping)).toEqual({ description: null });
  });

  it('refuses a body that is not an object', () => {
    for (const body of [null, ['name'], 'name', 7]) {
      const error = refusal(body);
      expect(error.code).toBe('VALIDATION_ERROR');
      expect(error.catalogMessage).toEqual(msg('bodyNotObject'));
    }
  });

  it('refuses unknown fields and the REST rules, naming every field, in the catalog', () => {
    const error = refusal({ colour: 'red', probability: '0.5', name: 'Fine' });
    expect(error.catalogMessage).toEqual(msg('invalidFieldValues'));
    expect(restFailureOf(error, 'en').extensions.fields).toEqual({
      colour: 'Unknown field',
      probability: 'Must be a number',
    });
    expect(restFailureOf(error, 'pt-BR')).toMatchObject({
      message: 'Valores de campos invalidos',
      extensions: { fields: { colour: 'Campo desconhecido', probability: 'Deve ser um numero' } },
    });
  });
});

describe('query parameters and field names', () => {
  it('passes an integer as a number and anything else as text for the schema to refuse', () => {
    const query = new URLSearchParams('limit=20&page=abc&empty=&search=acme');
    expect(intParam(query, 'limit')).toBe(20);
    expect(intParam(query, 'page')).toBe('abc');
    expect(intParam(query, 'empty')).toBeUndefined();
    expect(intParam(query, 'missing')).toBeUndefined();
    expect(textParam(query, 'search')).toBe('acme');
    expect(textParam(query, 'empty')).toBeUndefined();
  });

  it('gives the REST name of a GraphQL field, from any of the mappings, else the name itself', () => {
    const restName = restFieldNames({ position: 'jobTitle' }, { sort_by: 'orderBy.field' });
    expect(restName('jobTitle')).toBe('position');
    expect(restName('orderBy.field')).toBe('sort_by');
    expect(restName('name')).toBe('name');
  });
});
