// One event per committed change, written with the change: created, updated (with the fields that
// changed), stage changed (from, to, actor, source), deleted. Refused changes and no-ops have none.
import { describe, expect, it } from 'vitest';
import { useGateway, type TestGateway } from '../support/gateway.js';
import { rest } from '../support/rest.js';
import { CREATE, MOVE, UPDATE, createOpportunity, dataOf, onlyError } from '../opportunity/fixtures.js';

const gateway = useGateway();

const DELETE = `mutation Delete($id: ID!) { deleteOpportunity(id: $id) { id version } }`;

function eventsOf(gw: TestGateway, opportunityId: string) {
  return gw.prisma.opportunityEvent.findMany({ where: { opportunityId }, orderBy: { id: 'asc' } });
}

describe('opportunity events', () => {
  it('create, update, move and delete each write exactly one event with what changed', async () => {
    const gw = gateway();
    const { key, workspace, pipeline, stage } = await gw.workspace();
    const created = await createOpportunity(gw, key, { notes: 'a' });
    await gw.graphql(UPDATE, { id: created.id, input: { notes: 'b', name: 'Jane Roe', dealValue: '10.50' } }, key);
    await gw.graphql(MOVE, { id: created.id, input: { status: 'won' } }, key);
    const moved = await rest(gw, 'PATCH', `/external/v1/opportunities/${created.id}/stage`, {
      key,
      body: { status: 'lost' },
    });
    expect(moved.status).toBe(200);
    dataOf(await gw.graphql(DELETE, { id: created.id }, key));

    const events = await eventsOf(gw, created.id);
    expect(events.map((event) => [event.type, event.version])).toEqual([
      ['created', 1],
      ['updated', 2],
      ['stage_changed', 3],
      ['stage_changed', 4],
      ['deleted', 5],
    ]);
    const [create, update, toWon, toLost, deletion] = events;
    for (const event of events) {
      expect(event).toMatchObject({ workspaceId: workspace.id, pipelineId: pipeline.id, previousPipelineId: null });
      expect(event.actorApiKeyId).toEqual(expect.any(String));
    }
    expect(create).toMatchObject({ toStageId: stage('new').id, source: 'graphql' });
    expect(create!.occurredAt.toISOString()).toBe(created.createdAt);
    expect(update).toMatchObject({ changedFields: ['dealValue', 'notes'], fromStageId: null });
    expect(toWon).toMatchObject({ fromStageId: stage('new').id, toStageId: stage('won').id, source: 'graphql' });
    expect(toLost).toMatchObject({ fromStageId: stage('won').id, toStageId: stage('lost').id, source: 'rest' });
    expect(toLost!.previousWonAt).toEqual(expect.any(Date));
    expect(deletion).toMatchObject({ type: 'deleted', changedFields: [] });
    const ids = events.map((event) => BigInt(event.id));
    expect([...ids].sort((a, b) => (a < b ? -1 : 1))).toEqual(ids);
  });

  it('refused changes and no-ops write no event', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const created = await createOpportunity(gw, key, { status: 'won', notes: 'same' });
    const refusals = [
      gw.graphql(MOVE, { id: created.id, input: { status: 'archived' } }, key),
      gw.graphql(UPDATE, { id: created.id, input: { responsibleUserId: 'usr_nobody' } }, key),
      gw.graphql(UPDATE, { id: created.id, input: { name: null } }, key),
      gw.graphql(CREATE, { input: { name: 'X', responsibleUserId: 'usr_nobody' } }, key),
    ];
    const codes = (await Promise.all(refusals)).map((response) => onlyError(response).extensions?.code);
    expect(codes).toEqual(['INVALID_STATUS', 'VALIDATION_ERROR', 'VALIDATION_ERROR', 'VALIDATION_ERROR']);
    const noOps = [
      gw.graphql(MOVE, { id: created.id, input: { status: 'won' } }, key),
      gw.graphql(UPDATE, { id: created.id, input: { notes: 'same', company: null } }, key),
      rest(gw, 'PUT', `/external/v1/opportunities/${created.id}`, { key, body: { notes: 'same' } }),
    ];
    await Promise.all(noOps);
    expect((await eventsOf(gw, created.id)).map((event) => event.type)).toEqual(['created']);
    const row = await gw.prisma.opportunity.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.version).toBe(1);
    expect(row.updatedAt.toISOString()).toBe(created.updatedAt);
  });

  it('a write replayed with an Idempotency-Key is not a second change', async () => {
    const gw = gateway();
    const { key, workspace } = await gw.workspace();
    const headers = { 'idempotency-key': `events-${workspace.id}` };
    const ids = [];
    for (const _attempt of [1, 2]) {
      ids.push(dataOf(await gw.graphql(CREATE, { input: { name: 'Once' } }, key, headers)).createOpportunity.id);
    }
    expect(ids[1]).toBe(ids[0]);
    const events = await gw.prisma.opportunityEvent.findMany({ where: { workspaceId: workspace.id } });
    expect(events.map((event) => [event.type, event.opportunityId])).toEqual([['created', ids[0]]]);
  });

  it('concurrent writes of one opportunity: one event per version, in id order', async () => {
    const gw = gateway();
    const { key, pipeline } = await gw.workspace();
    const created = await createOpportunity(gw, key);
    const keys = pipeline.stages.map((stage) => stage.key);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2
          ? gw.graphql(MOVE, { id: created.id, input: { status: keys[i % keys.length] } }, key)
          : gw.graphql(UPDATE, { id: created.id, input: { notes: `note ${i}` } }, key),
      ),
    );
    const row = await gw.prisma.opportunity.findUniqueOrThrow({ where: { id: created.id } });
    const events = await eventsOf(gw, created.id);
    expect(events.map((event) => event.version)).toEqual(Array.from({ length: row.version }, (_, i) => i + 1));
    const history = await gw.prisma.stageChange.count({ where: { opportunityId: created.id } });
    expect(events.filter((event) => event.type === 'stage_changed')).toHaveLength(history);
  });
});
