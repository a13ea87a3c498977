// Hourly housekeeping on the job queue's cron, which runs each tick on one instance only: opportunity
// events past EVENT_RETENTION_DAYS and Idempotency-Key records past their 24 hours are deleted.
import type { JobHelpers, Task } from 'graphile-worker';
import type { PrismaClient } from '../generated/prisma/client.js';
import { IdempotencyService } from '../modules/idempotency/idempotency.service.js';
import { deleteExpiredEvents } from '../modules/opportunity-event/opportunity-event.service.js';

export const PRUNE_EXPIRED_TASK = 'prune_expired';
/** Minute 17 of every hour: off the hour, where other schedules tend to pile up. */
export const PRUNE_EXPIRED_CRONTAB = `17 * * * * ${PRUNE_EXPIRED_TASK}`;

export interface PruneOptions {
  /** Days events are kept; unset, events are kept for good. */
  eventRetentionDays?: number | undefined;
}

export function pruneExpiredTask(prisma: PrismaClient, { eventRetentionDays }: PruneOptions): Task {
  const idempotency = new IdempotencyService(prisma);
  return async (_payload: unknown, helpers: JobHelpers) => {
    const keys = await idempotency.deleteExpired();
    const events = eventRetentionDays === undefined ? 0 : await deleteExpiredEvents(prisma, eventRetentionDays);
    helpers.logger.info(`pruned ${events} events and ${keys} idempotency keys`);
  };
}
