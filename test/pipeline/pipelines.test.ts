import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.js';
import { DEFAULT_STAGES } from '../../src/modules/workspace/workspace.service.js';
import {
  CREATE_PIPELINE,
  createPipeline,
  dataOf,
  expectInvalid,
  expectNotFound,
  GET_PIPELINE,
  GET_STAGE,
  UNKNOWN_ID,
  UPDATE_PIPELINE,
} from './fixtures.js';

const gateway = useGateway();

describe('pipeline and pipelines queries', () => {
  it('answers a pipeline of the workspace with its stages in board order', async () => {
    const gw = gateway();
    const { key, pipeline } = await gw.workspace();
    const found = dataOf(await gw.graphql(GET_PIPELINE, { id: pipeline.id }, key)).pipeline;
    expect(found).toMatchObject({ id: pipeline.id, name: 'Sales pipeline', isDefault: true, isActive: true });
    expect(found.stages.map((s: { key: string }) => s.key)).toEqual(DEFAULT_STAGES.map((s) => s.key));
  });

  it("answers null for an unknown id and another workspace's pipeline alike, VALIDATION_ERROR for a malformed id", async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const other = await gw.workspace();
    for (const id of [UNKNOWN_ID, other.pipeline.id]) {
      const response = await gw.graphql(GET_PIPELINE, { id }, key);
      expect(dataOf(response).pipeline, id).toBeNull();
    }
    expect(expectInvalid(await gw.graphql(GET_PIPELINE, { id: 'not-a-uuid' }, key), 'id')).toEqual({
      id: 'Must be a UUID',
    });
  });

  it("lists the workspace's pipelines only, oldest first", async () => {
    const gw = gateway();
    const { key, pipeline } = await gw.workspace();
    await gw.workspace();
    const created = await createPipeline(gw, key, { name: 'Partners' });
    const list = dataOf(await gw.graphql(`{ pipelines { id } }`, {}, key)).pipelines;
    expect(list.map((p: { id: string }) => p.id)).toEqual([pipeline.id, created.id]);
  });
});

describe('opportunityStage query', () => {
  it('answers a stage of the workspace, with its exact probability', async () => {
    const gw = gateway();
    const { key, stage } = await gw.workspace();
    const found = dataOf(await gw.graphql(GET_STAGE, { id: stage('qualified').id }, key)).opportunityStage;
    expect(found).toMatchObject({ key: 'qualified', probability: '0.4', status: 'open', position: 2 });
  });

  it("answers null for an unknown id and another workspace's stage alike, VALIDATION_ERROR for a malformed id", async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const other = await gw.workspace();
    for (const id of [UNKNOWN_ID, other.stage('new').id]) {
      expect(dataOf(await gw.graphql(GET_STAGE, { id }, key)).opportunityStage, id).toBeNull();
    }
    expectInvalid(await gw.graphql(GET_STAGE, { id: 'nope' }, key), 'id');
  });
});

describe('createPipeline', () => {
  it('creates an active pipeline with the seven default stages by default', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const created = await createPipeline(gw, key, { name: 'Enterprise', description: 'Big deals' });
    expect(created).toMatchObject({ name: 'Enterprise', description: 'Big deals', isActive: true, isDefault: false });
    expect(created.stages).toEqual(DEFAULT_STAGES.map((s, position) => ({ key: s.key, position })));
    const stored = await gw.prisma.opportunityStage.findMany({ where: { pipelineId: created.id } });
    expect(new Set(stored.map((s) => s.workspaceId)).size).toBe(1);
  });

  it('creates an empty, inactive pipeline on request and stores an empty description as null', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const created = await createPipeline(gw, key, { withDefaultStages: false, isActive: false, description: '' });
    expect(created).toMatchObject({ isActive: false, description: null, stages: [] });
  });

  it('rejects an empty, a too long and a missing name, and a too long description', async () => {
    const gw = gateway();
    const { key, workspace } = await gw.workspace();
    const empty = expectInvalid(await gw.graphql(CREATE_PIPELINE, { input: { name: '  ' } }, key), 'name');
    expect(empty.name).toBe('Must not be empty');
    const long = expectInvalid(await gw.graphql(CREATE_PIPELINE, { input: { name: 'x'.repeat(256) } }, key), 'name');
    expect(long.name).toBe('At most 255 characters');
    expectInvalid(await gw.graphql(CREATE_PIPELINE, { input: {} }, key), 'name');
    expectInvalid(
      await gw.graphql(CREATE_PIPELINE, { input: { name: 'ok', description: 'd'.repeat(5001) } }, key),
      'description',
    );
    expect(await gw.prisma.pipeline.count({ where: { workspaceId: workspace.id } })).toBe(1);
  });
});

describe('updatePipeline', () => {
  it('changes only the given fields; null clears the description', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const created = await createPipeline(gw, key, { name: 'Before', description: 'Kept' });
    const renamed = dataOf(await gw.graphql(UPDATE_PIPELINE, { id: created.id, input: { name: 'After' } }, key));
    expect(renamed.updatePipeline).toMatchObject({ name: 'After', description: 'Kept', isActive: true });
    const cleared = dataOf(
      await gw.graphql(UPDATE_PIPELINE, { id: created.id, input: { description: null, isActive: false } }, key),
    );
    expect(cleared.updatePipeline).toMatchObject({ name: 'After', description: null, isActive: false });
  });

  it('refuses null for the name and for isActive, and an invalid name', async () => {
    const gw = gateway();
    const { key, pipeline } = await gw.workspace();
    const fields = expectInvalid(
      await gw.graphql(UPDATE_PIPELINE, { id: pipeline.id, input: { name: null, isActive: null } }, key),
      'name',
      'isActive',
    );
    expect(fields.name).toBe('Must not be null');
    expectInvalid(
      await gw.graphql(UPDATE_PIPELINE, { id: pipeline.id, input: { name: 'y'.repeat(256) } }, key),
      'name',
    );
    expect((await gw.prisma.pipeline.findUniqueOrThrow({ where: { id: pipeline.id } })).name).toBe('Sales pipeline');
  });

  it("answers NOT_FOUND for an unknown or another workspace's pipeline, VALIDATION_ERROR for a malformed id, changing nothing", async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const other = await gw.workspace();
    for (const id of [UNKNOWN_ID, other.pipeline.id]) {
      expectNotFound(await gw.graphql(UPDATE_PIPELINE, { id, input: { name: 'Hijacked' } }, key), 'Pipeline');
    }
    expectInvalid(await gw.graphql(UPDATE_PIPELINE, { id: 'nope', input: { name: 'Hijacked' } }, key), 'id');
    expect((await gw.prisma.pipeline.findUniqueOrThrow({ where: { id: other.pipeline.id } })).name).toBe(
      'Sales pipeline',
    );
  });
});
