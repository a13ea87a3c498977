// Optimistic concurrency: REST ETag / If-Match / If-None-Match (GetRaze and Ruddr) and GraphQL
// `expectedVersion`. A stale version writes nothing (no version bump, no updated_at, no event, no
// history row).
import { describe, expect, it } from 'vitest';
import { TEST_REQUEST_ID, useGateway, type TestGateway } from '../support/gateway.js';
import { rest } from '../support/rest.js';
import { PIPELINES, STAGES, UNKNOWN_ID, ruddr } from '../ruddr/ruddr.js';
import { MOVE, UPDATE, createOpportunity, onlyError } from './fixtures.js';

const gateway = useGateway();
const base = '/external/v1/opportunities';

/** What a write must leave alone when its precondition fails. */
async function footprint(gw: TestGateway, id: string) {
  const row = await gw.prisma.opportunity.findUnique({ where: { id } });
  return {
    row,
    events: await gw.prisma.opportunityEvent.count({ where: { opportunityId: id } }),
    history: await gw.prisma.stageChange.count({ where: { opportunityId: id } }),
  };
}

const tag = (id: string, version: number) => `"${id}-v${version}"`;

describe('REST ETag and If-Match', () => {
  it('answers a strong ETag from the version on GET, POST, PUT and PATCH …/stage, changing with each write', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const created = await rest(gw, 'POST', base, { key, body: { name: 'Ana' } });
    const id = created.body.data.id as string;
    expect(created.headers.get('etag')).toBe(tag(id, 1));
    expect((await rest(gw, 'GET', `${base}/${id}`, { key })).headers.get('etag')).toBe(tag(id, 1));
    const updated = await rest(gw, 'PUT', `${base}/${id}`, { key, body: { company: 'ACME' } });
    expect(updated.headers.get('etag')).toBe(tag(id, 2));
    const moved = await rest(gw, 'PATCH', `${base}/${id}/stage`, { key, body: { status: 'won' } });
    expect(moved.headers.get('etag')).toBe(tag(id, 3));
    expect(moved.body.data.version).toBe(3);
    // A listing carries many records: no ETag.
    expect((await rest(gw, 'GET', base, { key })).headers.get('etag')).toBeNull();
  });

  it('refuses a stale If-Match on PUT, PATCH …/stage and DELETE with 412 and writes nothing', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const { id } = await createOpportunity(gw, key);
    const current = await rest(gw, 'PUT', `${base}/${id}`, { key, body: { company: 'ACME' } });
    const before = await footprint(gw, id);
    const stale = { 'if-match': tag(id, 1) };

    const put = await rest(gw, 'PUT', `${base}/${id}`, { key, body: { company: 'Other' }, headers: stale });
    expect(put.status).toBe(412);
    expect(put.body).toEqual({
      success: false,
      error: {
        code: 'PRECONDITION_FAILED',
        message: expect.any(String),
        details: { current_version: 2, request_id: TEST_REQUEST_ID },
      },
    });
    expect(put.headers.get('etag')).toBe(current.headers.get('etag'));
    const move = await rest(gw, 'PATCH', `${base}/${id}/stage`, { key, body: { status: 'won' }, headers: stale });
    expect(move.status).toBe(412);
    expect(move.body.error.code).toBe('PRECONDITION_FAILED');
    const del = await rest(gw, 'DELETE', `${base}/${id}`, { key, headers: stale });
    expect(del.status).toBe(412);
    // Another record's tag, a weak tag and garbage never match either.
    for (const header of [tag('opp_000000000000', 2), `W/${tag(id, 2)}`, 'nonsense']) {
      const refused = await rest(gw, 'PUT', `${base}/${id}`, {
        key,
        body: { company: 'Other' },
        headers: { 'if-match': header },
      });
      expect(refused.status, header).toBe(412);
    }
    const pt = await rest(gw, 'PUT', `${base}/${id}`, {
      key,
      body: { company: 'Other' },
      headers: { ...stale, 'accept-language': 'pt-BR' },
    });
    expect(pt.body.error.message).toContain('If-Match nao corresponde');
    expect(await footprint(gw, id)).toEqual(before);
  });

  it('proceeds with the current tag or *, and a no-op keeps its tag', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const { id } = await createOpportunity(gw, key);
    const put = await rest(gw, 'PUT', `${base}/${id}`, {
      key,
      body: { company: 'ACME' },
      headers: { 'if-match': tag(id, 1) },
    });
    expect(put.status).toBe(200);
    expect(put.headers.get('etag')).toBe(tag(id, 2));
    const noop = await rest(gw, 'PUT', `${base}/${id}`, {
      key,
      body: { company: 'ACME' },
      headers: { 'if-match': tag(id, 2) },
    });
    expect(noop.status).toBe(200);
    expect(noop.headers.get('etag')).toBe(tag(id, 2));
    const move = await rest(gw, 'PATCH', `${base}/${id}/stage`, {
      key,
      body: { status: 'qualified' },
      headers: { 'if-match': '*' },
    });
    expect(move.status).toBe(200);
    expect(move.headers.get('etag')).toBe(tag(id, 3));
    const del = await rest(gw, 'DELETE', `${base}/${id}`, { key, headers: { 'if-match': `"x", ${tag(id, 3)}` } });
    expect(del.status).toBe(200);
    expect(await gw.prisma.opportunity.count({ where: { id } })).toBe(0);
  });

  it('answers 304 without a body to a GET whose If-None-Match holds the current tag', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const { id } = await createOpportunity(gw, key);
    const get = (ifNoneMatch: string) =>
      gw.fetch(`${base}/${id}`, { headers: { 'x-api-key': key, 'if-none-match': ifNoneMatch } });
    for (const header of [tag(id, 1), `W/${tag(id, 1)}`, '*', `"other", ${tag(id, 1)}`]) {
      const notModified = await get(header);
      expect(notModified.status, header).toBe(304);
      expect(notModified.headers.get('etag')).toBe(tag(id, 1));
      expect(await notModified.text()).toBe('');
    }
    await rest(gw, 'PUT', `${base}/${id}`, { key, body: { company: 'ACME' } });
    const changed = await get(tag(id, 1));
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).toBe(tag(id, 2));
    expect(((await changed.json()) as { data: { company: string } }).data.company).toBe('ACME');
    // An unknown record is still 404.
    const missing = await gw.fetch(`${base}/opp_000000000000`, { headers: { 'x-api-key': key, 'if-none-match': '*' } });
    expect(missing.status).toBe(404);
  });

  it('lets exactly one of concurrent writers with the same If-Match win', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const { id } = await createOpportunity(gw, key);
    const writers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        i % 2
          ? rest(gw, 'PUT', `${base}/${id}`, {
              key,
              body: { notes: `writer ${i}` },
              headers: { 'if-match': tag(id, 1) },
            })
          : rest(gw, 'PATCH', `${base}/${id}/stage`, {
              key,
              body: { status: 'contacted' },
              headers: { 'if-match': tag(id, 1) },
            }),
      ),
    );
    const statuses = writers.map((writer) => writer.status).sort();
    expect(statuses).toEqual([200, ...Array<number>(9).fill(412)]);
    const { row, events } = await footprint(gw, id);
    expect(row?.version).toBe(2);
    expect(events).toBe(2); // created + the one write
  });
});

describe('GraphQL expectedVersion', () => {
  const DELETE = `mutation Delete($id: ID!, $expectedVersion: Int) {
    deleteOpportunity(id: $id, expectedVersion: $expectedVersion) { id } }`;

  it('answers CONFLICT with currentVersion on updateOpportunity, moveOpportunityStage and deleteOpportunity, writing nothing', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const { id } = await createOpportunity(gw, key);
    await gw.graphql(UPDATE, { id, input: { company: 'ACME' } }, key);
    const before = await footprint(gw, id);

    for (const [query, variables] of [
      [UPDATE, { id, input: { company: 'Other', expectedVersion: 1 } }],
      // A stale no-op is refused too: the client's copy is out of date.
      [UPDATE, { id, input: { company: 'ACME', expectedVersion: 1 } }],
      [MOVE, { id, input: { status: 'won', expectedVersion: 1 } }],
      [DELETE, { id, expectedVersion: 1 }],
    ] as const) {
      const error = onlyError(await gw.graphql(query, variables, key));
      expect(error.extensions).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH', currentVersion: 2 });
    }
    expect(await footprint(gw, id)).toEqual(before);

    const moved = await gw.graphql(MOVE, { id, input: { status: 'won', expectedVersion: 2 } }, key);
    expect(moved.body.errors).toBeUndefined();
    const deleted = await gw.graphql(DELETE, { id, expectedVersion: 3 }, key);
    expect(deleted.body.errors).toBeUndefined();
  });
});

describe('Ruddr ETag and If-Match', () => {
  it('tags stage and pipeline answers, refuses a stale If-Match with 412 writing nothing, answers 304', async () => {
    const gw = gateway();
    const { key, stage, pipeline } = await gw.workspace();
    for (const [path, id, field] of [
      [STAGES, stage('new').id, 'probability'],
      [PIPELINES, pipeline.id, 'isActive'],
    ] as const) {
      const url = `${path}/${id}`;
      const body = field === 'probability' ? { probability: 0.25 } : { isActive: false };
      expect((await ruddr(gw, 'GET', url, { token: key })).headers.get('etag')).toBe(tag(id, 1));
      const written = await ruddr(gw, 'PATCH', url, { token: key, body, headers: { 'if-match': tag(id, 1) } });
      expect(written.status).toBe(200);
      expect(written.headers.get('etag')).toBe(tag(id, 2));

      const stale = await ruddr(gw, 'PATCH', url, {
        token: key,
        body: { name: 'Changed' },
        headers: { 'if-match': tag(id, 1) },
      });
      expect(stale.status).toBe(412);
      expect(stale.body).toEqual({ status: 412, message: expect.any(String), errors: [] });
      expect(stale.headers.get('etag')).toBe(tag(id, 2));
      const after = await ruddr(gw, 'GET', url, { token: key });
      expect(after.body.name).not.toBe('Changed');
      expect(after.headers.get('etag')).toBe(tag(id, 2));

      const notModified = await gw.fetch(url, {
        headers: { authorization: `Bearer ${key}`, 'if-none-match': tag(id, 2) },
      });
      expect(notModified.status).toBe(304);
      const created = await ruddr(gw, 'POST', path, {
        token: key,
        body:
          path === STAGES
            ? { name: 'Extra', probability: 0.5, statusId: 'open', opportunityPipelineId: pipeline.id }
            : { name: 'Extra' },
      });
      expect(created.headers.get('etag')).toBe(tag(created.body.id as string, 1));
    }
  });

  it('answers CONFLICT with currentVersion to a stale expectedVersion on updatePipeline and updateOpportunityStage', async () => {
    const gw = gateway();
    const { key, stage, pipeline } = await gw.workspace();
    const updatePipeline = `mutation($id: ID!, $input: UpdatePipelineInput!) {
      updatePipeline(id: $id, input: $input) { version name } }`;
    const updateStage = `mutation($id: ID!, $input: UpdateOpportunityStageInput!) {
      updateOpportunityStage(id: $id, input: $input) { version name } }`;
    for (const [query, id] of [
      [updatePipeline, pipeline.id],
      [updateStage, stage('new').id],
    ] as const) {
      const written = await gw.graphql(query, { id, input: { name: 'First', expectedVersion: 1 } }, key);
      expect(written.body.errors).toBeUndefined();
      const error = onlyError(await gw.graphql(query, { id, input: { name: 'Second', expectedVersion: 1 } }, key));
      expect(error.extensions).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH', currentVersion: 2 });
      // An unknown id stays NOT_FOUND.
      const missing = onlyError(
        await gw.graphql(query, { id: UNKNOWN_ID, input: { name: 'X', expectedVersion: 1 } }, key),
      );
      expect(missing.extensions?.code).toBe('NOT_FOUND');
    }
    expect((await gw.prisma.pipeline.findUniqueOrThrow({ where: { id: pipeline.id } })).name).toBe('First');
  });
});
