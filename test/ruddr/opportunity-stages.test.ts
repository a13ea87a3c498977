// The Ruddr opportunity stage routes, through the same handler, schema and database as GraphQL.
import { describe, expect, it } from 'vitest';
import { useGateway, type TestGateway } from '../support/gateway.js';
import { expectRuddrError, ruddr, STAGE_KEYS, STAGES, UNKNOWN_ID } from './ruddr.js';

const gateway = useGateway();

/** A workspace whose default pipeline has the stages new … won, lost; `stageId` is `qualified`'s. */
async function workspace(gw: TestGateway) {
  const ws = await gw.workspace();
  return { ...ws, token: ws.key, pipelineId: ws.pipeline.id, stageId: ws.stage('qualified').id };
}

const GRAPHQL_STAGE = `query($id: ID!) { opportunityStage(id: $id) {
  id name description probability status isActive pipelineId createdAt } }`;

describe('PATCH /api/workspace/opportunity-stages/:id', () => {
  it('changes the given fields and answers the documented object exactly', async () => {
    const gw = gateway();
    const { token, stageId, pipelineId } = await workspace(gw);
    const body = {
      name: 'Negotiation',
      description: 'Terms are being discussed and the deal is moving toward a close.',
      probability: 0.75,
      statusId: 'open',
      isActive: false,
      opportunityPipelineId: pipelineId,
    };
    const response = await ruddr(gw, 'PATCH', `${STAGES}/${stageId}`, { token, body });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toEqual({
      id: stageId,
      ...body,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    expect(Object.keys(response.body).sort()).toEqual(STAGE_KEYS);
  });

  it('keeps 0.3333 exact and is seen identically through GraphQL', async () => {
    const gw = gateway();
    const { token, stageId, pipelineId } = await workspace(gw);
    const response = await ruddr(gw, 'PATCH', `${STAGES}/${stageId}`, {
      token,
      body: { probability: 0.3333, statusId: 'won', description: 'Signed' },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.probability).toBe(0.3333);
    const stored = await gw.prisma.opportunityStage.findUniqueOrThrow({ where: { id: stageId } });
    expect(stored.probability.toString()).toBe('0.3333');

    const { body } = await gw.graphql(GRAPHQL_STAGE, { id: stageId }, token);
    const stage = body.data?.opportunityStage;
    expect(stage).toEqual({
      id: response.body.id,
      name: response.body.name,
      description: 'Signed',
      probability: '0.3333',
      status: 'won',
      isActive: response.body.isActive,
      pipelineId,
      createdAt: response.body.createdAt,
    });
    const again = await ruddr(gw, 'GET', `${STAGES}/${stageId}`, { token });
    expect(again.body).toEqual(response.body);
  });

  it('stores an empty or blank description as null, and null clears it', async () => {
    const gw = gateway();
    const { token, stageId } = await workspace(gw);
    for (const description of ['', '   ', null]) {
      await ruddr(gw, 'PATCH', `${STAGES}/${stageId}`, { token, body: { description: 'something' } });
      const response = await ruddr(gw, 'PATCH', `${STAGES}/${stageId}`, { token, body: { description } });
      expect([response.status, response.body.description], JSON.stringify(description)).toEqual([200, null]);
    }
  });

  it('refuses each invalid field with its REST name, writing nothing', async () => {
    const gw = gateway();
    const { token, stageId } = await workspace(gw);
    const before = await gw.prisma.opportunityStage.findUniqueOrThrow({ where: { id: stageId } });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: 'x'.repeat(256) }, 'name'],
      [{ name: '' }, 'name'],
      [{ name: null }, 'name'],
      [{ name: 7 }, 'name'],
      [{ description: 'x'.repeat(5001) }, 'description'],
      [{ probability: 1.5 }, 'probability'],
      [{ probability: -0.1 }, 'probability'],
      [{ probability: 0.12345 }, 'probability'],
      [{ probability: 'abc' }, 'probability'],
      [{ probability: '0.5' }, 'probability'],
      [{ probability: null }, 'probability'],
      [{ statusId: 'closed' }, 'statusId'],
      [{ isActive: 'yes' }, 'isActive'],
      [{ position: 2 }, 'position'],
      [{ color: 'red' }, 'color'],
    ];
    for (const [body, field] of cases) {
      const response = await ruddr(gw, 'PATCH', `${STAGES}/${stageId}`, { token, body: { name: 'Kept', ...body } });
      const failure = expectRuddrError(response, 400, [field]);
      if (field === 'color' || field === 'position') expect(failure.errors[0]?.message).toBe('Unknown field');
    }
    const after = await gw.prisma.opportunityStage.findUniqueOrThrow({ where: { id: stageId } });
    expect(after).toEqual(before);
  });

  it('names every unknown or non-numeric field at once', async () => {
    const gw = gateway();
    const { token, stageId } = await workspace(gw);
    const response = await ruddr(gw, 'PATCH', `${STAGES}/${stageId}`, {
      token,
      body: { name: 'Kept', color: 'red', key: 'x', probability: '0.5' },
    });
    const failure = expectRuddrError(response, 400, ['color', 'key', 'probability']);
    expect(failure.message).toBe('There was a problem processing your request. See errors for more details.');
  });

  it('answers 404 for an unknown id, another workspace’s stage, or a pipeline that is not the workspace’s', async () => {
    const gw = gateway();
    const mine = await workspace(gw);
    const theirs = await workspace(gw);
    expectRuddrError(
      await ruddr(gw, 'PATCH', `${STAGES}/${UNKNOWN_ID}`, { token: mine.token, body: { name: 'A' } }),
      404,
    );
    expectRuddrError(
      await ruddr(gw, 'PATCH', `${STAGES}/${theirs.stageId}`, { token: mine.token, body: { name: 'A' } }),
      404,
    );
    for (const opportunityPipelineId of [UNKNOWN_ID, theirs.pipelineId, 'not-a-uuid']) {
      const response = await ruddr(gw, 'PATCH', `${STAGES}/${mine.stageId}`, {
        token: mine.token,
        body: { opportunityPipelineId },
      });
      expect(expectRuddrError(response, 404).message).toBe('Pipeline not found');
    }
    const untouched = await gw.prisma.opportunityStage.findUniqueOrThrow({ where: { id: theirs.stageId } });
    expect(untouched.name).toBe('Qualified');
  });

  it('answers 400 for a malformed id', async () => {
    const gw = gateway();
    const { token } = await workspace(gw);
    const response = await ruddr(gw, 'PATCH', `${STAGES}/not-a-uuid`, { token, body: { name: 'A' } });
    expect(expectRuddrError(response, 400).message).toBe("Parameter 'id' is not a valid UUID.");
  });

  it('moves an empty stage to another pipeline, and answers 409 for a stage holding opportunities', async () => {
    const gw = gateway();
    const { token, stageId, workspace: ws, pipelineId } = await workspace(gw);
    const other = await ruddr(gw, 'POST', '/api/workspace/opportunity-pipelines', {
      token,
      body: { name: 'Partners' },
    });
    expect(other.status).toBe(200);
    const moved = await ruddr(gw, 'PATCH', `${STAGES}/${stageId}`, {
      token,
      body: { opportunityPipelineId: other.body.id },
    });
    expect([moved.status, moved.body.opportunityPipelineId]).toEqual([200, other.body.id]);

    await gw.prisma.opportunity.create({
      data: { id: 'opp_ruddr0000001', workspaceId: ws.id, pipelineId: other.body.id, stageId, name: 'Held deal' },
    });
    const held = await ruddr(gw, 'PATCH', `${STAGES}/${stageId}`, {
      token,
      body: { opportunityPipelineId: pipelineId },
    });
    expectRuddrError(held, 409);
  });
});

describe('GET /api/workspace/opportunity-stages/:id', () => {
  it('answers the stage, 404 for an unknown or foreign one, 400 for a malformed id', async () => {
    const gw = gateway();
    const mine = await workspace(gw);
    const theirs = await workspace(gw);
    const response = await ruddr(gw, 'GET', `${STAGES}/${mine.stageId}`, { token: mine.token });
    expect(response.status).toBe(200);
    const stored = await gw.prisma.opportunityStage.findUniqueOrThrow({ where: { id: mine.stageId } });
    expect(response.body).toEqual({
      id: mine.stageId,
      name: 'Qualified',
      description: stored.description,
      probability: stored.probability.toNumber(),
      statusId: 'open',
      isActive: true,
      opportunityPipelineId: mine.pipelineId,
      createdAt: stored.createdAt.toISOString(),
    });
    const missing = await ruddr(gw, 'GET', `${STAGES}/${UNKNOWN_ID}`, { token: mine.token });
    expect(expectRuddrError(missing, 404).message).toBe('Opportunity stage not found');
    expectRuddrError(await ruddr(gw, 'GET', `${STAGES}/${theirs.stageId}`, { token: mine.token }), 404);
    expectRuddrError(await ruddr(gw, 'GET', `${STAGES}/123`, { token: mine.token }), 400);
  });
});

describe('POST /api/workspace/opportunity-stages', () => {
  it('creates a stage (200), isActive defaulting to true', async () => {
    const gw = gateway();
    const { token, pipelineId } = await workspace(gw);
    const body = { name: 'Discovery', probability: 0.1, statusId: 'open', opportunityPipelineId: pipelineId };
    const response = await ruddr(gw, 'POST', STAGES, { token, body });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toEqual({
      id: expect.any(String),
      ...body,
      description: null,
      isActive: true,
      createdAt: expect.any(String),
    });
    const stored = await gw.prisma.opportunityStage.findUniqueOrThrow({ where: { id: response.body.id } });
    expect(stored).toMatchObject({ pipelineId, key: 'discovery', position: 7 });
    const inactive = await ruddr(gw, 'POST', STAGES, { token, body: { ...body, isActive: false, description: '' } });
    expect([inactive.body.isActive, inactive.body.description]).toEqual([false, null]);
  });

  it('requires name, probability, statusId and opportunityPipelineId', async () => {
    const gw = gateway();
    const { token } = await workspace(gw);
    const response = await ruddr(gw, 'POST', STAGES, { token, body: {} });
    expectRuddrError(response, 400, ['name', 'opportunityPipelineId', 'probability', 'statusId']);
  });

  it('refuses invalid fields, and a pipeline that is not the workspace’s with 404', async () => {
    const gw = gateway();
    const mine = await workspace(gw);
    const theirs = await workspace(gw);
    const valid = { name: 'Discovery', probability: 0.1, statusId: 'open', opportunityPipelineId: mine.pipelineId };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: 'x'.repeat(256) }, 'name'],
      [{ description: 'x'.repeat(5001) }, 'description'],
      [{ probability: 1.5 }, 'probability'],
      [{ probability: -0.1 }, 'probability'],
      [{ probability: 0.12345 }, 'probability'],
      [{ probability: 'abc' }, 'probability'],
      [{ statusId: 'closed' }, 'statusId'],
      [{ isActive: null }, 'isActive'],
      [{ key: 'discovery' }, 'key'],
    ];
    for (const [body, field] of cases) {
      expectRuddrError(await ruddr(gw, 'POST', STAGES, { token: mine.token, body: { ...valid, ...body } }), 400, [
        field,
      ]);
    }
    for (const opportunityPipelineId of [UNKNOWN_ID, theirs.pipelineId]) {
      const response = await ruddr(gw, 'POST', STAGES, {
        token: mine.token,
        body: { ...valid, opportunityPipelineId },
      });
      expectRuddrError(response, 404);
    }
    expect(
      await gw.prisma.opportunityStage.count({ where: { workspaceId: mine.workspace.id, name: 'Discovery' } }),
    ).toBe(0);
  });
});

describe('GET /api/workspace/opportunity-stages', () => {
  /** Five stages in a new pipeline, created one after another; answers their ids newest first. */
  async function fiveStages(gw: TestGateway, token: string) {
    const pipeline = await ruddr(gw, 'POST', '/api/workspace/opportunity-pipelines', {
      token,
      body: { name: 'Paged' },
    });
    for (let n = 1; n <= 5; n++) {
      const body = {
        name: `Step ${n}`,
        probability: n / 10,
        statusId: 'open',
        opportunityPipelineId: pipeline.body.id,
      };
      expect((await ruddr(gw, 'POST', STAGES, { token, body })).status).toBe(200);
    }
    const rows = await gw.prisma.opportunityStage.findMany({
      where: { pipelineId: pipeline.body.id },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
    return { pipelineId: pipeline.body.id as string, ids: rows.map((row) => row.id) };
  }

  const page = async (gw: TestGateway, token: string, query: string) => {
    const response = await ruddr(gw, 'GET', `${STAGES}?${query}`, { token });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual(['hasMore', 'results']);
    return {
      ids: (response.body.results as Array<{ id: string }>).map((stage) => stage.id),
      hasMore: response.body.hasMore as boolean,
    };
  };

  it('pages newest first with limit, startingAfter, endingBefore and hasMore', async () => {
    const gw = gateway();
    const { token } = await workspace(gw);
    const { pipelineId, ids } = await fiveStages(gw, token);
    const [s5, s4, s3, s2, s1] = ids as [string, string, string, string, string];
    const only = `opportunityPipelineId=${pipelineId}`;

    expect(await page(gw, token, `${only}&limit=2`)).toEqual({ ids: [s5, s4], hasMore: true });
    expect(await page(gw, token, `${only}&limit=2&startingAfter=${s4}`)).toEqual({ ids: [s3, s2], hasMore: true });
    expect(await page(gw, token, `${only}&limit=2&startingAfter=${s2}`)).toEqual({ ids: [s1], hasMore: false });
    expect(await page(gw, token, `${only}&limit=2&endingBefore=${s1}`)).toEqual({ ids: [s3, s2], hasMore: true });
    expect(await page(gw, token, `${only}&limit=2&endingBefore=${s4}`)).toEqual({ ids: [s5], hasMore: false });
    expect(await page(gw, token, `${only}&limit=100`)).toEqual({ ids, hasMore: false });
    expect(await page(gw, token, `${only}&limit=1`)).toEqual({ ids: [s5], hasMore: true });
  });

  it('answers 10 by default, every stage of the workspace, each as the documented object', async () => {
    const gw = gateway();
    const { token } = await workspace(gw);
    await fiveStages(gw, token);
    const response = await ruddr(gw, 'GET', STAGES, { token });
    expect(response.status).toBe(200);
    expect(response.body.results).toHaveLength(10);
    expect(response.body.hasMore).toBe(true); // 7 default stages + 5
    for (const stage of response.body.results) expect(Object.keys(stage).sort()).toEqual(STAGE_KEYS);
    const rest = await ruddr(gw, 'GET', `${STAGES}?startingAfter=${response.body.results[9].id}`, { token });
    expect([rest.body.results.length, rest.body.hasMore]).toEqual([2, false]);
  });

  it('does not list another workspace’s stages, nor take one as a cursor', async () => {
    const gw = gateway();
    const mine = await workspace(gw);
    const theirs = await workspace(gw);
    const response = await ruddr(gw, 'GET', `${STAGES}?limit=100`, { token: mine.token });
    const ids: string[] = response.body.results.map((stage: { id: string }) => stage.id);
    expect(ids).toHaveLength(7);
    expect(ids).not.toContain(theirs.stageId);
    expectRuddrError(await ruddr(gw, 'GET', `${STAGES}?startingAfter=${theirs.stageId}`, { token: mine.token }), 400, [
      'startingAfter',
    ]);
  });

  it('refuses a limit outside 1–100, two cursors, or an unknown cursor', async () => {
    const gw = gateway();
    const { token, stageId } = await workspace(gw);
    for (const limit of ['0', '101', '-1', 'abc', '1.5']) {
      expectRuddrError(await ruddr(gw, 'GET', `${STAGES}?limit=${limit}`, { token }), 400, ['limit']);
    }
    expectRuddrError(
      await ruddr(gw, 'GET', `${STAGES}?startingAfter=${stageId}&endingBefore=${stageId}`, { token }),
      400,
      ['endingBefore'],
    );
    expectRuddrError(await ruddr(gw, 'GET', `${STAGES}?endingBefore=${UNKNOWN_ID}`, { token }), 400, ['endingBefore']);
  });
});
