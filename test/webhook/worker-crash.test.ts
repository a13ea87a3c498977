// kill -9 in the middle of a delivery loses nothing. A real server process (src/server.ts, its
// webhook worker inside) on PostgreSQL posts to a real receiver that takes the request and does not
// answer; the process is killed while it waits. A second process started on the same database
// finds the job locked by a worker pool with no session left (src/jobs/dead-worker-locks.ts),
// releases it at once and delivers the same event again (same webhook-id), recorded as succeeded.
// PostgreSQL in every run: only it has other processes' sessions to tell a live worker by.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVENESS_APPLICATION_PREFIX } from '../../src/jobs/dead-worker-locks.js';
import { SCOPES } from '../../src/modules/api-key/scopes.js';
import { createWorkspace } from '../../src/modules/workspace/workspace.service.js';
import { createServices } from '../../src/services.js';
import { dataOf } from '../support/assertions.js';
import { openPostgresTestDatabase, type TestDatabase } from '../support/database.js';
import { ServerProcess, startTimeoutMs } from '../support/server-process.js';
import { CREATE_WEBHOOK, DELIVERIES, verified } from './documents.js';
import { startReceiver, waitFor } from './receiver.js';

describe('a server killed (kill -9) in the middle of a delivery', () => {
  let database: TestDatabase & { url: string };
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let admin: pg.Client;
  let key: string;
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    database = await openPostgresTestDatabase();
    receiver = await startReceiver();
    admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    const { workspace } = await createWorkspace(database.db.prisma, 'Crash');
    ({ rawKey: key } = await createServices(database.db).apiKeys.create({
      workspaceId: workspace.id,
      name: 'k',
      scopes: SCOPES,
    }));
  }, startTimeoutMs);

  afterAll(async () => {
    for (const server of servers) server.kill();
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

  it(
    'the event is delivered again, with the same webhook-id, by the next process on the database',
    async () => {
      const first = await start();
      const auth = { authorization: `Bearer ${key}` };
      const { createWebhook } = dataOf(
        await first.graphql(CREATE_WEBHOOK, auth, { input: { url: receiver.url('/crash') } }),
      );
      // The first attempt is taken and never answered; any later one is answered 200.
      const never = new Promise<number>(() => {});
      receiver.answer('/crash', (request) => (receiver.at('/crash')[0] === request ? never : 200));
      dataOf(await first.graphql(`mutation { createOpportunity(input: { name: "Crash" }) { id } }`, auth));

      const [attempt] = await waitFor(
        () => (receiver.at('/crash').length ? receiver.at('/crash') : undefined),
        'the first attempt',
      );
      // The delivery job is locked by the first process's worker pool, whose session says it is alive.
      const { rows } = await admin.query<{ locked_by: string | null }>(
        `SELECT locked_by FROM graphile_worker.jobs WHERE task_identifier = 'webhook_delivery'`,
      );
      const poolId = rows[0]?.locked_by;
      expect(poolId, first.log()).toMatch(/^pool-/);
      expect(await sessionsOf(poolId!)).toBe(1);

      first.child.kill('SIGKILL');
      await first.exited;
      // PostgreSQL has ended the dead process's sessions: its pool is provably gone.
      await waitFor(async () => (await sessionsOf(poolId!)) === 0, 'the killed pool session to end');
      const second = await start();
      const [, again] = await waitFor(
        () => (receiver.at('/crash').length >= 2 ? receiver.at('/crash') : undefined),
        `the redelivery:\n${second.log()}`,
      );
      // Released by the second process at its start, not by graphile-worker's 4-hour lock expiry.
      expect(second.log()).toContain(`released the jobs of 1 dead worker(s): ${poolId}`);
      expect(again!.headers['webhook-id']).toBe(attempt!.headers['webhook-id']);
      const { secret } = createWebhook as { secret: string };
      expect(verified(secret, again!).type).toBe('opportunity.created');

      // The second attempt was answered 200: recorded as the delivery's one attempt, succeeded.
      const deliveries = await waitFor(async () => {
        const { webhookDeliveries } = dataOf(
          await second.graphql(DELIVERIES, auth, { id: (createWebhook as { webhook: { id: string } }).webhook.id }),
        );
        const nodes = webhookDeliveries.nodes as Array<{
          status: string;
          attempts: number;
          lastResponseStatus: number;
        }>;
        return nodes.every((node) => node.status === 'SUCCEEDED') ? nodes : undefined;
      }, 'the recorded success');
      expect(deliveries.map((d) => [d.status, d.attempts, d.lastResponseStatus])).toEqual([['SUCCEEDED', 1, 200]]);
      expect(receiver.at('/crash')).toHaveLength(2);
    },
    startTimeoutMs * 3,
  );
});
