import { describe, expect, it } from 'vitest';
import { useGateway, type TestGateway } from '../support/gateway.js';
import {
  createPipeline,
  createStage,
  dataOf,
  expectInvalid,
  PIPELINE_LIST,
  STAGE_LIST,
  UNKNOWN_ID,
} from './fixtures.js';

const gateway = useGateway();

interface Page {
  nodes: Array<{ id: string }>;
  hasMore: boolean;
}

const ids = (page: Page) => page.nodes.map((node) => node.id);

/** The ids newest first (createdAt desc, id desc), as the database orders them. */
function newestFirst(rows: Array<{ id: string; createdAt: Date }>) {
  return [...rows]
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .map((row) => row.id);
}

async function stagePage(gw: TestGateway, key: string, variables: Record<string, unknown>): Promise<Page> {
  return dataOf(await gw.graphql(STAGE_LIST, variables, key)).opportunityStageList;
}

/** A workspace whose default pipeline is joined by a pipeline of five stages made one by one. */
async function workspaceWithStages(gw: TestGateway) {
  const ws = await gw.workspace();
  const pipeline = await createPipeline(gw, ws.key, { withDefaultStages: false });
  for (let n = 1; n <= 5; n++) await createStage(gw, ws.key, { pipelineId: pipeline.id, name: `Step ${n}` });
  const stages = await gw.prisma.opportunityStage.findMany({ where: { pipelineId: pipeline.id } });
  return { ...ws, pipelineId: pipeline.id as string, expected: newestFirst(stages) };
}

describe('opportunityStageList', () => {
  it('pages forward with startingAfter and back with endingBefore, newest first', async () => {
    const gw = gateway();
    const { key, pipelineId, expected } = await workspaceWithStages(gw);
    expect(expected).toHaveLength(5);
    const [s5, s4, s3, s2, s1] = expected as [string, string, string, string, string];

    const first = await stagePage(gw, key, { pipelineId, limit: 2 });
    expect(first).toEqual({ nodes: [s5, s4].map((id) => expect.objectContaining({ id })), hasMore: true });
    const second = await stagePage(gw, key, { pipelineId, limit: 2, startingAfter: s4 });
    expect([ids(second), second.hasMore]).toEqual([[s3, s2], true]);
    const last = await stagePage(gw, key, { pipelineId, limit: 2, startingAfter: s2 });
    expect([ids(last), last.hasMore]).toEqual([[s1], false]);
    const afterLast = await stagePage(gw, key, { pipelineId, limit: 2, startingAfter: s1 });
    expect([ids(afterLast), afterLast.hasMore]).toEqual([[], false]);

    const back = await stagePage(gw, key, { pipelineId, limit: 2, endingBefore: s1 });
    expect([ids(back), back.hasMore]).toEqual([[s3, s2], true]);
    const backToStart = await stagePage(gw, key, { pipelineId, limit: 2, endingBefore: s3 });
    expect([ids(backToStart), backToStart.hasMore]).toEqual([[s5, s4], false]);
    const beforeFirst = await stagePage(gw, key, { pipelineId, limit: 2, endingBefore: s5 });
    expect([ids(beforeFirst), beforeFirst.hasMore]).toEqual([[], false]);
  });

  it('defaults to ten records and covers the whole workspace exactly once, ties on createdAt included', async () => {
    const gw = gateway();
    const { key, workspace } = await workspaceWithStages(gw);
    // Stages created in the same instant must still page without overlap or gap: the id breaks the tie.
    const sameInstant = new Date('2030-01-01T00:00:00.000Z');
    await gw.prisma.opportunityStage.updateMany({
      where: { workspaceId: workspace.id, status: 'open' },
      data: { createdAt: sameInstant },
    });
    const all = newestFirst(await gw.prisma.opportunityStage.findMany({ where: { workspaceId: workspace.id } }));
    expect(all).toHaveLength(12);

    const firstPage = await stagePage(gw, key, {});
    expect([ids(firstPage), firstPage.hasMore]).toEqual([all.slice(0, 10), true]);

    const forward: string[] = [];
    let page = await stagePage(gw, key, { limit: 5 });
    forward.push(...ids(page));
    while (page.hasMore) {
      page = await stagePage(gw, key, { limit: 5, startingAfter: forward.at(-1) });
      forward.push(...ids(page));
    }
    expect(forward).toEqual(all);

    const backward: string[] = [];
    let cursor = all.at(-1);
    do {
      page = await stagePage(gw, key, { limit: 5, endingBefore: cursor });
      backward.unshift(...ids(page));
      cursor = page.nodes[0]?.id;
    } while (page.hasMore);
    expect(backward).toEqual(all.slice(0, -1));
  });

  it("lists the caller's workspace only, and one pipeline when asked", async () => {
    const gw = gateway();
    const { key, pipeline, workspace } = await gw.workspace();
    await gw.workspace();
    const everything = await stagePage(gw, key, { limit: 100 });
    expect(everything.nodes).toHaveLength(7);
    const stored = await gw.prisma.opportunityStage.findMany({ where: { workspaceId: workspace.id } });
    expect(new Set(ids(everything))).toEqual(new Set(stored.map((s) => s.id)));

    const empty = await createPipeline(gw, key, { withDefaultStages: false });
    const only = await createStage(gw, key, { pipelineId: empty.id });
    const filtered = await stagePage(gw, key, { pipelineId: empty.id });
    expect([ids(filtered), filtered.hasMore]).toEqual([[only.id], false]);
    expect(filtered.nodes[0]).toMatchObject({ pipeline: { id: empty.id } });
    expect((await stagePage(gw, key, { pipelineId: pipeline.id, limit: 100 })).nodes).toHaveLength(7);
  });

  it("answers no stages for an unknown, a malformed or another workspace's pipeline filter", async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const other = await gw.workspace();
    for (const pipelineId of [UNKNOWN_ID, 'nope', other.pipeline.id]) {
      expect(await stagePage(gw, key, { pipelineId }), pipelineId).toEqual({ nodes: [], hasMore: false });
    }
  });

  it('rejects a limit outside 1..100', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    for (const limit of [0, 101, -1]) {
      const fields = expectInvalid(await gw.graphql(STAGE_LIST, { limit }, key), 'limit');
      expect(fields.limit).toBe('Must be between 1 and 100');
    }
    expect((await stagePage(gw, key, { limit: 100 })).nodes).toHaveLength(7);
    expect((await stagePage(gw, key, { limit: 1 })).nodes).toHaveLength(1);
  });

  it('rejects a cursor that is not a record of the list, and two cursors at once', async () => {
    const gw = gateway();
    const { key, stage } = await gw.workspace();
    const other = await gw.workspace();
    const elsewhere = await createPipeline(gw, key, { withDefaultStages: false });
    for (const cursor of [UNKNOWN_ID, 'nope', other.stage('new').id]) {
      expectInvalid(await gw.graphql(STAGE_LIST, { startingAfter: cursor }, key), 'startingAfter');
      expectInvalid(await gw.graphql(STAGE_LIST, { endingBefore: cursor }, key), 'endingBefore');
    }
    // A stage of the workspace outside the filtered pipeline is not in that list either.
    expectInvalid(
      await gw.graphql(STAGE_LIST, { pipelineId: elsewhere.id, startingAfter: stage('new').id }, key),
      'startingAfter',
    );
    expectInvalid(
      await gw.graphql(STAGE_LIST, { startingAfter: stage('new').id, endingBefore: stage('won').id }, key),
      'endingBefore',
    );
  });
});

describe('pipelineList', () => {
  it('pages through the workspace pipelines newest first, both ways', async () => {
    const gw = gateway();
    const { key, workspace } = await gw.workspace();
    await gw.workspace();
    for (const name of ['A', 'B', 'C', 'D']) await createPipeline(gw, key, { name, withDefaultStages: false });
    const all = newestFirst(await gw.prisma.pipeline.findMany({ where: { workspaceId: workspace.id } }));
    expect(all).toHaveLength(5);

    const page = async (variables: Record<string, unknown>): Promise<Page> =>
      dataOf(await gw.graphql(PIPELINE_LIST, variables, key)).pipelineList;
    const first = await page({ limit: 3 });
    expect([ids(first), first.hasMore]).toEqual([all.slice(0, 3), true]);
    const rest = await page({ limit: 3, startingAfter: all[2] });
    expect([ids(rest), rest.hasMore]).toEqual([all.slice(3), false]);
    const back = await page({ limit: 3, endingBefore: all[4] });
    expect([ids(back), back.hasMore]).toEqual([all.slice(1, 4), true]);
    const everything = await page({});
    expect([ids(everything), everything.hasMore]).toEqual([all, false]);
  });

  it('validates the limit and the cursors', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const other = await gw.workspace();
    expectInvalid(await gw.graphql(PIPELINE_LIST, { limit: 0 }, key), 'limit');
    expectInvalid(await gw.graphql(PIPELINE_LIST, { limit: 101 }, key), 'limit');
    expectInvalid(await gw.graphql(PIPELINE_LIST, { startingAfter: other.pipeline.id }, key), 'startingAfter');
    expectInvalid(await gw.graphql(PIPELINE_LIST, { endingBefore: UNKNOWN_ID }, key), 'endingBefore');
  });
});
