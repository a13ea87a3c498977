// The Ruddr opportunity pipeline routes.
import { describe, expect, it } from 'vitest';
import { useGateway, type TestGateway } from '../support/gateway.js';
import { expectRuddrError, PIPELINE_KEYS, PIPELINES, ruddr, UNKNOWN_ID } from './ruddr.js';

const gateway = useGateway();

async function workspace(gw: TestGateway) {
  const ws = await gw.workspace();
  return { ...ws, token: ws.key, pipelineId: ws.pipeline.id };
}

describe('POST /api/workspace/opportunity-pipelines', () => {
  it('creates a pipeline without stages (200), isActive defaulting to true', async () => {
    const gw = gateway();
    const { token } = await workspace(gw);
    const response = await ruddr(gw, 'POST', PIPELINES, {
      token,
      body: { name: 'Partners', description: 'Channel deals' },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'Partners',
      description: 'Channel deals',
      isActive: true,
      createdAt: expect.any(String),
    });
    expect(await gw.prisma.opportunityStage.count({ where: { pipelineId: response.body.id } })).toBe(0);
    const inactive = await ruddr(gw, 'POST', PIPELINES, {
      token,
      body: { name: 'Old', isActive: false, description: ' ' },
    });
    expect([inactive.body.isActive, inactive.body.description]).toEqual([false, null]);
  });

  it('requires a name and refuses invalid or unknown fields', async () => {
    const gw = gateway();
    const { token, workspace: ws } = await workspace(gw);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{}, 'name'],
      [{ name: 'x'.repeat(256) }, 'name'],
      [{ name: '' }, 'name'],
      [{ name: 'A', description: 'x'.repeat(5001) }, 'description'],
      [{ name: 'A', isActive: 'no' }, 'isActive'],
      [{ name: 'A', withDefaultStages: true }, 'withDefaultStages'],
    ];
    for (const [body, field] of cases)
      expectRuddrError(await ruddr(gw, 'POST', PIPELINES, { token, body }), 400, [field]);
    expect(await gw.prisma.pipeline.count({ where: { workspaceId: ws.id } })).toBe(1);
  });
});

describe('PATCH /api/workspace/opportunity-pipelines/:id', () => {
  it('changes the given fields and answers the documented object exactly', async () => {
    const gw = gateway();
    const { token, pipelineId } = await workspace(gw);
    const response = await ruddr(gw, 'PATCH', `${PIPELINES}/${pipelineId}`, {
      token,
      body: { name: 'Inbound', description: 'Web leads', isActive: false },
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id: pipelineId,
      name: 'Inbound',
      description: 'Web leads',
      isActive: false,
      createdAt: expect.any(String),
    });
    const cleared = await ruddr(gw, 'PATCH', `${PIPELINES}/${pipelineId}`, { token, body: { description: '' } });
    expect(cleared.body).toEqual({ ...response.body, description: null });
    const stored = await gw.prisma.pipeline.findUniqueOrThrow({ where: { id: pipelineId } });
    expect([stored.name, stored.description, stored.isActive]).toEqual(['Inbound', null, false]);
  });

  it('refuses invalid fields with their names, and answers 404 for an unknown or foreign pipeline', async () => {
    const gw = gateway();
    const mine = await workspace(gw);
    const theirs = await workspace(gw);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: 'x'.repeat(256) }, 'name'],
      [{ name: null }, 'name'],
      [{ description: 'x'.repeat(5001) }, 'description'],
      [{ isActive: null }, 'isActive'],
      [{ stages: [] }, 'stages'],
    ];
    for (const [body, field] of cases) {
      expectRuddrError(await ruddr(gw, 'PATCH', `${PIPELINES}/${mine.pipelineId}`, { token: mine.token, body }), 400, [
        field,
      ]);
    }
    expectRuddrError(
      await ruddr(gw, 'PATCH', `${PIPELINES}/${UNKNOWN_ID}`, { token: mine.token, body: { name: 'A' } }),
      404,
    );
    expectRuddrError(
      await ruddr(gw, 'PATCH', `${PIPELINES}/${theirs.pipelineId}`, { token: mine.token, body: { name: 'A' } }),
      404,
    );
    expectRuddrError(await ruddr(gw, 'PATCH', `${PIPELINES}/x`, { token: mine.token, body: { name: 'A' } }), 400);
    const untouched = await gw.prisma.pipeline.findUniqueOrThrow({ where: { id: theirs.pipelineId } });
    expect(untouched.name).toBe(theirs.pipeline.name);
  });
});

describe('GET /api/workspace/opportunity-pipelines/:id', () => {
  it('answers the pipeline, 404 for an unknown or foreign one', async () => {
    const gw = gateway();
    const mine = await workspace(gw);
    const theirs = await workspace(gw);
    const response = await ruddr(gw, 'GET', `${PIPELINES}/${mine.pipelineId}`, { token: mine.token });
    const stored = await gw.prisma.pipeline.findUniqueOrThrow({ where: { id: mine.pipelineId } });
    expect(response.body).toEqual({
      id: stored.id,
      name: stored.name,
      description: stored.description,
      isActive: stored.isActive,
      createdAt: stored.createdAt.toISOString(),
    });
    const missing = await ruddr(gw, 'GET', `${PIPELINES}/${UNKNOWN_ID}`, { token: mine.token });
    expect(expectRuddrError(missing, 404).message).toBe('Pipeline not found');
    expectRuddrError(await ruddr(gw, 'GET', `${PIPELINES}/${theirs.pipelineId}`, { token: mine.token }), 404);
  });
});

describe('GET /api/workspace/opportunity-pipelines', () => {
  it('pages newest first with limit, startingAfter, endingBefore and hasMore', async () => {
    const gw = gateway();
    const { token, pipelineId: first, workspace: ws } = await workspace(gw);
    for (const name of ['B', 'C', 'D'])
      expect((await ruddr(gw, 'POST', PIPELINES, { token, body: { name } })).status).toBe(200);
    const rows = await gw.prisma.pipeline.findMany({
      where: { workspaceId: ws.id },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
    const [p4, p3, p2, p1] = rows.map((row) => row.id) as [string, string, string, string];
    expect(p1).toBe(first);

    const page = async (query: string) => {
      const response = await ruddr(gw, 'GET', `${PIPELINES}?${query}`, { token });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      for (const pipeline of response.body.results) expect(Object.keys(pipeline).sort()).toEqual(PIPELINE_KEYS);
      return [response.body.results.map((pipeline: { id: string }) => pipeline.id), response.body.hasMore];
    };
    expect(await page('limit=3')).toEqual([[p4, p3, p2], true]);
    expect(await page(`limit=3&startingAfter=${p2}`)).toEqual([[p1], false]);
    expect(await page(`limit=2&endingBefore=${p2}`)).toEqual([[p4, p3], false]);
    expect(await page(`limit=1&endingBefore=${p2}`)).toEqual([[p3], true]);
    expect(await page('')).toEqual([[p4, p3, p2, p1], false]);
  });

  it('refuses a limit outside 1–100 and an unknown cursor', async () => {
    const gw = gateway();
    const { token } = await workspace(gw);
    expectRuddrError(await ruddr(gw, 'GET', `${PIPELINES}?limit=101`, { token }), 400, ['limit']);
    expectRuddrError(await ruddr(gw, 'GET', `${PIPELINES}?limit=0`, { token }), 400, ['limit']);
    expectRuddrError(await ruddr(gw, 'GET', `${PIPELINES}?startingAfter=${UNKNOWN_ID}`, { token }), 400, [
      'startingAfter',
    ]);
  });
});
