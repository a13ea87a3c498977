// The Ruddr API's authentication, permissions and HTTP-level failures, all in its error shape.
import { describe, expect, it } from 'vitest';
import { REST_BODY_MAX_BYTES } from '../../src/limits.js';
import { useGateway } from '../support/gateway.js';
import { expectRuddrError, PIPELINES, ruddr, STAGES } from './ruddr.js';

const gateway = useGateway();

describe('authentication', () => {
  it('answers 401 without a token, with an unknown one, and for a key sent as X-API-Key or ?api_key=', async () => {
    const gw = gateway();
    const { key, stage } = await gw.workspace();
    const path = `${STAGES}/${stage('new').id}`;

    const missing = await ruddr(gw, 'GET', path);
    expect(expectRuddrError(missing, 401).message).toBe('A bearer token is required (Authorization: Bearer <token>)');
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="workspace-api"');

    const invalid = await ruddr(gw, 'GET', path, { token: 'gr_live_not_a_real_key' });
    expectRuddrError(invalid, 401);
    expect(invalid.headers.get('www-authenticate')).toBe('Bearer realm="workspace-api", error="invalid_token"');

    // GetRaze's other ways to send a key are not this API's.
    expectRuddrError(await ruddr(gw, 'GET', path, { headers: { 'x-api-key': key } }), 401);
    expectRuddrError(await ruddr(gw, 'GET', `${path}?api_key=${key}`), 401);
    expect((await ruddr(gw, 'GET', path, { token: key })).status).toBe(200);
  });
});

describe('permissions', () => {
  it('answers 403 for a write with a read-only key and a read with a write-only key, writing nothing', async () => {
    const gw = gateway();
    const { workspace, stage, pipeline } = await gw.workspace();
    const reader = await gw.key(workspace.id, ['pipelines:read']);
    const writer = await gw.key(workspace.id, ['pipelines:write']);
    const stageId = stage('new').id;
    const writes: Array<[string, string, unknown]> = [
      ['PATCH', `${STAGES}/${stageId}`, { name: 'Changed' }],
      ['POST', STAGES, { name: 'X', probability: 0.5, statusId: 'open', opportunityPipelineId: pipeline.id }],
      ['PATCH', `${PIPELINES}/${pipeline.id}`, { name: 'Changed' }],
      ['POST', PIPELINES, { name: 'X' }],
    ];
    for (const [method, path, body] of writes) {
      const response = await ruddr(gw, method, path, { token: reader, body });
      expect(expectRuddrError(response, 403).message, `${method} ${path}`).toContain('pipelines:write');
    }
    for (const path of [STAGES, `${STAGES}/${stageId}`, PIPELINES, `${PIPELINES}/${pipeline.id}`]) {
      expect(expectRuddrError(await ruddr(gw, 'GET', path, { token: writer }), 403).message).toContain(
        'pipelines:read',
      );
      expect((await ruddr(gw, 'GET', path, { token: reader })).status).toBe(200);
    }
    expect((await gw.prisma.opportunityStage.findUniqueOrThrow({ where: { id: stageId } })).name).toBe('New');
    expect(await gw.prisma.pipeline.count({ where: { workspaceId: workspace.id } })).toBe(1);
  });

  it('answers 403 for a key of another domain only', async () => {
    const gw = gateway();
    const { workspace } = await gw.workspace();
    const opportunities = await gw.key(workspace.id, ['opportunities:read', 'opportunities:write']);
    expectRuddrError(await ruddr(gw, 'GET', STAGES, { token: opportunities }), 403);
  });
});

describe('HTTP-level failures', () => {
  it('answers 404 for an unknown path and 405 with Allow for a wrong method', async () => {
    const gw = gateway();
    const { key, stage } = await gw.workspace();
    expectRuddrError(await ruddr(gw, 'GET', '/api/workspace/opportunities', { token: key }), 404);
    expectRuddrError(await ruddr(gw, 'GET', '/api/workspace', { token: key }), 404);
    const wrong = await ruddr(gw, 'DELETE', `${STAGES}/${stage('new').id}`, { token: key });
    expectRuddrError(wrong, 405);
    expect(wrong.headers.get('allow')).toBe('GET, PATCH');
    expect((await ruddr(gw, 'PUT', PIPELINES, { token: key, body: {} })).headers.get('allow')).toBe('GET, POST');
  });

  it('answers 400 for malformed JSON or a body that is not an object, 415 for another content type, 413 for a large body', async () => {
    const gw = gateway();
    const { key, stage } = await gw.workspace();
    const path = `${STAGES}/${stage('new').id}`;
    const json = { 'content-type': 'application/json' };
    expectRuddrError(await ruddr(gw, 'PATCH', path, { token: key, headers: json, rawBody: '{"name": ' }), 400);
    expectRuddrError(await ruddr(gw, 'PATCH', path, { token: key, body: ['name'] }), 400);
    expectRuddrError(await ruddr(gw, 'PATCH', path, { token: key, body: null }), 400);
    expectRuddrError(
      await ruddr(gw, 'PATCH', path, {
        token: key,
        headers: { 'content-type': 'text/plain' },
        rawBody: '{"name":"A"}',
      }),
      415,
    );
    const large = JSON.stringify({ description: 'x'.repeat(REST_BODY_MAX_BYTES) });
    expectRuddrError(await ruddr(gw, 'PATCH', path, { token: key, headers: json, rawBody: large }), 413);
    expect((await gw.prisma.opportunityStage.findUniqueOrThrow({ where: { id: stage('new').id } })).name).toBe('New');
  });
});

describe('bodies are read strictly (as on /graphql)', () => {
  it('refuses invalid UTF-8, nesting deeper than 32 and the NUL character, writing nothing', async () => {
    const gw = gateway();
    const { key, stage } = await gw.workspace();
    const path = `${STAGES}/${stage('new').id}`;
    const send = (body: string | Uint8Array<ArrayBuffer>) =>
      gw.fetch(path, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body,
      });
    // "name": "Caf\xe9" in Latin-1: no longer replaced by U+FFFD and stored.
    const latin1 = Uint8Array.from([...Buffer.from('{"name": "Caf'), 0xe9, ...Buffer.from('"}')]);
    const notUtf8 = await send(latin1);
    expect(notUtf8.status).toBe(400);
    expect(await notUtf8.json()).toEqual({ status: 400, message: 'The body is not valid UTF-8', errors: [] });

    const deep = await send(`{"name": ${'['.repeat(40)}${']'.repeat(40)}}`);
    expect(deep.status).toBe(400);
    expect(await deep.json()).toEqual({ status: 400, message: 'The body nests more than 32 levels', errors: [] });

    const nul = await send(JSON.stringify({ name: 'Ne\u0000w' }));
    expect(nul.status).toBe(400);
    expect(await nul.json()).toEqual({
      status: 400,
      message: 'There was a problem processing your request. See errors for more details.',
      errors: [{ field: 'name', message: 'Must not contain the NUL character (U+0000)' }],
    });
    expect((await gw.prisma.opportunityStage.findUniqueOrThrow({ where: { id: stage('new').id } })).name).toBe('New');
  });
});

describe("the API's own words in pt-BR", () => {
  it("says the missing token, a request with errors and a malformed id in the caller's language", async () => {
    const gw = gateway();
    const { key, stage } = await gw.workspace();
    const pt = { 'accept-language': 'pt-BR' };
    const path = `${STAGES}/${stage('new').id}`;
    expect(expectRuddrError(await ruddr(gw, 'GET', path, { headers: pt }), 401).message).toBe(
      'Um token bearer e obrigatorio (Authorization: Bearer <token>)',
    );
    const invalid = expectRuddrError(
      await ruddr(gw, 'PATCH', path, { token: key, headers: pt, body: { probability: '0.5', colour: 'red' } }),
      400,
      ['probability', 'colour'],
    );
    expect(invalid.message).toBe('Houve um problema ao processar sua requisicao. Veja errors para mais detalhes.');
    expect(invalid.errors).toEqual(
      expect.arrayContaining([
        { field: 'probability', message: 'Deve ser um numero' },
        { field: 'colour', message: 'Campo desconhecido' },
      ]),
    );
    expect(
      expectRuddrError(await ruddr(gw, 'GET', `${STAGES}/not-a-uuid`, { token: key, headers: pt }), 400).message,
    ).toBe("O parametro 'id' nao e um UUID valido.");
    expect(
      expectRuddrError(
        await ruddr(gw, 'GET', `${STAGES}/00000000-0000-4000-8000-000000000000`, { token: key, headers: pt }),
        404,
      ).message,
    ).toBe('Estagio de oportunidade nao encontrado');
  });
});
