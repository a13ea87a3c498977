import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.js';
import {
  CREATE_STAGE,
  createPipeline,
  createStage,
  dataOf,
  expectInvalid,
  expectNotFound,
  onlyError,
  placeOpportunity,
  UNKNOWN_ID,
  UPDATE_STAGE,
} from './fixtures.js';

const gateway = useGateway();

const stageInput = (pipelineId: string, input: Record<string, unknown> = {}) => ({
  input: { pipelineId, name: 'Discovery', probability: '0.5', status: 'open', ...input },
});

describe('createOpportunityStage', () => {
  it('creates an active stage after the last one, with the given key', async () => {
    const gw = gateway();
    const { key, pipeline } = await gw.workspace();
    const created = await createStage(gw, key, {
      pipelineId: pipeline.id,
      key: 'demo_done',
      description: 'Demo given',
    });
    expect(created).toMatchObject({
      key: 'demo_done',
      name: 'Discovery',
      description: 'Demo given',
      probability: '0.5',
      status: 'open',
      isActive: true,
      position: 7,
      pipelineId: pipeline.id,
    });
    const stored = await gw.prisma.opportunityStage.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored.workspaceId).toBe(pipeline.workspaceId);
  });

  it('keeps a probability exactly, whether sent as a string or a number', async () => {
    const gw = gateway();
    const { key, pipeline } = await gw.workspace();
    const third = await createStage(gw, key, { pipelineId: pipeline.id, probability: '0.3333' });
    expect(third.probability).toBe('0.3333');
    const asNumber = await createStage(gw, key, { pipelineId: pipeline.id, probability: 0.6667 });
    expect(asNumber.probability).toBe('0.6667');
    const stored = await gw.prisma.opportunityStage.findUniqueOrThrow({ where: { id: third.id } });
    expect(stored.probability.toString()).toBe('0.3333');
    for (const [probability, expected] of [
      ['0', '0'],
      ['1', '1'],
      ['0.0001', '0.0001'],
    ]) {
      expect((await createStage(gw, key, { pipelineId: pipeline.id, probability })).probability).toBe(expected);
    }
  });

  it('derives the key from the name, and numbers it when the pipeline already has it', async () => {
    const gw = gateway();
    const { key, pipeline } = await gw.workspace();
    const make = async (name: string) => (await createStage(gw, key, { pipelineId: pipeline.id, name })).key;
    expect(await make('Closed Won')).toBe('closed-won');
    expect(await make('Closed – Won!')).toBe('closed-won-2');
    expect(await make('closed won')).toBe('closed-won-3');
    expect(await make('New')).toBe('new-2');
    expect(await make('Clôturé, gagné')).toBe('cloture-gagne');
    expect(await make('日本')).toBe('stage');
    const long = await make(`${'Very long stage name '.repeat(12)}`);
    expect(long.length).toBeLessThanOrEqual(64);
    expect(long).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    const longAgain = await make(`${'Very long stage name '.repeat(12)}`);
    expect(longAgain).toMatch(/-2$/);
    expect(longAgain.length).toBeLessThanOrEqual(64);
  });

  it('answers CONFLICT on key for a key the pipeline already has, but allows it in another pipeline', async () => {
    const gw = gateway();
    const { key, pipeline, workspace } = await gw.workspace();
    const error = onlyError(await gw.graphql(CREATE_STAGE, stageInput(pipeline.id, { key: 'won' }), key));
    expect(error.extensions).toMatchObject({ code: 'CONFLICT', field: 'key', key: 'won' });
    expect(error.message).toContain('"won"');
    const empty = await createPipeline(gw, key, { withDefaultStages: false });
    expect((await createStage(gw, key, { pipelineId: empty.id, key: 'won' })).key).toBe('won');
    expect(await gw.prisma.opportunityStage.count({ where: { workspaceId: workspace.id, key: 'won' } })).toBe(2);
  });

  it("answers NOT_FOUND for an unknown, a malformed or another workspace's pipeline", async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const other = await gw.workspace();
    for (const pipelineId of [UNKNOWN_ID, 'nope', other.pipeline.id]) {
      expectNotFound(await gw.graphql(CREATE_STAGE, stageInput(pipelineId), key), 'Pipeline');
    }
    expect(await gw.prisma.opportunityStage.count({ where: { pipelineId: other.pipeline.id } })).toBe(7);
  });

  it('validates name, description, probability, status, key and position', async () => {
    const gw = gateway();
    const { key, pipeline } = await gw.workspace();
    const attempt = (input: Record<string, unknown>) => gw.graphql(CREATE_STAGE, stageInput(pipeline.id, input), key);
    expect(expectInvalid(await attempt({ name: 'n'.repeat(256) }), 'name').name).toBe('At most 255 characters');
    expect(expectInvalid(await attempt({ name: '' }), 'name').name).toBe('Must not be empty');
    expectInvalid(await attempt({ description: 'd'.repeat(5001) }), 'description');
    expect(expectInvalid(await attempt({ probability: '1.5' }), 'probability').probability).toBe('Must be at most 1');
    expect(expectInvalid(await attempt({ probability: '-0.1' }), 'probability').probability).toBe('Must be at least 0');
    expect(expectInvalid(await attempt({ probability: '0.12345' }), 'probability').probability).toBe(
      'At most 4 decimal places',
    );
    expectInvalid(await attempt({ probability: 'high' }), 'probability');
    expectInvalid(await attempt({ status: 'closed' }), 'status');
    expectInvalid(await attempt({ key: 'Not A Slug' }), 'key');
    expectInvalid(await attempt({ key: 'double--dash' }), 'key');
    expectInvalid(await attempt({ key: 'k'.repeat(65) }), 'key');
    expectInvalid(await attempt({ position: -1 }), 'position');
    expectInvalid(await attempt({ probability: null }), 'probability');
    expect(await gw.prisma.opportunityStage.count({ where: { pipelineId: pipeline.id } })).toBe(7);
  });

  it('stores an empty description as null and honours an explicit position and isActive', async () => {
    const gw = gateway();
    const { key, pipeline } = await gw.workspace();
    const created = await createStage(gw, key, {
      pipelineId: pipeline.id,
      description: '',
      position: 3,
      isActive: false,
      status: 'lost',
    });
    expect(created).toMatchObject({ description: null, position: 3, isActive: false, status: 'lost' });
  });
});

describe('updateOpportunityStage', () => {
  it('changes only the given fields', async () => {
    const gw = gateway();
    const { key, stage } = await gw.workspace();
    const before = stage('proposal');
    const updated = dataOf(
      await gw.graphql(UPDATE_STAGE, { id: before.id, input: { name: 'Proposal sent', probability: '0.3333' } }, key),
    ).updateOpportunityStage;
    expect(updated).toMatchObject({
      key: 'proposal',
      name: 'Proposal sent',
      probability: '0.3333',
      description: before.description,
      status: 'open',
      isActive: true,
      position: before.position,
      pipelineId: before.pipelineId,
    });
    const again = dataOf(
      await gw.graphql(UPDATE_STAGE, { id: before.id, input: { status: 'won', isActive: false, position: 9 } }, key),
    ).updateOpportunityStage;
    expect(again).toMatchObject({
      name: 'Proposal sent',
      probability: '0.3333',
      status: 'won',
      isActive: false,
      position: 9,
    });
  });

  it('clears the description with null or an empty string, and refuses null elsewhere', async () => {
    const gw = gateway();
    const { key, stage } = await gw.workspace();
    const cleared = dataOf(await gw.graphql(UPDATE_STAGE, { id: stage('new').id, input: { description: null } }, key));
    expect(cleared.updateOpportunityStage.description).toBeNull();
    const emptied = dataOf(await gw.graphql(UPDATE_STAGE, { id: stage('won').id, input: { description: '' } }, key));
    expect(emptied.updateOpportunityStage.description).toBeNull();
    const fields = expectInvalid(
      await gw.graphql(
        UPDATE_STAGE,
        {
          id: stage('lost').id,
          input: { name: null, probability: null, status: null, isActive: null, pipelineId: null, position: null },
        },
        key,
      ),
      'name',
      'probability',
      'status',
      'isActive',
      'pipelineId',
      'position',
    );
    expect(fields.name).toBe('Must not be null');
    const lost = await gw.prisma.opportunityStage.findUniqueOrThrow({ where: { id: stage('lost').id } });
    expect(lost).toMatchObject({ name: 'Lost', description: 'Deal lost' });
  });

  it('validates the fields as create does', async () => {
    const gw = gateway();
    const { key, stage } = await gw.workspace();
    const attempt = (input: Record<string, unknown>) => gw.graphql(UPDATE_STAGE, { id: stage('new').id, input }, key);
    expectInvalid(await attempt({ name: 'n'.repeat(256) }), 'name');
    expectInvalid(await attempt({ name: ' ' }), 'name');
    expectInvalid(await attempt({ description: 'd'.repeat(5001) }), 'description');
    expectInvalid(await attempt({ probability: 1.5 }), 'probability');
    expectInvalid(await attempt({ probability: -0.1 }), 'probability');
    expectInvalid(await attempt({ probability: '0.12345' }), 'probability');
    expectInvalid(await attempt({ status: 'pending' }), 'status');
    expectInvalid(await attempt({ position: 1.5 }), 'position');
    const stored = await gw.prisma.opportunityStage.findUniqueOrThrow({ where: { id: stage('new').id } });
    expect(stored).toMatchObject({ name: 'New', status: 'open' });
    expect(stored.probability.toString()).toBe('0.1');
  });

  it("answers NOT_FOUND for an unknown or another workspace's stage, VALIDATION_ERROR for a malformed id, changing nothing", async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const other = await gw.workspace();
    expectInvalid(await gw.graphql(UPDATE_STAGE, { id: 'nope', input: { name: 'Hijacked' } }, key), 'id');
    for (const id of [UNKNOWN_ID, other.stage('new').id]) {
      expectNotFound(await gw.graphql(UPDATE_STAGE, { id, input: { name: 'Hijacked' } }, key), 'Opportunity stage');
      expectNotFound(
        await gw.graphql(UPDATE_STAGE, { id, input: { pipelineId: other.pipeline.id } }, key),
        'Opportunity stage',
      );
    }
    expect((await gw.prisma.opportunityStage.findUniqueOrThrow({ where: { id: other.stage('new').id } })).name).toBe(
      'New',
    );
  });
});

describe('moving a stage to another pipeline', () => {
  it('moves an empty stage after the last stage of the target, or to the position given', async () => {
    const gw = gateway();
    const { key, stage } = await gw.workspace();
    const target = await createPipeline(gw, key, { withDefaultStages: false });
    const first = dataOf(
      await gw.graphql(UPDATE_STAGE, { id: stage('lost').id, input: { pipelineId: target.id } }, key),
    ).updateOpportunityStage;
    expect(first).toMatchObject({ pipelineId: target.id, key: 'lost', position: 0 });
    const second = dataOf(
      await gw.graphql(UPDATE_STAGE, { id: stage('won').id, input: { pipelineId: target.id, name: 'Closed' } }, key),
    ).updateOpportunityStage;
    expect(second).toMatchObject({ pipelineId: target.id, name: 'Closed', position: 1 });
    const placed = dataOf(
      await gw.graphql(
        UPDATE_STAGE,
        { id: stage('negotiation').id, input: { pipelineId: target.id, position: 0 } },
        key,
      ),
    ).updateOpportunityStage;
    expect(placed).toMatchObject({ pipelineId: target.id, position: 0 });
  });

  it('keeps the position when the pipeline given is the current one', async () => {
    const gw = gateway();
    const { key, stage, pipeline } = await gw.workspace();
    const same = dataOf(
      await gw.graphql(UPDATE_STAGE, { id: stage('contacted').id, input: { pipelineId: pipeline.id } }, key),
    ).updateOpportunityStage;
    expect(same).toMatchObject({ pipelineId: pipeline.id, position: 1 });
  });

  it('refuses to move a stage that holds opportunities, changing nothing', async () => {
    const gw = gateway();
    const { key, stage, pipeline } = await gw.workspace();
    const held = stage('qualified');
    const opportunity = await placeOpportunity(gw, held);
    const target = await createPipeline(gw, key, { withDefaultStages: false });
    const error = onlyError(
      await gw.graphql(UPDATE_STAGE, { id: held.id, input: { pipelineId: target.id, name: 'Renamed' } }, key),
    );
    expect(error.extensions).toMatchObject({ code: 'CONFLICT', field: 'pipelineId' });
    expect(error.message).toMatch(/holds opportunities/);
    const stored = await gw.prisma.opportunityStage.findUniqueOrThrow({ where: { id: held.id } });
    expect(stored).toMatchObject({ pipelineId: pipeline.id, name: 'Qualified', position: held.position });
    const storedOpportunity = await gw.prisma.opportunity.findUniqueOrThrow({ where: { id: opportunity.id } });
    expect(storedOpportunity).toMatchObject({ pipelineId: pipeline.id, stageId: held.id });
  });

  it('answers CONFLICT on key when the target pipeline has a stage with the same key', async () => {
    const gw = gateway();
    const { key, stage, pipeline } = await gw.workspace();
    const target = await createPipeline(gw, key);
    const error = onlyError(
      await gw.graphql(UPDATE_STAGE, { id: stage('won').id, input: { pipelineId: target.id } }, key),
    );
    expect(error.extensions).toMatchObject({ code: 'CONFLICT', field: 'key', key: 'won', pipelineId: target.id });
    expect((await gw.prisma.opportunityStage.findUniqueOrThrow({ where: { id: stage('won').id } })).pipelineId).toBe(
      pipeline.id,
    );
  });

  it("answers NOT_FOUND for an unknown or another workspace's pipeline, even when its keys collide", async () => {
    const gw = gateway();
    const { key, stage, pipeline } = await gw.workspace();
    const other = await gw.workspace();
    for (const pipelineId of [UNKNOWN_ID, 'nope', other.pipeline.id]) {
      expectNotFound(await gw.graphql(UPDATE_STAGE, { id: stage('won').id, input: { pipelineId } }, key), 'Pipeline');
    }
    expect((await gw.prisma.opportunityStage.findUniqueOrThrow({ where: { id: stage('won').id } })).pipelineId).toBe(
      pipeline.id,
    );
  });
});
