// Long-lived services, built once per gateway instance and shared by every request.
import type { Database } from './db/client.js';
import { ApiKeyService } from './modules/api-key/api-key.service.js';
import { IdempotencyService } from './modules/idempotency/idempotency.service.js';
import { createStageKeyLoader, type StageKeyLoader } from './modules/pipeline/stage-keys.js';
import { type OpportunityEvent } from './modules/opportunity-event/opportunity-event.service.js';
import { EventBus } from './subscriptions/event-bus.js';
import { WebhookService } from './modules/webhook/webhook.service.js';

export interface Services {
  apiKeys: ApiKeyService;
  stageKeys: StageKeyLoader;
  idempotency: IdempotencyService;
  webhooks: WebhookService;
  /** Committed opportunity events, to the subscribers of this instance (and, with Redis, of every instance). */
  opportunityEvents: EventBus<OpportunityEvent>;
  events: EventsConfig;
  /** Ends the subscriptions and the background work. */
  close(): Promise<void>;
}

export interface EventsConfig {
  /** Shares events between instances; unset, each instance sees its own. */
  redisUrl?: string | undefined;
  /** The Redis channel the instances of one deployment share. */
  channel: string;
  /** Events a subscriber may have waiting before it is disconnected. */
  maxPending: number;
  /** Days events are kept (the job worker's hourly prune deletes older ones); unset, none are deleted. */
  retentionDays?: number | undefined;
}

export const DEFAULT_EVENTS_CONFIG: EventsConfig = {
  channel: 'pipeline-gateway:opportunity-events',
  maxPending: 1000,
};

export function createServices(
  db: Database,
  options: {
    apiKeyCacheTtlMs?: number;
    events?: EventsConfig;
    logger?: Pick<Console, 'warn'>;
    /** Allow webhook URLs to loopback and private addresses (WEBHOOK_ALLOW_PRIVATE_TARGETS). */
    webhookPrivateTargets?: boolean;
  } = {},
): Services {
  const events = options.events ?? DEFAULT_EVENTS_CONFIG;
  const logger = options.logger ?? console;
  const opportunityEvents = new EventBus<OpportunityEvent>({
    keyOf: (event) => event.workspaceId,
    redisUrl: events.redisUrl,
    channel: events.channel,
    logger,
  });
  return {
    apiKeys: new ApiKeyService(db.prisma, { cacheTtlMs: options.apiKeyCacheTtlMs }),
    stageKeys: createStageKeyLoader(db.prisma),
    idempotency: new IdempotencyService(db.prisma),
    webhooks: new WebhookService(db.prisma, { allowPrivateTargets: options.webhookPrivateTargets ?? false }),
    opportunityEvents,
    events,
    close: async () => {
      await opportunityEvents.close();
    },
  };
}
