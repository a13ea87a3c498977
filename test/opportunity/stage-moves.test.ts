import { describe, expect, it } from 'vitest';
import { createWorkspace } from '../../src/modules/workspace/workspace.service.js';
import { useGateway } from '../support/gateway.js';
import { GET, MOVE, createOpportunity, dataOf, onlyError } from './fixtures.js';

const gateway = useGateway();

async function move(id: string, input: Record<string, unknown>, key: string) {
  return gateway().graphql(MOVE, { id, input }, key);
}

describe('moveOpportunityStage', () => {
  it('won stamps wonAt, lost stamps lostAt and clears wonAt, reopen clears both', async () => {
    const gw = gateway();
    const { key, stage } = await gw.workspace();
    const created = await createOpportunity(gw, key);

    const won = dataOf(await move(created.id, { status: 'won' }, key)).moveOpportunityStage;
    expect(won).toMatchObject({ status: 'won', stageId: stage('won').id, lostAt: null, version: 2 });
    expect(won.wonAt).toBeTruthy();
    expect(won.stageChangedAt).toBe(won.wonAt);

    const lost = dataOf(await move(created.id, { stageId: stage('lost').id }, key)).moveOpportunityStage;
    expect(lost).toMatchObject({ status: 'lost', wonAt: null, version: 3 });
    expect(lost.lostAt).toBeTruthy();

    const reopened = dataOf(await move(created.id, { status: 'negotiation' }, key)).moveOpportunityStage;
    expect(reopened).toMatchObject({ status: 'negotiation', wonAt: null, lostAt: null, version: 4 });

    const history = dataOf(await gw.graphql(GET, { id: created.id }, key)).opportunity.history;
    expect(history.totalCount).toBe(3);
    expect(
      history.edges.map(
        (edge: { node: { fromStage: { key: string }; toStage: { key: string } } }) =>
          `${edge.node.fromStage.key}>${edge.node.toStage.key}`,
      ),
    ).toEqual(['new>won', 'won>lost', 'lost>negotiation']);
    expect(history.edges[0].node).toMatchObject({ source: 'graphql', version: 2, actorApiKeyId: expect.any(String) });
  });

  it('answers the same row a read answers, for a move and a no-op', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const created = await createOpportunity(gw, key, { dealValue: '100000.10', email: 'a@b.co', notes: 'n' });
    for (const status of ['won', 'won']) {
      const moved = dataOf(await move(created.id, { status }, key)).moveOpportunityStage;
      const { history: _history, ...read } = dataOf(await gw.graphql(GET, { id: created.id }, key)).opportunity;
      expect(moved).toEqual(read);
      expect(moved).toMatchObject({ dealValue: '100000.10', email: 'a@b.co', notes: 'n', version: 2 });
    }
  });

  it('moving to the current stage is a no-op: no history, no timestamp change', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const created = await createOpportunity(gw, key, { status: 'won' });
    const same = dataOf(await move(created.id, { status: 'won' }, key)).moveOpportunityStage;
    expect(same).toMatchObject({
      version: 1,
      wonAt: created.wonAt,
      stageChangedAt: created.stageChangedAt,
      updatedAt: created.updatedAt,
    });
    expect(await gw.prisma.stageChange.count({ where: { opportunityId: created.id } })).toBe(0);
  });

  it('rejects an unknown status with INVALID_STATUS listing the valid ones, writing nothing', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const created = await createOpportunity(gw, key);
    const error = onlyError(await move(created.id, { status: 'archived' }, key));
    expect(error.extensions).toMatchObject({
      code: 'INVALID_STATUS',
      validStatuses: ['new', 'contacted', 'qualified', 'proposal', 'negotiation', 'won', 'lost'],
    });
    await expectUnchanged(created.id, key);
  });

  it('rejects an inactive stage with STAGE_INACTIVE', async () => {
    const gw = gateway();
    const { key, stage } = await gw.workspace();
    const created = await createOpportunity(gw, key);
    await gw.prisma.opportunityStage.update({ where: { id: stage('proposal').id }, data: { isActive: false } });
    const error = onlyError(await move(created.id, { status: 'proposal' }, key));
    expect(error.extensions).toMatchObject({ code: 'STAGE_INACTIVE', stageId: stage('proposal').id });
    await expectUnchanged(created.id, key);
  });

  it('rejects a stage of another pipeline unless that pipeline is named, then moves across', async () => {
    const gw = gateway();
    const { key, workspace, pipeline } = await gw.workspace();
    const other = await gw.prisma.pipeline.create({
      data: {
        workspaceId: workspace.id,
        name: 'Renewals',
        stages: { create: [{ key: 'renewal', name: 'Renewal', probability: '0.5', position: 0 }] },
      },
      include: { stages: true },
    });
    const target = other.stages[0]!;
    const created = await createOpportunity(gw, key);

    const error = onlyError(await move(created.id, { stageId: target.id }, key));
    expect(error.extensions).toMatchObject({ code: 'STAGE_NOT_IN_PIPELINE', pipelineId: other.id });
    // A key of the other pipeline is not found in the opportunity's own pipeline.
    expect(onlyError(await move(created.id, { status: 'renewal' }, key)).extensions?.code).toBe('INVALID_STATUS');
    await expectUnchanged(created.id, key);

    const moved = dataOf(
      await move(created.id, { stageId: target.id, pipelineId: other.id }, key),
    ).moveOpportunityStage;
    expect(moved).toMatchObject({ pipelineId: other.id, stageId: target.id, status: 'renewal' });
    const back = dataOf(await move(created.id, { status: 'new', pipelineId: pipeline.id }, key)).moveOpportunityStage;
    expect(back).toMatchObject({ pipelineId: pipeline.id, status: 'new' });
  });

  it('answers NOT_FOUND for an unknown opportunity or stage, VALIDATION_ERROR without exactly one target', async () => {
    const gw = gateway();
    const { key, stage } = await gw.workspace();
    const created = await createOpportunity(gw, key);
    expect(onlyError(await move('opp_doesnotexist', { status: 'won' }, key)).extensions?.code).toBe('NOT_FOUND');
    expect(
      onlyError(await move(created.id, { stageId: '00000000-0000-4000-8000-000000000000' }, key)).extensions?.code,
    ).toBe('NOT_FOUND');
    // Malformed ids are unknown ids, not a failed cast (a 500).
    expect(onlyError(await move(created.id, { stageId: 'not-a-uuid' }, key)).extensions?.code).toBe('NOT_FOUND');
    expect(onlyError(await move(created.id, { status: 'won', pipelineId: 'nope' }, key)).extensions?.code).toBe(
      'NOT_FOUND',
    );
    expect(
      onlyError(await gateway().graphql(`{ pipelineSummary(pipelineId: "nope") { count } }`, {}, key)).extensions,
    ).toMatchObject({ code: 'VALIDATION_ERROR', fields: { pipelineId: 'Must be a UUID' } });
    expect(onlyError(await move(created.id, {}, key)).extensions?.code).toBe('VALIDATION_ERROR');
    expect(onlyError(await move(created.id, { status: 'won', stageId: stage('won').id }, key)).extensions?.code).toBe(
      'VALIDATION_ERROR',
    );
    await expectUnchanged(created.id, key);
  });

  it("cannot reach another workspace's stage", async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const foreign = await createWorkspace(gw.prisma, 'Foreign');
    const created = await createOpportunity(gw, key);
    const error = onlyError(await move(created.id, { stageId: foreign.pipeline.stages[5]!.id }, key));
    expect(error.extensions?.code).toBe('NOT_FOUND');
    await expectUnchanged(created.id, key);
  });
});

async function expectUnchanged(id: string, key: string) {
  const current = dataOf(await gateway().graphql(GET, { id }, key)).opportunity;
  expect(current).toMatchObject({ status: 'new', version: 1, wonAt: null, lostAt: null });
  expect(current.history.totalCount).toBe(0);
}
