// Idempotency-Key on REST writes and GraphQL mutations: a retry answers what the first request got
// and writes nothing again; a concurrent repeat or another request under the same key is refused.
import { describe, expect, it } from 'vitest';
import { useGateway, type TestGateway } from '../support/gateway.js';
import { rest } from '../support/rest.js';
import { CREATE, createOpportunity, GET, UPDATE, dataOf } from '../opportunity/fixtures.js';

const gateway = useGateway();
const base = '/external/v1/opportunities';

async function opportunityCount(gw: TestGateway, workspaceId: string) {
  return gw.prisma.opportunity.count({ where: { workspaceId } });
}

describe('Idempotency-Key on REST writes', () => {
  it('answers a retried POST with the stored answer and creates one opportunity', async () => {
    const gw = gateway();
    const { key, workspace } = await gw.workspace();
    const send = () =>
      rest(gw, 'POST', base, {
        key,
        body: { name: 'Ana', deal_value: 10 },
        headers: { 'idempotency-key': 'create-ana' },
      });
    const first = await send();
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const second = await send();
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(await opportunityCount(gw, workspace.id)).toBe(1);

    // Without the header, or with another key, the same body creates again.
    expect((await rest(gw, 'POST', base, { key, body: { name: 'Ana', deal_value: 10 } })).status).toBe(201);
    const other = await rest(gw, 'POST', base, {
      key,
      body: { name: 'Ana', deal_value: 10 },
      headers: { 'idempotency-key': 'create-ana-2' },
    });
    expect(other.body.data.id).not.toBe(first.body.data.id);
    expect(await opportunityCount(gw, workspace.id)).toBe(3);
  });

  it('refuses the same key with another request (422) and writes nothing', async () => {
    const gw = gateway();
    const { key, workspace } = await gw.workspace();
    const headers = { 'idempotency-key': 'k-1' };
    expect((await rest(gw, 'POST', base, { key, body: { name: 'Ana' }, headers })).status).toBe(201);
    const reused = await rest(gw, 'POST', base, { key, body: { name: 'Bruno' }, headers });
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ success: false, error: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    const pt = await rest(gw, 'POST', base, {
      key,
      body: { name: 'Bruno' },
      headers: { ...headers, 'accept-language': 'pt-BR' },
    });
    expect(pt.body.error.message).toContain('Esta Idempotency-Key foi usada em outra requisicao');
    expect(await opportunityCount(gw, workspace.id)).toBe(1);
  });

  it('replays a domain refusal (404) and stores nothing for a request refused before it ran', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const missing = `${base}/opp_000000000000/stage`;
    const headers = { 'idempotency-key': 'move-missing' };
    const first = await rest(gw, 'PATCH', missing, { key, body: { status: 'won' }, headers });
    expect(first.status).toBe(404);
    const again = await rest(gw, 'PATCH', missing, { key, body: { status: 'won' }, headers });
    expect(again.status).toBe(404);
    expect(again.headers.get('idempotent-replayed')).toBe('true');

    // Malformed JSON never reaches execution: the key stays free for the corrected request.
    const badHeaders = { 'idempotency-key': 'create-after-typo', 'content-type': 'application/json' };
    expect((await rest(gw, 'POST', base, { key, rawBody: '{"name": ', headers: badHeaders })).status).toBe(400);
    const fixed = await rest(gw, 'POST', base, { key, body: { name: 'Ana' }, headers: badHeaders });
    expect(fixed.status).toBe(201);
    expect(fixed.headers.get('idempotent-replayed')).toBeNull();
  });

  it("says a replayed refusal in the replaying request's language, not the first one's", async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const missing = `${base}/opp_000000000000/stage`;
    const send = (idempotencyKey: string, language?: string) =>
      rest(gw, 'PATCH', missing, {
        key,
        body: { status: 'won' },
        headers: { 'idempotency-key': idempotencyKey, ...(language ? { 'accept-language': language } : {}) },
      });
    const english = { code: 'NOT_FOUND', message: 'Opportunity not found' };
    const portuguese = { code: 'NOT_FOUND', message: 'Oportunidade nao encontrada' };
    for (const [first, repeats] of [
      [
        'pt-BR',
        [
          [undefined, english],
          ['en', english],
          ['pt-BR', portuguese],
        ],
      ],
      [
        undefined,
        [
          ['pt-BR', portuguese],
          ['pt', portuguese],
          [undefined, english],
        ],
      ],
    ] as const) {
      const idempotencyKey = `move-missing-${first ?? 'en'}`;
      const answered = await send(idempotencyKey, first);
      expect(answered.status).toBe(404);
      expect(answered.body.error).toMatchObject(first ? portuguese : english);
      for (const [language, said] of repeats) {
        const again = await send(idempotencyKey, language);
        expect(again.status).toBe(404);
        expect(again.headers.get('idempotent-replayed')).toBe('true');
        expect(again.body.error, `${first} then ${language}`).toMatchObject(said);
      }
    }
  });

  it('stores no 401: the same key runs once a valid API key is sent, and keys are scoped per API key', async () => {
    const gw = gateway();
    const { key, workspace } = await gw.workspace();
    const headers = { 'idempotency-key': 'scoped' };
    const unauthenticated = await rest(gw, 'POST', base, { key: 'gr_live_wrong', body: { name: 'Ana' }, headers });
    expect(unauthenticated.status).toBe(401);
    expect((await rest(gw, 'POST', base, { key, body: { name: 'Ana' }, headers })).status).toBe(201);
    const otherKey = await gw.key(workspace.id, ['opportunities:read', 'opportunities:write']);
    const other = await rest(gw, 'POST', base, { key: otherKey, body: { name: 'Ana' }, headers });
    expect(other.status).toBe(201);
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    expect(await opportunityCount(gw, workspace.id)).toBe(2);
  });

  it('refuses a key longer than 255 characters or with control characters', async () => {
    const gw = gateway();
    const { key, workspace } = await gw.workspace();
    for (const idempotencyKey of ['x'.repeat(256), 'a b']) {
      const response = await rest(gw, 'POST', base, {
        key,
        body: { name: 'Ana' },
        headers: { 'idempotency-key': idempotencyKey },
      });
      expect(response.status, idempotencyKey).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'VALIDATION_ERROR' });
    }
    expect(
      (await rest(gw, 'POST', base, { key, body: { name: 'Ana' }, headers: { 'idempotency-key': 'x'.repeat(255) } }))
        .status,
    ).toBe(201);
    expect(await opportunityCount(gw, workspace.id)).toBe(1);
  });

  it('creates exactly one opportunity for 20 concurrent identical requests', async () => {
    const gw = gateway();
    const { key, workspace } = await gw.workspace();
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        rest(gw, 'POST', base, { key, body: { name: 'Race' }, headers: { 'idempotency-key': 'race' } }),
      ),
    );
    expect(await opportunityCount(gw, workspace.id)).toBe(1);
    const created = responses.filter((response) => response.status === 201);
    const inUse = responses.filter((response) => response.status === 409);
    expect(created.length + inUse.length).toBe(20);
    expect(new Set(created.map((response) => response.body.data.id)).size).toBe(1);
    for (const response of inUse) expect(response.body.error.code).toBe('IDEMPOTENCY_KEY_IN_USE');
  });
});

describe('Idempotency-Key on GraphQL mutations', () => {
  it('replays a mutation, writes one history entry, and ignores the header on queries', async () => {
    const gw = gateway();
    const { key, workspace, stage } = await gw.workspace();
    const created = await createOpportunity(gw, key);
    const MOVE = `mutation Move($id: ID!, $input: MoveOpportunityStageInput!) {
      moveOpportunityStage(id: $id, input: $input) { id version stageChangedAt } }`;
    const variables = { id: created.id, input: { stageId: stage('qualified').id } };
    const headers = { 'idempotency-key': 'move-1' };
    const first = await gw.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers },
      body: JSON.stringify({ query: MOVE, variables }),
    });
    const firstBody = await first.json();
    const second = await gw.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers },
      body: JSON.stringify({ query: MOVE, variables }),
    });
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    // A stored success is answered byte for byte.
    expect(await second.text()).toBe(JSON.stringify(firstBody));
    const history = dataOf(await gw.graphql(GET, { id: created.id }, key)).opportunity.history;
    expect(history.totalCount).toBe(1);

    const reused = await gw.graphql(MOVE, { ...variables, input: { stageId: stage('won').id } }, key, headers);
    expect(reused.body.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');

    const query = await gw.graphql(GET, { id: created.id }, key, { 'idempotency-key': 'move-1' });
    expect(dataOf(query).opportunity.id).toBe(created.id);
    const create = await gw.graphql(CREATE, { input: { name: 'Other' } }, key, { 'idempotency-key': 'create-1' });
    expect(dataOf(create).createOpportunity.name).toBe('Other');
    expect(await opportunityCount(gw, workspace.id)).toBe(2);
  });
});

describe('Idempotency-Key replays of GraphQL errors', () => {
  it("say the error and its per-field messages in the replaying request's language", async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const created = await createOpportunity(gw, key);
    const send = async (headers: Record<string, string>) => {
      const response = await gw.fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers },
        body: JSON.stringify({
          query: UPDATE,
          variables: { id: created.id, input: { responsibleUserId: 'usr_nobody' } },
        }),
      });
      const body = (await response.json()) as { errors: Array<Record<string, unknown>> };
      return { replayed: response.headers.get('idempotent-replayed'), errors: body.errors };
    };
    // The same refusal without an Idempotency-Key, as each language says it.
    const english = (await send({ 'accept-language': 'en' })).errors;
    const portuguese = (await send({ 'accept-language': 'pt-BR' })).errors;
    expect(portuguese[0]?.extensions).toMatchObject({
      code: 'VALIDATION_ERROR',
      fields: { responsibleUserId: 'Nao existe esse usuario neste workspace' },
    });
    expect(english[0]?.message).not.toBe(portuguese[0]?.message);

    const idempotencyKey = 'assign-nobody';
    const first = await send({ 'idempotency-key': idempotencyKey, 'accept-language': 'pt-BR' });
    expect([first.replayed, first.errors]).toEqual([null, portuguese]);
    for (const [language, expected] of [
      ['en', english],
      ['pt-BR', portuguese],
    ] as const) {
      const replay = await send({ 'idempotency-key': idempotencyKey, 'accept-language': language });
      expect(replay.replayed).toBe('true');
      // A replayed error has no locations: the document is not parsed again.
      expect(replay.errors, language).toEqual(expected.map(({ locations: _locations, ...error }) => error));
    }
  });
});

describe('IdempotencyService', () => {
  it('takes over an expired key and an abandoned claim of the same request, and deletes expired records', async () => {
    const gw = gateway();
    const { workspace } = await gw.workspace();
    const service = gw.services.idempotency;
    const scope = { workspaceId: workspace.id, apiKeyId: workspace.id };
    // Fingerprints are SHA-256 hex digests: 64 characters.
    const [f1, f2, f3] = ['1', '2', '3'].map((digit) => digit.repeat(64)) as [string, string, string];
    const age = (key: string, ms: number) =>
      gw.prisma.$executeRaw`UPDATE idempotency_key SET created_at = now() - ${ms} * interval '1 millisecond'
        WHERE workspace_id = ${workspace.id}::uuid AND key = ${key}`;

    expect(await service.claim(scope, 'a', f1)).toEqual({ kind: 'claimed' });
    expect(await service.claim(scope, 'a', f1)).toEqual({ kind: 'in-use' });
    await age('a', 61_000);
    expect(await service.claim(scope, 'a', f2)).toEqual({ kind: 'reused' });
    expect(await service.claim(scope, 'a', f1)).toEqual({ kind: 'claimed' });
    await service.complete(scope, 'a', { data: { ok: true } });
    expect(await service.claim(scope, 'a', f1)).toEqual({ kind: 'replay', answer: { data: { ok: true } } });

    await age('a', 25 * 60 * 60 * 1000);
    expect(await service.deleteExpired()).toBeGreaterThanOrEqual(1);
    expect(await service.claim(scope, 'a', f2)).toEqual({ kind: 'claimed' });
    await service.release(scope, 'a');
    expect(await service.claim(scope, 'a', f3)).toEqual({ kind: 'claimed' });
  });
});
