// The background job runner: graphile-worker over the database's job-queue pool (PostgreSQL, or the
// embedded PGlite through src/db/pglite-pg-pool.ts). Started inside the server by default
// (WEBHOOK_WORKER) and by `npm run worker`. It installs or upgrades its own schema
// (`graphile_worker`) when it starts; `installJobQueue` does the same ahead of time (migrations, tests).
import { run, runMigrations, type Logger as WorkerLogger, type Runner } from 'graphile-worker';
import { Logger } from 'graphile-worker';
import type pg from 'pg';
import type { Database } from '../db/client.js';
import type { WebhookConfig } from '../modules/webhook/webhook-config.js';
import { WEBHOOK_DELIVERY_TASK, webhookDeliveryTask } from './webhook-delivery.task.js';

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

/** Installs or upgrades the job queue's schema (graphile_worker); a no-op when it is current. */
export async function installJobQueue(pgPool: pg.Pool): Promise<void> {
  await runMigrations({ pgPool, logger: quietLogger() });
}

export async function startJobWorker(db: Database, config: WebhookConfig): Promise<JobWorker> {
  const runner: Runner = await run({
    pgPool: db.jobQueuePool,
    concurrency: config.concurrency,
    // The server handles SIGTERM/SIGINT and stops the worker itself.
    noHandleSignals: true,
    logger: quietLogger(),
    taskList: { [WEBHOOK_DELIVERY_TASK]: webhookDeliveryTask(db.prisma, config) },
  });
  return { stop: () => runner.stop() };
}
