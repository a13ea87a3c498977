// The REST kit's failures: built from catalog messages like every gateway error, said in the
// caller's language when rendered for an envelope (message and per-field messages), codes and
// other extensions unchanged.
import { describe, expect, it } from 'vitest';
import { CATALOG, type MessageId } from '../../src/i18n/catalog.js';
import { msg, render } from '../../src/i18n/messages.js';
import { RestRouterError, restFailure, restFailureOf } from '../../src/rest/rest-failure.js';

const ids = Object.keys(CATALOG) as MessageId[];
const sampleParams = (id: MessageId) =>
  Object.fromEntries([...CATALOG[id].en.matchAll(/\{(\w+)\}/g)].map((match, i) => [match[1], `<${match[1]}-${i}>`]));

describe('restFailureOf', () => {
  it.each(ids)('%s: said in each language from its id, with its parameters', (id) => {
    const message = { id, params: sampleParams(id) };
    const error = new RestRouterError('SOME_CODE', message);
    expect(error.message).toBe(render(message, 'en'));
    expect(restFailureOf(error, 'pt-BR').message).toBe(render(message, 'pt-BR'));
    expect(restFailureOf(error, 'en').message).toBe(render(message, 'en'));
  });

  it('says the per-field messages in the locale and keeps the code, the extensions and the headers', () => {
    const error = new RestRouterError('VALIDATION_ERROR', msg('invalidFieldValues'), {
      fields: { favourite_colour: msg('unknownField'), probability: msg('mustBeNumber') },
      extensions: { hint: 42 },
      headers: { allow: 'GET' },
    });
    expect(restFailureOf(error, 'pt-BR')).toEqual({
      code: 'VALIDATION_ERROR',
      message: 'Valores de campos invalidos',
      extensions: {
        code: 'VALIDATION_ERROR',
        hint: 42,
        fields: { favourite_colour: 'Campo desconhecido', probability: 'Deve ser um numero' },
      },
    });
    expect(restFailureOf(error, 'en').extensions.fields).toEqual({
      favourite_colour: 'Unknown field',
      probability: 'Must be a number',
    });
    expect(error.headers).toEqual({ allow: 'GET' });
  });

  it('restFailure throws the failure', () => {
    expect(() => restFailure('NOT_FOUND', msg('notFound', { entity: 'Opportunity' }))).toThrow(
      new RestRouterError('NOT_FOUND', msg('notFound', { entity: 'Opportunity' })),
    );
  });
});
