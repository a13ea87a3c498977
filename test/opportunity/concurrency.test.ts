// Many simultaneous moves of one opportunity. On PostgreSQL (the CI's second run) they truly race
// over a connection pool; the history must still form one unbroken chain.
import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.js';
import { MOVE, createOpportunity } from './fixtures.js';

const gateway = useGateway();

describe('concurrent stage moves', () => {
  it('100 concurrent moves leave one history row per successful move, chained, and no 5xx', async () => {
    const gw = gateway();
    const { key, pipeline } = await gw.workspace();
    const created = await createOpportunity(gw, key);
    const keys = pipeline.stages.map((stage) => stage.key);

    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        gw.graphql(MOVE, { id: created.id, input: { status: keys[(i % (keys.length - 1)) + 1] } }, key),
      ),
    );
    for (const response of responses) {
      expect(response.status).toBeLessThan(500);
      expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
    }

    const history = await gw.prisma.stageChange.findMany({
      where: { opportunityId: created.id },
      orderBy: { version: 'asc' },
    });
    const opportunity = await gw.prisma.opportunity.findUniqueOrThrow({ where: { id: created.id } });
    // Every move whose target differed from the stage it found wrote exactly one row.
    expect(history.length).toBeGreaterThan(0);
    expect(opportunity.version).toBe(1 + history.length);
    expect(history[0]!.fromStageId).toBe(created.stageId);
    history.forEach((row, i) => {
      expect(row.version).toBe(i + 2);
      if (i > 0) expect(row.fromStageId).toBe(history[i - 1]!.toStageId);
      expect(row.fromStageId).not.toBe(row.toStageId);
    });
    expect(opportunity.stageId).toBe(history.at(-1)!.toStageId);
  });
});
