// An update of a pipeline or a stage that changes nothing writes nothing: version and updatedAt
// stay, so the ETag stays too; a stale expectedVersion / If-Match is still refused. Through
// GraphQL and through the Ruddr REST routes that run the same mutations.
import { describe, expect, it } from 'vitest';
import { useGateway, type TestGateway } from '../support/gateway.js';
import { PIPELINES, STAGES, ruddr } from '../ruddr/ruddr.js';
import { dataOf, onlyError } from './fixtures.js';

const gateway = useGateway();

const UPDATE_PIPELINE = `mutation($id: ID!, $input: UpdatePipelineInput!) {
  updatePipeline(id: $id, input: $input) { id name description isActive version updatedAt } }`;
const UPDATE_STAGE = `mutation($id: ID!, $input: UpdateOpportunityStageInput!) {
  updateOpportunityStage(id: $id, input: $input) {
    id name description probability status isActive position pipelineId version updatedAt } }`;

const tag = (id: string, version: number) => `"${id}-v${version}"`;

async function stored(gw: TestGateway, kind: 'pipeline' | 'stage', id: string) {
  const row =
    kind === 'pipeline'
      ? await gw.prisma.pipeline.findUniqueOrThrow({ where: { id } })
      : await gw.prisma.opportunityStage.findUniqueOrThrow({ where: { id } });
  return { version: row.version, updatedAt: row.updatedAt.toISOString() };
}

describe('no-op updates of pipelines (GraphQL)', () => {
  it('keeps version and updatedAt when no given field differs, and still checks expectedVersion', async () => {
    const gw = gateway();
    const { key, pipeline } = await gw.workspace();
    const { id } = pipeline;
    const written = dataOf(
      await gw.graphql(UPDATE_PIPELINE, { id, input: { name: 'Inbound', description: 'Web leads' } }, key),
    ).updatePipeline;
    expect(written.version).toBe(2);
    const before = await stored(gw, 'pipeline', id);

    for (const input of [
      {},
      { name: 'Inbound' },
      { name: 'Inbound', description: 'Web leads', isActive: true },
      { isActive: true, expectedVersion: 2 },
    ]) {
      const same = dataOf(await gw.graphql(UPDATE_PIPELINE, { id, input }, key)).updatePipeline;
      expect(same, JSON.stringify(input)).toMatchObject({ version: 2, updatedAt: written.updatedAt });
    }
    expect(await stored(gw, 'pipeline', id)).toEqual(before);

    // A stale version is a conflict even when nothing would change.
    const stale = onlyError(
      await gw.graphql(UPDATE_PIPELINE, { id, input: { name: 'Inbound', expectedVersion: 1 } }, key),
    );
    expect(stale.extensions).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH', currentVersion: 2 });

    // Clearing a description and setting one where there was none are changes (nulls compared as values).
    const cleared = dataOf(await gw.graphql(UPDATE_PIPELINE, { id, input: { description: null } }, key)).updatePipeline;
    expect([cleared.description, cleared.version]).toEqual([null, 3]);
    const clearedAgain = dataOf(await gw.graphql(UPDATE_PIPELINE, { id, input: { description: '' } }, key));
    expect(clearedAgain.updatePipeline.version).toBe(3);
    const described = dataOf(await gw.graphql(UPDATE_PIPELINE, { id, input: { description: 'Again' } }, key));
    expect(described.updatePipeline).toMatchObject({ description: 'Again', version: 4 });
  });
});

describe('no-op updates of stages (GraphQL)', () => {
  it('compares every given field as stored (an equal probability, the current pipeline) and still checks expectedVersion', async () => {
    const gw = gateway();
    const { key, stage } = await gw.workspace();
    const current = stage('qualified');
    const { id } = current;
    const before = await stored(gw, 'stage', id);
    for (const input of [
      {},
      {
        name: current.name,
        probability: current.probability.toFixed(1),
        status: current.status,
        isActive: current.isActive,
        position: current.position,
        pipelineId: current.pipelineId,
        description: current.description,
      },
      { probability: Number(current.probability), expectedVersion: 1 },
    ]) {
      const same = dataOf(await gw.graphql(UPDATE_STAGE, { id, input }, key)).updateOpportunityStage;
      expect(same.version, JSON.stringify(input)).toBe(1);
    }
    expect(await stored(gw, 'stage', id)).toEqual(before);

    const stale = onlyError(
      await gw.graphql(UPDATE_STAGE, { id, input: { name: current.name, expectedVersion: 7 } }, key),
    );
    expect(stale.extensions).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH', currentVersion: 1 });

    const changed = dataOf(
      await gw.graphql(UPDATE_STAGE, { id, input: { name: current.name, position: current.position + 10 } }, key),
    ).updateOpportunityStage;
    expect(changed.version).toBe(2);
    expect((await stored(gw, 'stage', id)).updatedAt).not.toBe(before.updatedAt);
  });
});

describe('no-op PATCHes (Ruddr REST)', () => {
  it('keep the ETag, version and updated_at of pipelines and stages; a stale If-Match is still 412', async () => {
    const gw = gateway();
    const { key, pipeline, stage } = await gw.workspace();
    const current = stage('new');
    for (const [path, kind, id, body] of [
      [PIPELINES, 'pipeline', pipeline.id, { name: pipeline.name, isActive: true }],
      [STAGES, 'stage', current.id, { name: current.name, probability: Number(current.probability), statusId: 'open' }],
    ] as const) {
      const url = `${path}/${id}`;
      const before = await stored(gw, kind, id);
      const same = await ruddr(gw, 'PATCH', url, { token: key, body, headers: { 'if-match': tag(id, 1) } });
      expect(same.status, JSON.stringify(same.body)).toBe(200);
      expect(same.headers.get('etag')).toBe(tag(id, 1));
      expect(await stored(gw, kind, id)).toEqual(before);

      const written = await ruddr(gw, 'PATCH', url, { token: key, body: { name: 'Renamed' } });
      expect(written.headers.get('etag')).toBe(tag(id, 2));
      const stale = await ruddr(gw, 'PATCH', url, {
        token: key,
        body: { name: 'Renamed' },
        headers: { 'if-match': tag(id, 1) },
      });
      expect(stale.status).toBe(412);
      expect(stale.headers.get('etag')).toBe(tag(id, 2));
    }
  });
});
