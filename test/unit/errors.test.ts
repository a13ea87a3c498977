// GatewayError: built from catalog messages only, said in English as it is thrown and in any
// locale by inLocale, per-field messages included; codes and other extensions never change.
import { describe, expect, it } from 'vitest';
import {
  CommonErrorCode,
  databaseUnavailable,
  forbidden,
  GatewayError,
  notFound,
  unauthenticated,
  validationError,
} from '../../src/errors.js';
import { msg } from '../../src/i18n/messages.js';
import { invalidStatus } from '../../src/modules/opportunity/opportunity.errors.js';
import { stageKeyTaken } from '../../src/modules/pipeline/pipeline.errors.js';

describe('GatewayError', () => {
  it('says its message and per-field messages in English when thrown, and in pt-BR on request', () => {
    const error = validationError({ name: msg('mustNotBeEmpty'), limit: msg('between', { min: 1, max: 100 }) });
    expect(error.message).toBe('Invalid field values');
    expect(error.extensions).toEqual({
      code: 'VALIDATION_ERROR',
      fields: { name: 'Must not be empty', limit: 'Must be between 1 and 100' },
    });
    expect(error.inLocale('pt-BR')).toEqual({
      message: 'Valores de campos invalidos',
      extensions: {
        code: 'VALIDATION_ERROR',
        fields: { name: 'Nao pode ser vazio', limit: 'Deve estar entre 1 e 100' },
      },
    });
    expect(error.inLocale('en')).toEqual({ message: error.message, extensions: error.extensions });
  });

  it('keeps its code, extensions and HTTP status in every language', () => {
    const cases: Array<[GatewayError, string, Record<string, unknown>]> = [
      [notFound('Opportunity', 'opp_x'), 'Oportunidade nao encontrada', { code: 'NOT_FOUND', entity: 'Opportunity' }],
      [notFound('Pipeline', 'p'), 'Pipeline nao encontrado', { code: 'NOT_FOUND', entity: 'Pipeline' }],
      [
        unauthenticated('EXPIRED_API_KEY'),
        'A chave de API expirou',
        { code: 'UNAUTHENTICATED', reason: 'EXPIRED_API_KEY' },
      ],
      [
        forbidden('pipelines:write'),
        'Esta chave de API nao tem a permissao pipelines:write',
        { code: 'FORBIDDEN', requiredScope: 'pipelines:write' },
      ],
      [
        databaseUnavailable(),
        'O banco de dados esta indisponivel; tente novamente em instantes',
        { code: 'DATABASE_UNAVAILABLE', http: { status: 503 } },
      ],
      [
        invalidStatus('x', ['new', 'won']),
        'Valor de status invalido: "x". Valores validos: new, won',
        { code: 'INVALID_STATUS', validStatuses: ['new', 'won'] },
      ],
      [
        stageKeyTaken('won', 'p1'),
        'O pipeline ja tem um estagio com a chave "won"',
        { code: 'CONFLICT', field: 'key', key: 'won', pipelineId: 'p1' },
      ],
    ];
    for (const [error, portuguese, extensions] of cases) {
      expect(error.extensions, error.message).toEqual(extensions);
      expect(error.inLocale('pt-BR'), error.message).toEqual({ message: portuguese, extensions });
    }
  });

  it('keeps the parameters it was built from, for logs', () => {
    const error = new GatewayError(CommonErrorCode.CONFLICT, msg('stageHoldsOpportunities', { stageId: 's1' }));
    expect(error.catalogMessage).toEqual({ id: 'stageHoldsOpportunities', params: { stageId: 's1' } });
    expect(error.code).toBe('CONFLICT');
  });

  it('is built again from its JSON record, said alike in every language; a record naming no catalog message is not', () => {
    for (const error of [
      validationError({ name: msg('mustNotBeEmpty') }),
      invalidStatus('archived', ['new', 'won']),
      databaseUnavailable(),
    ]) {
      const rebuilt = GatewayError.fromRecord(JSON.parse(JSON.stringify(error.toRecord())));
      expect(rebuilt?.code).toBe(error.code);
      for (const locale of ['en', 'pt-BR'] as const) expect(rebuilt?.inLocale(locale)).toEqual(error.inLocale(locale));
    }
    const record = validationError({ name: msg('mustNotBeEmpty') }).toRecord();
    const gone = { id: 'noLongerInTheCatalog', params: {} };
    expect(GatewayError.fromRecord({ ...record, message: gone } as never)).toBeUndefined();
    expect(GatewayError.fromRecord({ ...record, options: { fields: { name: gone } } } as never)).toBeUndefined();
  });

  it('takes no literal text: messages and their parameters are checked by the compiler (npm run typecheck)', () => {
    // @ts-expect-error a message comes from the catalog
    const literal = () => new GatewayError('X', 'Something in English');
    // @ts-expect-error per-field messages too
    const literalField = () => validationError({ name: 'Required' });
    // @ts-expect-error a message's parameters are required
    const missingParams = () => msg('notFound');
    // @ts-expect-error an id the catalog lacks
    const unknownId = () => msg('somethingElse');
    expect([literal, literalField, missingParams, unknownId].every((build) => typeof build === 'function')).toBe(true);
  });
});
