// pipelineVelocity: per stage, entries, exits (forward, won, lost) and time spent, from the history.
// The moves go through the API; their instants are then set to known ones, so times are exact.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useGateway, type TestGateway } from '../support/gateway.js';
import { MOVE, createOpportunity, dataOf, onlyError } from './fixtures.js';

const gateway = useGateway();

const VELOCITY = `query Velocity($pipelineId: ID!, $from: DateTime, $to: DateTime) {
  pipelineVelocity(pipelineId: $pipelineId, from: $from, to: $to) {
    stage { key } entered left leftForward leftToWon leftToLost meanSeconds medianSeconds
  } }`;

const T0 = new Date('2026-03-02T12:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

/** Creates an opportunity at T0 and moves it through `path`, each move at its second. */
async function journey(gw: TestGateway, key: string, path: Array<[string, number]>) {
  const created = await createOpportunity(gw, key);
  for (const [status] of path) dataOf(await gw.graphql(MOVE, { id: created.id, input: { status } }, key));
  await gw.prisma.opportunity.update({ where: { id: created.id }, data: { createdAt: T0 } });
  for (const [i, [, seconds]] of path.entries()) {
    await gw.prisma.stageChange.update({
      where: { opportunityId_version: { opportunityId: created.id, version: i + 2 } },
      data: { changedAt: at(seconds) },
    });
  }
}

describe('pipelineVelocity', () => {
  it('counts entries and exits per stage and the mean and median time spent', async () => {
    const gw = gateway();
    const { key, pipeline } = await gw.workspace();
    await journey(gw, key, [
      ['contacted', 10],
      ['won', 70],
    ]);
    await journey(gw, key, [
      ['contacted', 30],
      ['new', 40],
      ['lost', 100],
    ]);
    await journey(gw, key, []);

    const stages = dataOf(await gw.graphql(VELOCITY, { pipelineId: pipeline.id }, key)).pipelineVelocity;
    const byKey = Object.fromEntries(stages.map(({ stage, ...rest }: { stage: { key: string } }) => [stage.key, rest]));
    expect(stages.map((row: { stage: { key: string } }) => row.stage.key)).toEqual(
      pipeline.stages.map((stage) => stage.key),
    );
    expect(byKey.new).toEqual({
      entered: 4,
      left: 3,
      leftForward: 2,
      leftToWon: 0,
      leftToLost: 1,
      meanSeconds: expect.closeTo(100 / 3, 6),
      medianSeconds: 30,
    });
    expect(byKey.contacted).toEqual({
      entered: 2,
      left: 2,
      leftForward: 0,
      leftToWon: 1,
      leftToLost: 0,
      meanSeconds: 35,
      medianSeconds: 35,
    });
    expect(byKey.won).toMatchObject({ entered: 1, left: 0, meanSeconds: null, medianSeconds: null });
    expect(byKey.qualified).toMatchObject({ entered: 0, left: 0, meanSeconds: null });

    const late = dataOf(
      await gw.graphql(
        VELOCITY,
        { pipelineId: pipeline.id, from: at(35).toISOString(), to: at(100).toISOString() },
        key,
      ),
    ).pipelineVelocity;
    expect(late.map((row: { stage: { key: string }; entered: number }) => [row.stage.key, row.entered])).toEqual([
      ['new', 1],
      ['contacted', 0],
      ['qualified', 0],
      ['proposal', 0],
      ['negotiation', 0],
      ['won', 1],
      ['lost', 0],
    ]);
  });

  it("answers NOT_FOUND for another workspace's or an unknown pipeline", async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const other = await gw.workspace();
    for (const pipelineId of [other.pipeline.id, randomUUID()]) {
      expect(onlyError(await gw.graphql(VELOCITY, { pipelineId }, key)).extensions?.code).toBe('NOT_FOUND');
    }
    expect(onlyError(await gw.graphql(VELOCITY, { pipelineId: 'nope' }, key)).extensions).toMatchObject({
      code: 'VALIDATION_ERROR',
      fields: { pipelineId: 'Must be a UUID' },
    });
  });
});
