// kill -9 in the middle of a delivery loses nothing. A real server process (src/server.ts, its
// webhook worker inside) on PostgreSQL posts to a real receiver that takes the request and does not
// answer; the process is killed while it waits. Another process on the same database, started
// after or already running, finds the job locked by a worker pool with no session left
// (src/jobs/dead-worker-locks.ts), releases it and delivers the same event again (same
// webhook-id), recorded as succeeded; while the first lived, its lock was left alone.
// PostgreSQL in every run: only it has other processes' sessions to tell a live worker by.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEAD_WORKER_SWEEP_MS, LIVENESS_APPLICATION_PREFIX } from '../../src/jobs/dead-worker-locks.js';
import { SCOPES } from '../../src/modules/api-key/scopes.js';
import { createWorkspace } from '../../src/modules/workspace/workspace.service.js';
import { createServices } from '../../src/services.js';
import { dataOf } from '../support/assertions.js';
import { openPostgresTestDatabase, type TestDatabase } from '../support/database.js';
import { ServerProcess, startTimeoutMs } from '../support/server-process.js';
import { CREATE_WEBHOOK, DELIVERIES, verified } from './documents.js';
import { startReceiver, waitFor } from './receiver.js';

// Retried once: twice in full-suite runs on two cores, a first server's worker had not attempted
// the delivery within a minute of its start (alone, and beside the other process tests, it does
// within seconds). The cause is not found yet; the server's log is in the failure message.
describe('a server killed (kill -9) in the middle of a delivery', { retry: 1 }, () => {
  let database: TestDatabase & { url: string };
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let admin: pg.Client;
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    database = await openPostgresTestDatabase();
    receiver = await startReceiver();
    admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
  }, startTimeoutMs);

  // A case's servers end with it: one left running would take the next case's jobs.
  afterEach(() => {
    for (const server of servers.splice(0)) server.kill();
  });

  afterAll(async () => {
    await admin?.end();
    await receiver?.close();
    await database?.drop();
  });

  const start = async () => {
    const server = await ServerProcess.start({
      DATABASE_URL: database.url,
      WEBHOOK_ALLOW_PRIVATE_TARGETS: '1',
      WEBHOOK_POLL_INTERVAL_MS: '200',
      // Far longer than the test: the first attempt ends only by the kill.
      WEBHOOK_TIMEOUT_MS: '120000',
      LOG_LEVEL: 'warn',
    });
    servers.push(server);
    return server;
  };
  /** The sessions that say the worker pool `poolId` is alive. */
  const sessionsOf = async (poolId: string) =>
    (
      await admin.query('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [
        LIVENESS_APPLICATION_PREFIX + poolId,
      ])
    ).rowCount;

  /** Who holds the delivery jobs of a webhook (their key and queue name its id and the opportunity's). */
  const lockersOf = async (webhookId: string) =>
    (
      await admin.query<{ locked_by: string | null }>(
        `SELECT locked_by FROM graphile_worker.jobs WHERE key LIKE 'webhook:' || $1 || ':%'`,
        [webhookId],
      )
    ).rows.map((row) => row.locked_by);

  /** A workspace of the test's own: its webhook gets its changes alone. */
  async function newAuth() {
    const { workspace } = await createWorkspace(database.db.prisma, `Crash ${randomUUID()}`);
    const { rawKey } = await createServices(database.db).apiKeys.create({
      workspaceId: workspace.id,
      name: 'k',
      scopes: SCOPES,
    });
    return { authorization: `Bearer ${rawKey}` };
  }

  /**
   * A webhook to `path` and a change, delivered by `server`'s worker to a receiver that takes the
   * first attempt and never answers it (any later one is answered 200).
   */
  async function deliveryHeldBy(server: ServerProcess, path: string) {
    const auth = await newAuth();
    const { createWebhook } = dataOf(
      await server.graphql(CREATE_WEBHOOK, auth, { input: { url: receiver.url(path) } }),
    );
    const never = new Promise<number>(() => {});
    receiver.answer(path, (request) => (receiver.at(path)[0] === request ? never : 200));
    dataOf(await server.graphql(`mutation { createOpportunity(input: { name: "Crash" }) { id } }`, auth));
    const [attempt] = await waitFor(
      () => (receiver.at(path).length ? receiver.at(path) : undefined),
      () => `the first attempt:\n${server.log()}`,
      // The worker starts after the server listens (its queue's schema first): as slow as a start.
      startTimeoutMs,
    );
    // The delivery job is locked by the server's worker pool, whose session says it is alive.
    const webhook = createWebhook as { secret: string; webhook: { id: string } };
    const [poolId] = await lockersOf(webhook.webhook.id);
    expect(poolId, server.log()).toMatch(/^pool-/);
    expect(await sessionsOf(poolId!)).toBe(1);
    return { auth, webhook, attempt: attempt!, poolId: poolId! };
  }

  async function killed(server: ServerProcess, poolId: string) {
    server.child.kill('SIGKILL');
    await server.exited;
    // PostgreSQL has ended the dead process's sessions: its pool is provably gone.
    await waitFor(async () => (await sessionsOf(poolId)) === 0, 'the killed pool session to end');
  }

  /** The same event again, signed, then recorded as the delivery's one attempt, succeeded. */
  async function redelivered(by: ServerProcess, path: string, held: Awaited<ReturnType<typeof deliveryHeldBy>>) {
    const [, again] = await waitFor(
      () => (receiver.at(path).length >= 2 ? receiver.at(path) : undefined),
      () => `the redelivery:\n${by.log()}`,
      DEAD_WORKER_SWEEP_MS + 15_000,
    );
    expect(by.log()).toContain(`released the jobs of 1 dead worker(s): ${held.poolId}`);
    expect(again!.headers['webhook-id']).toBe(held.attempt.headers['webhook-id']);
    expect(verified(held.webhook.secret, again!).type).toBe('opportunity.created');
    const deliveries = await waitFor(async () => {
      const { webhookDeliveries } = dataOf(await by.graphql(DELIVERIES, held.auth, { id: held.webhook.webhook.id }));
      const nodes = webhookDeliveries.nodes as Array<{ status: string; attempts: number; lastResponseStatus: number }>;
      return nodes.every((node) => node.status === 'SUCCEEDED') ? nodes : undefined;
    }, 'the recorded success');
    expect(deliveries.map((d) => [d.status, d.attempts, d.lastResponseStatus])).toEqual([['SUCCEEDED', 1, 200]]);
    expect(receiver.at(path)).toHaveLength(2);
  }

  it(
    'the next process started on the database delivers the event again, releasing the lock at its start',
    async () => {
      const first = await start();
      const held = await deliveryHeldBy(first, '/restart');
      await killed(first, held.poolId);
      const second = await start();
      await redelivered(second, '/restart', held);
      second.kill();
    },
    startTimeoutMs * 3,
  );

  it(
    'a process already running delivers it again, having left the lock alone while its holder lived',
    async () => {
      const first = await start();
      const held = await deliveryHeldBy(first, '/running');
      const second = await start();
      // The second process's pool has its session: its start, and its look for dead workers, are behind it.
      await waitFor(
        async () => {
          const { rows } = await admin.query<{ count: number }>(
            `SELECT count(*)::int FROM pg_stat_activity WHERE application_name LIKE $1 || 'pool-%'`,
            [LIVENESS_APPLICATION_PREFIX],
          );
          return rows[0]!.count === 2;
        },
        'the second pool',
        startTimeoutMs,
      );
      expect(await lockersOf(held.webhook.webhook.id)).toEqual([held.poolId]);
      expect(receiver.at('/running')).toHaveLength(1);
      await killed(first, held.poolId);
      await redelivered(second, '/running', held);
    },
    startTimeoutMs * 3,
  );
});
