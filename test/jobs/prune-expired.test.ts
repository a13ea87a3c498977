// The hourly prune on the job queue: registered as a cron of the real graphile-worker, it deletes
// opportunity events past their retention and Idempotency-Key records past 24 hours, nothing newer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJobWorker, type JobWorker } from '../../src/jobs/job-worker.js';
import { PRUNE_EXPIRED_TASK } from '../../src/jobs/prune-expired.task.js';
import { DEFAULT_WEBHOOK_CONFIG } from '../../src/modules/webhook/webhook-config.js';
import { useGateway } from '../support/gateway.js';
import { createOpportunity } from '../opportunity/fixtures.js';
import { waitFor } from '../webhook/receiver.js';

const gateway = useGateway();
let worker: JobWorker;

beforeAll(async () => {
  worker = await startJobWorker(
    gateway().db,
    { ...DEFAULT_WEBHOOK_CONFIG, concurrency: 1, pollIntervalMs: 200 },
    { eventRetentionDays: 7 },
  );
});
afterAll(async () => {
  await worker.stop();
});

describe('prune_expired', () => {
  it('is scheduled hourly on the job queue and deletes only what expired', async () => {
    const gw = gateway();
    // The cron registers its schedules just after the worker starts.
    await waitFor(async () => {
      const crontabs = await gw.db.jobQueuePool.query<{ identifier: string }>(
        'SELECT identifier FROM graphile_worker._private_known_crontabs',
      );
      return crontabs.rows.some((row) => row.identifier === PRUNE_EXPIRED_TASK);
    }, 'the prune schedule');

    const { key, workspace } = await gw.workspace();
    const old = await createOpportunity(gw, key, { name: 'Old' });
    const recent = await createOpportunity(gw, key, { name: 'Recent' });
    await gw.prisma.$executeRaw`UPDATE opportunity_event SET occurred_at = now() - interval '8 days'
      WHERE workspace_id = ${workspace.id}::uuid AND opportunity_id = ${old.id}`;
    const scope = { workspaceId: workspace.id, apiKeyId: workspace.id };
    await gw.services.idempotency.claim(scope, 'old', 'a'.repeat(64));
    await gw.services.idempotency.claim(scope, 'new', 'b'.repeat(64));
    await gw.prisma.$executeRaw`UPDATE idempotency_key SET created_at = now() - interval '25 hours'
      WHERE workspace_id = ${workspace.id}::uuid AND key = 'old'`;

    await gw.db.jobQueuePool.query('SELECT graphile_worker.add_job($1)', [PRUNE_EXPIRED_TASK]);
    // Done when the job has left the queue (a failed one stays, to be retried): it deletes the
    // keys and the events in two statements, so either count alone can be read between them.
    await waitFor(async () => {
      const queued = await gw.db.jobQueuePool.query<{ count: number }>(
        'SELECT count(*)::int AS count FROM graphile_worker.jobs WHERE task_identifier = $1',
        [PRUNE_EXPIRED_TASK],
      );
      return queued.rows[0]?.count === 0;
    }, 'the prune job');
    const events = await gw.prisma.opportunityEvent.findMany({ where: { workspaceId: workspace.id } });
    expect(events.map((event) => event.opportunityId)).toEqual([recent.id]);
    const keys = await gw.prisma.idempotencyKey.findMany({ where: { workspaceId: workspace.id } });
    expect(keys.map((record) => record.key)).toEqual(['new']);
  });
});
