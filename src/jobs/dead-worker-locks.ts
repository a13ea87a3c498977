// Takes back at once the jobs of a worker that died mid-job (kill -9, out of memory, a lost host),
// which graphile-worker itself only does once their lock is 4 hours old. Its pools lock jobs under
// a random pool id (`locked_by`); a pool is alive while it holds a session named after that id:
// each of ours opens one (application_name `graphile_worker:<pool id>`) before it locks its first job
// (the `startWorker` hook) and closes it after its last. PostgreSQL ends the session of a dead
// process, so a lock without a session is stale and is released (graphile_worker.force_unlock_workers)
// at start and then periodically, by whichever instance sees it first. On the embedded PGlite, which
// one process alone opens, every lock found at start is stale.
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import type { WorkerPool } from 'graphile-worker';

export const LIVENESS_APPLICATION_PREFIX = 'graphile_worker:';

/** How often a running worker looks for the locks of dead ones (a restart looks at once). */
export const DEAD_WORKER_SWEEP_MS = 10_000;

// A lost host's session would linger until the kernel's keepalive (about two hours): these end it
// within about 25 s. Ignored on a Unix socket, where a dead process is seen at once.
const KEEPALIVES: Record<string, string> = {
  tcp_keepalives_idle: '10',
  tcp_keepalives_interval: '5',
  tcp_keepalives_count: '3',
};

/**
 * Releases the jobs locked by pools that have no session named after them; answers their ids.
 * One statement: its snapshot of the locks is taken before it reads the sessions, and a pool opens
 * its session before it locks anything, so a live pool's lock is never taken for a dead one's.
 */
export async function releaseDeadWorkersJobs(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ dead: string[] | null }>(
    `WITH dead AS (
       SELECT DISTINCT locked_by FROM graphile_worker.jobs AS job
       WHERE locked_by IS NOT NULL AND NOT EXISTS (
         SELECT FROM pg_stat_activity
         WHERE datname = current_database() AND application_name = $1 || job.locked_by))
     SELECT array_agg(locked_by) AS dead, graphile_worker.force_unlock_workers(array_agg(locked_by))
     FROM dead HAVING count(*) > 0`,
    [LIVENESS_APPLICATION_PREFIX],
  );
  return rows[0]?.dead ?? [];
}

/** Releases every job lock: on the embedded database, before this process's worker starts. */
export async function releaseAllJobLocks(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ dead: string[] | null }>(
    `SELECT array_agg(DISTINCT locked_by) AS dead, graphile_worker.force_unlock_workers(array_agg(DISTINCT locked_by))
     FROM graphile_worker.jobs WHERE locked_by IS NOT NULL HAVING count(*) > 0`,
  );
  return rows[0]?.dead ?? [];
}

/**
 * The session that says a worker pool is alive: opened by the graphile-worker plugin `plugin`
 * before the pool's workers look for their first job, reopened if the database drops it (until
 * then other instances may take the pool's jobs, as they would a dead one's), closed by `close`
 * once the runner has stopped.
 */
export class WorkerLiveness {
  private client: pg.PoolClient | undefined;
  private registered: Promise<void> | undefined;
  /** Aborted when the runner stops: a worker still waiting for the session must not hold its stop. */
  private readonly stopping = new AbortController();
  private closed = false;
  private warned = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly logger: Pick<Console, 'warn'>,
  ) {}

  /** A graphile-worker plugin whose `startWorker` hook waits for the pool's session. */
  get plugin(): GraphileConfig.Plugin {
    return {
      name: 'WorkerLivenessPlugin',
      version: '1.0.0',
      worker: {
        hooks: {
          // A worker awaits this before its first job; graphile-worker retries a failing hook
          // without running it again, so it never fails: it waits until the session is open.
          startWorker: (_info, { worker }) => this.register(worker.workerPool),
        },
      },
    };
  }

  /** Before the runner stops: workers waiting for the session give up (their pool takes no more jobs). */
  stopWaiting(): void {
    this.stopping.abort();
  }

  /** Closes the session: only once the runner has stopped, so no job of this pool is running. */
  async close(): Promise<void> {
    this.stopWaiting();
    this.closed = true;
    await this.registered;
    this.client?.release(true);
    this.client = undefined;
  }

  private register(workerPool: WorkerPool): Promise<void> {
    // Every worker of the pool awaits the same session.
    this.registered ??= this.open(workerPool.id);
    return this.registered;
  }

  private async open(poolId: string): Promise<void> {
    const { signal } = this.stopping;
    for (let delayMs = 100; !signal.aborted; delayMs = Math.min(delayMs * 2, 5_000)) {
      let client: pg.PoolClient | undefined;
      try {
        client = await this.pool.connect();
        const settings = { ...KEEPALIVES, application_name: LIVENESS_APPLICATION_PREFIX + poolId };
        await client.query(
          'SELECT set_config(name, value, false) FROM json_each_text($1::json) AS setting(name, value)',
          [JSON.stringify(settings)],
        );
        if (this.closed) {
          client.release(true);
          return;
        }
        this.client = client;
        this.warned = false;
        const lost = () => {
          if (this.client !== client || this.closed) return;
          this.client = undefined;
          client?.release(true);
          this.registered = this.open(poolId);
        };
        client.once('error', lost);
        client.once('end', lost);
        return;
      } catch (error) {
        client?.release(true);
        if (!this.warned) {
          this.warned = true;
          const reason = error instanceof Error ? error.message : String(error);
          this.logger.warn(`[jobs] worker liveness session not open (${reason}); trying again`);
        }
        await sleep(delayMs, undefined, { signal }).catch(() => undefined);
      }
    }
  }
}
