import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.js';
import {
  CREATE_PIPELINE,
  CREATE_STAGE,
  dataOf,
  GET_PIPELINE,
  GET_STAGE,
  onlyError,
  PIPELINE_LIST,
  STAGE_LIST,
  UPDATE_PIPELINE,
  UPDATE_STAGE,
} from './fixtures.js';

const gateway = useGateway();

/** Every operation of the module, with variables that would succeed for a fully scoped key. */
async function operations() {
  const gw = gateway();
  const ws = await gw.workspace();
  const reads: Array<[string, Record<string, unknown>]> = [
    [GET_PIPELINE, { id: ws.pipeline.id }],
    [`{ pipelines { id } }`, {}],
    [PIPELINE_LIST, {}],
    [GET_STAGE, { id: ws.stage('new').id }],
    [STAGE_LIST, {}],
  ];
  const writes: Array<[string, Record<string, unknown>]> = [
    [CREATE_PIPELINE, { input: { name: 'Forbidden' } }],
    [UPDATE_PIPELINE, { id: ws.pipeline.id, input: { name: 'Forbidden' } }],
    [CREATE_STAGE, { input: { pipelineId: ws.pipeline.id, name: 'Forbidden', probability: '0.5', status: 'open' } }],
    [UPDATE_STAGE, { id: ws.stage('new').id, input: { name: 'Forbidden' } }],
  ];
  return { gw, ws, reads, writes };
}

describe('access', () => {
  it('answers UNAUTHENTICATED to every query and mutation without a key', async () => {
    const { gw, reads, writes } = await operations();
    for (const [query, variables] of [...reads, ...writes]) {
      const error = onlyError(await gw.graphql(query, variables));
      expect(error.extensions?.code, query).toBe('UNAUTHENTICATED');
    }
  });

  it('lets a pipelines:read key read, and answers FORBIDDEN requiring pipelines:write to its writes', async () => {
    const { gw, ws, reads, writes } = await operations();
    const readOnly = await gw.key(ws.workspace.id, ['pipelines:read']);
    for (const [query, variables] of reads) dataOf(await gw.graphql(query, variables, readOnly));
    for (const [query, variables] of writes) {
      const error = onlyError(await gw.graphql(query, variables, readOnly));
      expect(error.extensions, query).toMatchObject({ code: 'FORBIDDEN', requiredScope: 'pipelines:write' });
    }
    const stored = await gw.prisma.pipeline.findUniqueOrThrow({
      where: { id: ws.pipeline.id },
      include: { stages: true },
    });
    expect(stored.name).toBe('Sales pipeline');
    expect(stored.stages.map((s) => s.name)).not.toContain('Forbidden');
    expect(await gw.prisma.pipeline.count({ where: { workspaceId: ws.workspace.id } })).toBe(1);
  });

  it('answers FORBIDDEN requiring pipelines:read to a key without it', async () => {
    const { gw, ws, reads } = await operations();
    const opportunitiesOnly = await gw.key(ws.workspace.id, ['opportunities:read', 'pipelines:write']);
    for (const [query, variables] of reads) {
      const error = onlyError(await gw.graphql(query, variables, opportunitiesOnly));
      expect(error.extensions, query).toMatchObject({ code: 'FORBIDDEN', requiredScope: 'pipelines:read' });
    }
  });

  it('lets a pipelines:write key write', async () => {
    const { gw, ws, writes } = await operations();
    const writer = await gw.key(ws.workspace.id, ['pipelines:write']);
    for (const [query, variables] of writes) dataOf(await gw.graphql(query, variables, writer));
    expect(await gw.prisma.pipeline.count({ where: { workspaceId: ws.workspace.id } })).toBe(2);
  });
});
