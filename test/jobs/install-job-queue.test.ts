// Instances of a fleet start together, and each installs the job queue's schema and the webhook
// enqueue trigger: the installs must take turns, not fail on each other's CREATE OR REPLACE.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installJobQueue } from '../../src/jobs/job-worker.js';
import { openPostgresTestDatabase, type TestDatabase } from '../support/database.js';

const INSTANCES = 4;

describe('installing the job queue from several instances at once', () => {
  let database: TestDatabase & { url: string };
  let pools: pg.Pool[];

  beforeAll(async () => {
    database = await openPostgresTestDatabase();
    pools = Array.from({ length: INSTANCES }, () => new pg.Pool({ connectionString: database.url, max: 2 }));
  });

  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    await database.drop();
  });

  it('succeeds in every instance, round after round', async () => {
    for (let round = 0; round < 5; round++) {
      const outcomes = await Promise.allSettled(pools.map((pool) => installJobQueue(pool)));
      expect(outcomes.map((outcome) => (outcome.status === 'rejected' ? String(outcome.reason) : 'ok'))).toEqual(
        Array(INSTANCES).fill('ok'),
      );
    }
    const { rows } = await pools[0]!.query<{ name: string }>(
      `SELECT tgname AS name FROM pg_trigger WHERE tgrelid = 'opportunity_event'::regclass AND NOT tgisinternal`,
    );
    expect(rows).toEqual([{ name: 'opportunity_event_enqueue_webhook_deliveries' }]);
  });
});
