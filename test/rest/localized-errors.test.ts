// Errors in the caller's language (Accept-Language): every documented failure of the GetRaze
// routes, the router's own, and GraphQL's, in Brazilian Portuguese with the codes unchanged;
// English for en-US, for languages the gateway does not speak and when nothing is asked.
import { describe, expect, it } from 'vitest';
import { SCOPES } from '../../src/modules/api-key/scopes.js';
import { CREATE, MOVE, UPDATE, createOpportunity } from '../opportunity/fixtures.js';
import { useGateway, TEST_REQUEST_ID } from '../support/gateway.js';
import { rest } from '../support/rest.js';
import { graphqlIn } from './support.js';

const gateway = useGateway();
const base = '/external/v1/opportunities';
const PT = { 'accept-language': 'pt-BR' };
const VALID = ['new', 'contacted', 'qualified', 'proposal', 'negotiation', 'won', 'lost'];
const MISSING = 'opp_000000000000';

describe('GetRaze routes in pt-BR', () => {
  it('INVALID_STATUS in the words of the pt-BR page, with the valid values', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const created = await createOpportunity(gw, key);
    const response = await rest(gw, 'PATCH', `${base}/${created.id}/stage`, {
      key,
      headers: PT,
      body: { status: 'archived' },
    });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      success: false,
      error: {
        code: 'INVALID_STATUS',
        message: `Valor de status invalido: "archived". Valores validos: ${VALID.join(', ')}`,
        details: { valid_statuses: VALID, request_id: TEST_REQUEST_ID },
      },
    });
  });

  it('NOT_FOUND: "Oportunidade nao encontrada" from every route that names an opportunity', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const calls: Array<[string, string, unknown]> = [
      ['PATCH', `${base}/${MISSING}/stage`, { status: 'won' }],
      ['PUT', `${base}/${MISSING}`, { notes: 'x' }],
      ['GET', `${base}/${MISSING}`, undefined],
      ['DELETE', `${base}/${MISSING}`, undefined],
    ];
    for (const [method, path, body] of calls) {
      const response = await rest(gw, method, path, { key, headers: PT, body });
      expect(response.status, method).toBe(404);
      expect(response.body, method).toEqual({
        success: false,
        error: { code: 'NOT_FOUND', message: 'Oportunidade nao encontrada', details: { request_id: TEST_REQUEST_ID } },
      });
    }
  });

  it('VALIDATION_ERROR: the message and every per-field message, with REST field names', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const created = await createOpportunity(gw, key);
    const put = (body: unknown) => ['PUT', `${base}/${created.id}`, body] as const;
    const cases: Array<[readonly [string, string, unknown], Record<string, string>]> = [
      [
        put({ favourite_colour: 'blue', status: 'won' }),
        {
          favourite_colour: 'Campo desconhecido',
          status: 'O status nao pode ser alterado aqui; use PATCH /external/v1/opportunities/:id/stage',
        },
      ],
      [put({ name: '' }), { name: 'Nao pode ser vazio' }],
      [put({ name: 'x'.repeat(256) }), { name: 'No maximo 255 caracteres' }],
      [put({ name: null }), { name: 'Nao pode ser nulo' }],
      [put({ name: 7 }), { name: 'String nao pode representar um valor que nao e texto: 7' }],
      [put({ email: 'nope' }), { email: 'O valor nao e um endereco de e-mail valido: nope' }],
      [put({ deal_value: -1 }), { deal_value: 'Deve ser no minimo 0' }],
      [put({ deal_value: 1.234 }), { deal_value: 'No maximo 2 casas decimais' }],
      [
        put({ deal_value: 'abc' }),
        { deal_value: 'Decimal nao pode representar "abc"; envie um numero ou um texto decimal' },
      ],
      [put({ deal_currency: 'brl' }), { deal_currency: 'Deve ser um codigo ISO 4217' }],
      [put({ deal_currency: 'ZZZ' }), { deal_currency: 'O valor nao e um codigo de moeda valido: ZZZ' }],
      [put({ responsible_user_id: 'usr_nobody' }), { responsible_user_id: 'Nao existe esse usuario neste workspace' }],
      [['POST', base, { email: 'a@b.co' }], { name: 'Obrigatorio' }],
      [['PATCH', `${base}/${created.id}/stage`, {}], { status: 'Informe exatamente um entre stageId e status' }],
      [['GET', `${base}?limit=0`, undefined], { limit: 'Deve estar entre 1 e 100' }],
      [['GET', `${base}?limit=abc`, undefined], { limit: 'Int nao pode representar um valor nao inteiro: "abc"' }],
      [
        ['GET', `${base}?sort_by=colour`, undefined],
        { sort_by: 'O valor "COLOUR" nao existe no enum "OpportunityOrderField".' },
      ],
    ];
    for (const [[method, path, body], fields] of cases) {
      const response = await rest(gw, method, path, { key, headers: PT, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body, JSON.stringify(body)).toEqual({
        success: false,
        error: {
          code: 'VALIDATION_ERROR',
          message: 'Valores de campos invalidos',
          details: { fields, request_id: TEST_REQUEST_ID },
        },
      });
    }
    const notAnObject = await rest(gw, 'PUT', `${base}/${created.id}`, { key, headers: PT, body: [1] });
    expect(notAnObject.body.error).toEqual({
      code: 'VALIDATION_ERROR',
      message: 'O corpo deve ser um objeto JSON',
      details: { fields: {}, request_id: TEST_REQUEST_ID },
    });
    expect((await gw.prisma.opportunity.findUniqueOrThrow({ where: { id: created.id } })).version).toBe(1);
  });

  it('401 MISSING_API_KEY, INVALID_API_KEY and EXPIRED_API_KEY, with WWW-Authenticate', async () => {
    const gw = gateway();
    const { workspace } = await gw.workspace();
    const expired = await gw.services.apiKeys.create({ workspaceId: workspace.id, name: 'expired', scopes: SCOPES });
    await gw.prisma.apiKey.update({
      where: { id: expired.record.id },
      data: { expiresAt: new Date(Date.now() - 60_000) },
    });
    const cases: Array<[string | undefined, string, string, string]> = [
      [
        undefined,
        'MISSING_API_KEY',
        'Uma chave de API e obrigatoria (Authorization: Bearer <chave> ou X-API-Key: <chave>)',
        'Bearer realm="external-api"',
      ],
      [
        'gr_live_unknownunknownunknownunknown0000',
        'INVALID_API_KEY',
        'A chave de API e invalida ou foi revogada',
        'Bearer realm="external-api", error="invalid_token"',
      ],
      [
        expired.rawKey,
        'EXPIRED_API_KEY',
        'A chave de API expirou',
        'Bearer realm="external-api", error="invalid_token"',
      ],
    ];
    for (const [key, code, message, challenge] of cases) {
      const response = await rest(gw, 'GET', base, { key, headers: PT });
      expect(response.status, code).toBe(401);
      expect(response.body, code).toEqual({
        success: false,
        error: { code, message, details: { request_id: TEST_REQUEST_ID } },
      });
      expect(response.headers.get('www-authenticate'), code).toBe(challenge);
    }
  });

  it('403 INSUFFICIENT_PERMISSIONS naming the permission', async () => {
    const gw = gateway();
    const { key, workspace } = await gw.workspace();
    const created = await createOpportunity(gw, key);
    const readOnly = await gw.key(workspace.id, ['opportunities:read']);
    const response = await rest(gw, 'DELETE', `${base}/${created.id}`, { key: readOnly, headers: PT });
    expect(response.status).toBe(403);
    expect(response.body.error).toEqual({
      code: 'INSUFFICIENT_PERMISSIONS',
      message: 'Esta chave de API nao tem a permissao opportunities:delete',
      details: { required_permission: 'opportunities:delete', request_id: TEST_REQUEST_ID },
    });
  });

  it("the router's own failures: 415, malformed JSON, 413, unknown path, 405", async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const created = await createOpportunity(gw, key);
    const path = `${base}/${created.id}/stage`;
    const json = { 'content-type': 'application/json' };
    const cases: Array<[Parameters<typeof rest>[3] & { method?: string; path?: string }, number, string, string]> = [
      [
        { rawBody: 'status=won', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'O corpo deve ser JSON (Content-Type: application/json)',
      ],
      [{ rawBody: '{"status": ', headers: json }, 400, 'INVALID_JSON', 'O corpo nao e um JSON valido'],
      [
        { rawBody: JSON.stringify({ status: 'x'.repeat(200_000) }), headers: json },
        413,
        'PAYLOAD_TOO_LARGE',
        'O corpo excede 102400 bytes',
      ],
      [{ path: '/external/v1/contacts' }, 404, 'NOT_FOUND', 'Nenhuma rota PATCH /external/v1/contacts'],
      [{ method: 'POST', body: {} }, 405, 'METHOD_NOT_ALLOWED', 'O metodo POST nao e permitido aqui'],
    ];
    for (const [options, status, code, message] of cases) {
      const response = await rest(gw, options.method ?? 'PATCH', options.path ?? path, {
        key,
        ...options,
        headers: { ...options.headers, ...PT },
      });
      expect(response.status, code).toBe(status);
      expect(response.body.error, code).toMatchObject({ code, message });
    }
  });
});

describe('GraphQL in pt-BR', () => {
  it('says resolver, validation, coercion and authentication errors in pt-BR, codes unchanged', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const created = await createOpportunity(gw, key);

    const invalid = await graphqlIn(gw, 'pt-BR', MOVE, { id: created.id, input: { status: 'archived' } }, key);
    expect(invalid.body.errors).toEqual([
      expect.objectContaining({
        message: `Valor de status invalido: "archived". Valores validos: ${VALID.join(', ')}`,
        extensions: { code: 'INVALID_STATUS', validStatuses: VALID, requestId: TEST_REQUEST_ID },
      }),
    ]);

    const missing = await graphqlIn(gw, 'pt', UPDATE, { id: MISSING, input: { notes: 'x' } }, key);
    expect(missing.body.errors?.[0]).toMatchObject({
      message: 'Oportunidade nao encontrada',
      extensions: { code: 'NOT_FOUND' },
    });

    const validation = await graphqlIn(gw, 'pt-BR', UPDATE, { id: created.id, input: { phone: 'x'.repeat(65) } }, key);
    expect(validation.body.errors?.[0]).toMatchObject({
      message: 'Valores de campos invalidos',
      extensions: { code: 'VALIDATION_ERROR', fields: { phone: 'No maximo 64 caracteres' } },
    });

    const coercion = await graphqlIn(gw, 'pt-BR', CREATE, { input: { email: 'nope', bogus: 1 } }, key);
    expect(coercion.body.errors).toEqual([
      expect.objectContaining({
        message: 'Valores de campos invalidos',
        extensions: {
          code: 'VALIDATION_ERROR',
          fields: {
            email: 'O valor nao e um endereco de e-mail valido: nope',
            bogus: 'Campo desconhecido',
            name: 'Obrigatorio',
          },
          requestId: TEST_REQUEST_ID,
        },
      }),
    ]);

    const anonymous = await graphqlIn(gw, 'pt-BR', '{ opportunities { totalCount } }');
    expect(anonymous.body.errors?.[0]).toMatchObject({
      message: 'Uma chave de API e obrigatoria (Authorization: Bearer <chave> ou X-API-Key: <chave>)',
      path: ['opportunities'],
      locations: [{ line: 1, column: 3 }],
      extensions: { code: 'UNAUTHENTICATED', reason: 'MISSING_API_KEY' },
    });
  });
});

describe('GraphQL in pt-BR, beyond the REST routes', () => {
  it("says Pothos' connection refusals, the stage key rule, a Decimal refusal and an enum suggestion in pt-BR", async () => {
    const gw = gateway();
    const { key, pipeline } = await gw.workspace();
    const LIST = `query($first: Int, $before: String, $after: String) {
      opportunities(first: $first, before: $before, after: $after) { totalCount } }`;
    const listErrors = async (variables: Record<string, unknown>) =>
      (await graphqlIn(gw, 'pt-BR', LIST, variables, key)).body.errors;

    expect(await listErrors({ first: -1 })).toEqual([
      expect.objectContaining({
        message: 'O argumento "first" deve ser um inteiro nao negativo',
        extensions: {
          code: 'VALIDATION_ERROR',
          fields: { first: 'O argumento "first" deve ser um inteiro nao negativo' },
          requestId: TEST_REQUEST_ID,
        },
      }),
    ]);
    const together = 'Os argumentos "before" e "first" nao podem ser usados ao mesmo tempo';
    expect(await listErrors({ before: 'x', first: 1 })).toEqual([
      expect.objectContaining({
        message: together,
        extensions: {
          code: 'VALIDATION_ERROR',
          fields: { before: together, first: together },
          requestId: TEST_REQUEST_ID,
        },
      }),
    ]);
    expect(await listErrors({ after: 'nope' })).toEqual([
      expect.objectContaining({
        message: 'Cursor invalido: nope',
        extensions: { code: 'VALIDATION_ERROR', fields: {}, requestId: TEST_REQUEST_ID },
      }),
    ]);

    const CREATE_STAGE = `mutation($input: CreateOpportunityStageInput!) { createOpportunityStage(input: $input) { id } }`;
    const stage = { pipelineId: pipeline.id, name: 'Closed', probability: '0.5', status: 'open' };
    const badKey = await graphqlIn(gw, 'pt-BR', CREATE_STAGE, { input: { ...stage, key: 'Closed Won' } }, key);
    expect(badKey.body.errors?.[0]?.extensions).toEqual({
      code: 'VALIDATION_ERROR',
      fields: { key: 'Letras minusculas e digitos, em grupos unidos por um unico - ou _ (ex.: closed-won)' },
      requestId: TEST_REQUEST_ID,
    });
    const badProbability = await graphqlIn(
      gw,
      'pt-BR',
      CREATE_STAGE,
      { input: { ...stage, key: 'closed', probability: 'half' } },
      key,
    );
    expect(badProbability.body.errors?.[0]?.extensions).toEqual({
      code: 'VALIDATION_ERROR',
      fields: { probability: 'Decimal nao pode representar "half"; envie um numero ou um texto decimal' },
      requestId: TEST_REQUEST_ID,
    });

    const ORDERED = `query($orderBy: OpportunityOrder) { opportunities(orderBy: $orderBy) { totalCount } }`;
    const suggestion = await graphqlIn(gw, 'pt-BR', ORDERED, { orderBy: { field: 'NAM', direction: 'ASC' } }, key);
    expect(suggestion.body.errors?.[0]?.extensions).toEqual({
      code: 'VALIDATION_ERROR',
      fields: {
        'orderBy.field': 'O valor "NAM" nao existe no enum "OpportunityOrderField". Voce quis dizer o valor "NAME"?',
      },
      requestId: TEST_REQUEST_ID,
    });
  });
});

describe('the language asked for', () => {
  it('answers English for en-US, other languages and no header; pt-BR for any Portuguese, by preference', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const english = {
      success: false,
      error: { code: 'NOT_FOUND', message: 'Opportunity not found', details: { request_id: TEST_REQUEST_ID } },
    };
    const portuguese = {
      success: false,
      error: { code: 'NOT_FOUND', message: 'Oportunidade nao encontrada', details: { request_id: TEST_REQUEST_ID } },
    };
    const cases: Array<[string | undefined, object]> = [
      [undefined, english],
      ['en-US', english],
      ['fr-FR, de;q=0.9', english],
      ['pt;q=0, en;q=0.1', english],
      ['en-US, pt-BR;q=0.9', english],
      ['pt-PT', portuguese],
      ['pt', portuguese],
      ['en;q=0.4, pt-BR;q=0.8', portuguese],
    ];
    for (const [language, expected] of cases) {
      const headers: Record<string, string> = language === undefined ? {} : { 'accept-language': language };
      const response = await rest(gw, 'GET', `${base}/${MISSING}`, { key, headers });
      expect(response.body, String(language)).toEqual(expected);
      const invalid = await rest(gw, 'GET', `${base}?limit=0`, { key, headers });
      const limit = expected === english ? 'Must be between 1 and 100' : 'Deve estar entre 1 e 100';
      expect(invalid.body.error.details.fields, String(language)).toEqual({ limit });
    }
    const graphql = await graphqlIn(gw, 'en-US', UPDATE, { id: MISSING, input: { notes: 'x' } }, key);
    expect(graphql.body.errors?.[0]?.message).toBe('Opportunity not found');
  });
});
