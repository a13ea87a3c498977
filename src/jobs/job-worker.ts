// The background job runner: graphile-worker over the database's job-queue pool (PostgreSQL, or the
// embedded PGlite through src/db/pglite-pg-pool.ts). Started inside the server by default
// (WEBHOOK_WORKER) and by `npm run worker`. `installJobQueue` installs or upgrades its schema
// (graphile_worker) and the enqueue trigger.
import { run, runMigrations, type Logger as WorkerLogger, type Runner } from 'graphile-worker';
import { Logger } from 'graphile-worker';
import type pg from 'pg';
import type { Database } from '../db/client.js';
import type { WebhookConfig } from '../modules/webhook/webhook-config.js';
import {
  PRUNE_EXPIRED_CRONTAB,
  PRUNE_EXPIRED_TASK,
  pruneExpiredTask,
  type PruneOptions,
} from './prune-expired.task.js';
import { WEBHOOK_DELIVERY_TASK, webhookDeliveryTask } from './webhook-delivery.task.js';
import { WEBHOOK_ENQUEUE_SQL } from './webhook-enqueue.sql.js';
import {
  DEAD_WORKER_SWEEP_MS,
  WorkerLiveness,
  releaseAllJobLocks,
  releaseDeadWorkersJobs,
} from './dead-worker-locks.js';

export interface JobWorker {
  stop(): Promise<void>;
}

/** Warnings and errors only: a job's success is not news. */
function quietLogger(): WorkerLogger {
  return new Logger(() => (level, message) => {
    if (level === 'error') console.error(`[jobs] ${message}`);
    else if (level === 'warning') console.warn(`[jobs] ${message}`);
  });
}

/**
 * Installs or upgrades the job queue's schema (graphile_worker) and the trigger that enqueues
 * webhook deliveries (idempotent). Run after the migrations: by `npm run db:migrate`, at server
 * start and by the worker.
 */
export async function installJobQueue(pgPool: pg.Pool): Promise<void> {
  await runMigrations({ pgPool, logger: quietLogger() });
  await pgPool.query(WEBHOOK_ENQUEUE_SQL);
}

export async function startJobWorker(
  db: Database,
  config: WebhookConfig,
  prune: PruneOptions = {},
  logger: Pick<Console, 'warn'> = console,
): Promise<JobWorker> {
  await installJobQueue(db.jobQueuePool);
  const released = (ids: string[]) => {
    if (ids.length) logger.warn(`[jobs] released the jobs of ${ids.length} dead worker(s): ${ids.join(', ')}`);
  };
  // The embedded database has no other process: what is still locked was this folder's last run's.
  if (db.kind === 'pglite') released(await releaseAllJobLocks(db.jobQueuePool));
  else released(await releaseDeadWorkersJobs(db.jobQueuePool));
  const liveness = db.kind === 'postgres' ? new WorkerLiveness(db.jobQueuePool, logger) : undefined;
  const runner: Runner = await run({
    pgPool: db.jobQueuePool,
    concurrency: config.concurrency,
    pollInterval: config.pollIntervalMs,
    // The server handles SIGTERM/SIGINT and stops the worker itself.
    noHandleSignals: true,
    logger: quietLogger(),
    taskList: {
      [WEBHOOK_DELIVERY_TASK]: webhookDeliveryTask(db.prisma, config),
      [PRUNE_EXPIRED_TASK]: pruneExpiredTask(db.prisma, prune),
    },
    crontab: PRUNE_EXPIRED_CRONTAB,
    preset: { plugins: liveness ? [liveness.plugin] : [] },
  }).catch(async (error: unknown) => {
    await liveness?.close();
    throw error;
  });
  let sweepFailed = false;
  const sweep = liveness
    ? setInterval(() => {
        releaseDeadWorkersJobs(db.jobQueuePool).then(
          (ids) => {
            sweepFailed = false;
            released(ids);
          },
          (error: unknown) => {
            if (sweepFailed) return;
            sweepFailed = true;
            logger.warn(
              `[jobs] dead workers not looked for (${error instanceof Error ? error.message : String(error)})`,
            );
          },
        );
      }, DEAD_WORKER_SWEEP_MS).unref()
    : undefined;
  return {
    stop: async () => {
      clearInterval(sweep);
      liveness?.stopWaiting();
      try {
        await runner.stop();
      } finally {
        // Only now: until its jobs are finished or released, the pool must look alive.
        await liveness?.close();
      }
    },
  };
}

const RESTART_DELAY_MS = 5_000;

/**
 * The worker of a server: started in the background and, while the database cannot be reached,
 * tried again every few seconds, so the server still comes up and answers 503 meanwhile.
 */
export function startJobWorkerInBackground(
  db: Database,
  config: WebhookConfig,
  prune: PruneOptions = {},
  logger: Pick<Console, 'warn'> = console,
): JobWorker {
  let stopped = false;
  let running: JobWorker | undefined;
  let retry: NodeJS.Timeout | undefined;
  let attempt: Promise<void>;
  const start = async () => {
    try {
      const started = await startJobWorker(db, config, prune, logger);
      if (stopped) await started.stop();
      else running = started;
    } catch (error) {
      if (stopped) return;
      const reason = error instanceof Error ? error.message : String(error);
      logger.warn(`webhook worker not started (${reason}); trying again in ${RESTART_DELAY_MS / 1000} s`);
      retry = setTimeout(() => {
        attempt = start();
      }, RESTART_DELAY_MS).unref();
    }
  };
  attempt = start();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(retry);
      await attempt;
      await running?.stop();
    },
  };
}
