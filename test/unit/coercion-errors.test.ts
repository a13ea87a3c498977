// graphql-js' refusals of variables, produced by the real schema (no server, no database), become
// per-field catalog messages: in English as graphql-js and graphql-scalars said them, in pt-BR from
// the catalog, and our Decimal's refusal from its own catalog message.
import { graphql } from 'graphql';
import { describe, expect, it } from 'vitest';
import { coercionFieldErrors } from '../../src/graphql/coercion-errors.js';
import type { Locale } from '../../src/i18n/catalog.js';
import { render } from '../../src/i18n/messages.js';
import { schema } from '../../src/schema.js';

const CREATE = `mutation($input: CreateOpportunityInput!) { createOpportunity(input: $input) { id } }`;
const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key } }`;
const LIST = `query($first: Int, $orderBy: OpportunityOrder) { opportunities(first: $first, orderBy: $orderBy) { totalCount } }`;

/** The per-field messages of a request refused before execution, in a language. */
async function fieldsOf(source: string, variableValues: Record<string, unknown>, locale: Locale) {
  const result = await graphql({ schema, source, variableValues });
  expect(result.data, JSON.stringify(result.errors)).toBeUndefined();
  const fields = coercionFieldErrors(result.errors ?? []);
  expect(fields, JSON.stringify(result.errors)).toBeDefined();
  return Object.fromEntries(Object.entries(fields ?? {}).map(([field, message]) => [field, render(message, locale)]));
}

describe('input coercion errors', () => {
  it.each<[string, string, Record<string, unknown>, Record<string, string>, Record<string, string>]>([
    ['a missing variable', CREATE, {}, { input: 'Required' }, { input: 'Obrigatorio' }],
    [
      'unknown and missing input fields, and a malformed email',
      CREATE,
      { input: { email: 'nope', bogus: 1 } },
      { email: 'Value is not a valid email address: nope', bogus: 'Unknown field', name: 'Required' },
      { email: 'O valor nao e um endereco de e-mail valido: nope', bogus: 'Campo desconhecido', name: 'Obrigatorio' },
    ],
    [
      'a number for a string',
      CREATE,
      { input: { name: 7 } },
      { name: 'String cannot represent a non string value: 7' },
      { name: 'String nao pode representar um valor que nao e texto: 7' },
    ],
    [
      'our Decimal',
      CREATE,
      { input: { name: 'x', dealValue: 'abc' } },
      { dealValue: 'Decimal cannot represent "abc"; send a number or a decimal string' },
      { dealValue: 'Decimal nao pode representar "abc"; envie um numero ou um texto decimal' },
    ],
    [
      'a currency that is none',
      CREATE,
      { input: { name: 'x', dealCurrency: 'ZZZ' } },
      { dealCurrency: 'Value is not a valid currency value: ZZZ' },
      { dealCurrency: 'O valor nao e um codigo de moeda valido: ZZZ' },
    ],
    [
      'a string for an object',
      CREATE,
      { input: 'name' },
      { input: 'Expected type "CreateOpportunityInput" to be an object.' },
      { input: 'Esperado um objeto do tipo "CreateOpportunityInput".' },
    ],
    [
      'a null in a list of non-null strings, and a malformed date',
      CREATE_KEY,
      { input: { name: 'k', scopes: [null], expiresAt: 'tomorrow' } },
      {
        'scopes[0]': 'Expected non-nullable type "String!" not to be null.',
        expiresAt: 'DateTime cannot represent an invalid date-time-string tomorrow.',
      },
      {
        'scopes[0]': 'O tipo nao anulavel "String!" nao pode ser nulo.',
        expiresAt: 'DateTime nao pode representar um texto de data e hora invalido: tomorrow.',
      },
    ],
    [
      'a fraction for an Int and an unknown enum value with a suggestion',
      LIST,
      { first: 1.5, orderBy: { field: 'NAM', direction: 'UP' } },
      {
        first: 'Int cannot represent non-integer value: 1.5',
        'orderBy.field':
          'Value "NAM" does not exist in "OpportunityOrderField" enum. Did you mean the enum value "NAME"?',
        'orderBy.direction': 'Value "UP" does not exist in "OrderDirection" enum.',
      },
      {
        first: 'Int nao pode representar um valor nao inteiro: 1.5',
        'orderBy.field': 'O valor "NAM" nao existe no enum "OpportunityOrderField". Voce quis dizer o valor "NAME"?',
        'orderBy.direction': 'O valor "UP" nao existe no enum "OrderDirection".',
      },
    ],
  ])('%s', async (_case, source, variables, english, portuguese) => {
    expect(await fieldsOf(source, variables, 'en')).toEqual(english);
    expect(await fieldsOf(source, variables, 'pt-BR')).toEqual(portuguese);
  });

  it('leaves errors that are not all coercion errors alone', async () => {
    const result = await graphql({ schema, source: '{ nope }' });
    expect(result.errors).toHaveLength(1);
    expect(coercionFieldErrors(result.errors ?? [])).toBeUndefined();
  });
});
