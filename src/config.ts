// The server's configuration: every environment variable it reads, checked once at start
// (src/env.ts). A wrong value stops the server before anything opens, naming the variable.
import { z } from 'zod';
import { databaseEnv, databaseTarget, type DatabaseTarget } from './db/client.js';
import { envFlag, envInteger, envUrl, parseEnv } from './env.js';
import { LOG_LEVELS, type LogLevel } from './observability/logger.js';
import { DEFAULT_COMPILE_ON_RUN } from './graphql/jit-execution.js';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from './graphql/query-limits.js';
import { DEFAULT_WEBHOOK_CONFIG, type WebhookConfig } from './modules/webhook/webhook-config.js';
import { DEFAULT_EVENTS_CONFIG, type EventsConfig } from './services.js';

export interface Config {
  port: number;
  host: string;
  database: DatabaseTarget;
  /** Apply pending migrations before serving (always on for the embedded database). */
  migrateOnStart: boolean;
  apiKeyCacheTtlMs: number;
  shutdownGraceMs: number;
  rateLimit: RateLimitConfig;
  queryLimits: QueryLimits;
  /** The run of a GraphQL document on which graphql-jit compiles it; 0: never. */
  compileOnRun: number;
  webhooks: WebhookConfig;
  logLevel: LogLevel;
  /** Serve /metrics on this port instead of the main one. */
  metricsPort: number | undefined;
  /** OpenTelemetry traces, when OTEL_EXPORTER_OTLP_ENDPOINT names a collector. */
  tracing: { serviceName: string } | undefined;
  events: EventsConfig;
}

/** The REST APIs' rate limit: requests per key per window. */
export interface RateLimitConfig {
  limit: number;
  windowMs: number;
  /** Counters shared by every instance; unset, each process counts on its own. */
  redisUrl: string | undefined;
  /** Prepended to every counter's Redis key. */
  redisPrefix: string;
}

/** Where the rate-limit counters live in Redis, after REDIS_KEY_PREFIX. */
const RATE_LIMIT_KEYS = 'gateway:rate-limit:';

const rateLimitEnv = z.object({
  // A typo here would silently lift or block every client: refused like any other wrong value.
  RATE_LIMIT_PER_HOUR: envInteger({ min: 1 })
    .default(1000)
    .describe('an integer of at least 1: REST requests per key per hour (default 1000)'),
  REDIS_URL: envUrl(['redis:', 'rediss:'])
    .optional()
    .describe('a redis:// or rediss:// URL (unset, each process counts on its own)'),
  // Two deployments (or test runs) sharing one Redis keep apart by it; one deployment's instances share it.
  REDIS_KEY_PREFIX: z
    .string()
    .trim()
    .regex(/^[\w.:-]*$/)
    .default('')
    .describe('letters, digits and . _ : - prepended to every Redis key and channel (default none)'),
});

const logEnv = z.object({
  LOG_LEVEL: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(LOG_LEVELS))
    .default('info')
    .describe(`one of ${LOG_LEVELS.join(', ')}: how much the server logs (default info, a line per request)`),
});

/** LOG_LEVEL alone (a gateway built without the server's configuration). Throws a ConfigError on a wrong value. */
export function logLevelConfig(env: NodeJS.ProcessEnv = process.env): LogLevel {
  return parseEnv(logEnv, env).LOG_LEVEL;
}

const queryLimit = (fallback: number, what: string) =>
  envInteger({ min: 1 })
    .default(fallback)
    .describe(`an integer of at least 1: ${what} one GraphQL request may have (default ${fallback})`);

const queryLimitsEnv = z.object({
  QUERY_MAX_DEPTH: queryLimit(DEFAULT_QUERY_LIMITS.depth, 'the nesting'),
  QUERY_MAX_ALIASES: queryLimit(DEFAULT_QUERY_LIMITS.aliases, 'the aliases'),
  QUERY_MAX_TOKENS: queryLimit(DEFAULT_QUERY_LIMITS.tokens, 'the tokens'),
  QUERY_MAX_DIRECTIVES: queryLimit(DEFAULT_QUERY_LIMITS.directives, 'the directives'),
  QUERY_MAX_CHARACTERS: queryLimit(DEFAULT_QUERY_LIMITS.characters, 'the characters'),
  QUERY_MAX_COST: queryLimit(DEFAULT_QUERY_LIMITS.cost, 'the cost'),
});

function queryLimitsOf(env: z.output<typeof queryLimitsEnv>): QueryLimits {
  return {
    depth: env.QUERY_MAX_DEPTH,
    aliases: env.QUERY_MAX_ALIASES,
    tokens: env.QUERY_MAX_TOKENS,
    directives: env.QUERY_MAX_DIRECTIVES,
    characters: env.QUERY_MAX_CHARACTERS,
    cost: env.QUERY_MAX_COST,
  };
}

/** The query limits alone (a gateway built without the server's configuration). Throws a ConfigError on a wrong value. */
export function queryLimitsConfig(env: NodeJS.ProcessEnv = process.env): QueryLimits {
  return queryLimitsOf(parseEnv(queryLimitsEnv, env));
}

const compileEnv = z.object({
  GRAPHQL_COMPILE_ON_RUN: envInteger({ min: 0 })
    .default(DEFAULT_COMPILE_ON_RUN)
    .describe(
      `an integer of at least 0: the run of a GraphQL document on which graphql-jit compiles it (default ${DEFAULT_COMPILE_ON_RUN}; 0: never, graphql-js runs every request)`,
    ),
});

/** When graphql-jit compiles documents (src/graphql/jit-execution.ts). Throws a ConfigError on a wrong value. */
export function compileOnRunConfig(env: NodeJS.ProcessEnv = process.env): number {
  return parseEnv(compileEnv, env).GRAPHQL_COMPILE_ON_RUN;
}

const webhookEnv = z.object({
  WEBHOOK_WORKER: envFlag()
    .default(DEFAULT_WEBHOOK_CONFIG.runWorker)
    .describe(
      '1, true or yes (the default) to deliver webhooks from this server, or 0, false or no (npm run worker does)',
    ),
  WEBHOOK_CONCURRENCY: envInteger({ min: 1 })
    .default(DEFAULT_WEBHOOK_CONFIG.concurrency)
    .describe(
      `an integer of at least 1: webhook deliveries at once per process (default ${DEFAULT_WEBHOOK_CONFIG.concurrency})`,
    ),
  WEBHOOK_POLL_INTERVAL_MS: envInteger({ min: 10 })
    .default(DEFAULT_WEBHOOK_CONFIG.pollIntervalMs)
    .describe(
      `an integer of at least 10: milliseconds between the worker's looks for due webhook retries (default ${DEFAULT_WEBHOOK_CONFIG.pollIntervalMs})`,
    ),
  WEBHOOK_TIMEOUT_MS: envInteger({ min: 1 })
    .default(DEFAULT_WEBHOOK_CONFIG.timeoutMs)
    .describe(
      `an integer of at least 1: milliseconds a webhook receiver has to answer (default ${DEFAULT_WEBHOOK_CONFIG.timeoutMs})`,
    ),
  WEBHOOK_RETRY_BASE_MS: envInteger({ min: 1 })
    .default(DEFAULT_WEBHOOK_CONFIG.retryBaseMs)
    .describe(
      `an integer of at least 1: milliseconds before the first webhook retry, doubled for each next (default ${DEFAULT_WEBHOOK_CONFIG.retryBaseMs})`,
    ),
  WEBHOOK_RETRY_MAX_MS: envInteger({ min: 1 })
    .default(DEFAULT_WEBHOOK_CONFIG.retryMaxMs)
    .describe(
      `an integer of at least 1: the longest delay between webhook retries in milliseconds (default ${DEFAULT_WEBHOOK_CONFIG.retryMaxMs})`,
    ),
  WEBHOOK_DISABLE_AFTER_FAILURES: envInteger({ min: 1 })
    .default(DEFAULT_WEBHOOK_CONFIG.disableAfterFailures)
    .describe(
      `an integer of at least 1: failed attempts in a row that disable a webhook (default ${DEFAULT_WEBHOOK_CONFIG.disableAfterFailures})`,
    ),
  WEBHOOK_ALLOW_PRIVATE_TARGETS: envFlag()
    .default(DEFAULT_WEBHOOK_CONFIG.allowPrivateTargets)
    .describe(
      '1, true or yes to allow webhooks to loopback and private addresses (development), or 0, false or no (the default)',
    ),
});

function webhookConfigOf(env: z.output<typeof webhookEnv>): WebhookConfig {
  return {
    runWorker: env.WEBHOOK_WORKER,
    concurrency: env.WEBHOOK_CONCURRENCY,
    pollIntervalMs: env.WEBHOOK_POLL_INTERVAL_MS,
    timeoutMs: env.WEBHOOK_TIMEOUT_MS,
    retryBaseMs: env.WEBHOOK_RETRY_BASE_MS,
    retryMaxMs: env.WEBHOOK_RETRY_MAX_MS,
    disableAfterFailures: env.WEBHOOK_DISABLE_AFTER_FAILURES,
    allowPrivateTargets: env.WEBHOOK_ALLOW_PRIVATE_TARGETS,
  };
}

/** The webhook settings alone (a gateway built without the server's configuration). Throws a ConfigError on a wrong value. */
export function webhookConfig(env: NodeJS.ProcessEnv = process.env): WebhookConfig {
  return webhookConfigOf(parseEnv(webhookEnv, env));
}

const eventsEnv = z.object({
  SUBSCRIPTION_MAX_PENDING_EVENTS: envInteger({ min: 1 })
    .default(DEFAULT_EVENTS_CONFIG.maxPending)
    .describe(
      `an integer of at least 1: events a subscriber may have waiting before it is disconnected (default ${DEFAULT_EVENTS_CONFIG.maxPending})`,
    ),
  EVENT_RETENTION_DAYS: envInteger({ min: 1 })
    .default(7)
    .describe('an integer of at least 1: days opportunity events are kept (default 7)'),
});

export const serverEnv = z.object({
  ...webhookEnv.shape,
  ...eventsEnv.shape,
  ...databaseEnv.shape,
  ...rateLimitEnv.shape,
  ...queryLimitsEnv.shape,
  ...compileEnv.shape,
  ...logEnv.shape,
  // Read by the OpenTelemetry exporter itself; checked here so a typo stops the server.
  OTEL_EXPORTER_OTLP_ENDPOINT: envUrl(['http:', 'https:'])
    .optional()
    .describe('an http:// or https:// URL of an OTLP/HTTP collector (unset, no traces)'),
  OTEL_SERVICE_NAME: z
    .string()
    .trim()
    .min(1)
    .default('pipeline-gateway')
    .describe('the service name in traces (default pipeline-gateway)'),
  METRICS_PORT: envInteger({ min: 0, max: 65535 })
    .optional()
    .describe('an integer from 0 to 65535: a separate port for /metrics (unset, /metrics is on PORT)'),
  PORT: envInteger({ min: 0, max: 65535 })
    .default(4000)
    .describe('an integer from 0 to 65535: the port to listen on (default 4000)'),
  HOST: z.string().trim().min(1).default('0.0.0.0').describe('an address or host name to listen on (default 0.0.0.0)'),
  MIGRATE_ON_START: envFlag()
    .default(false)
    .describe('1, true or yes to apply pending PostgreSQL migrations before serving, or 0, false or no (the default)'),
  API_KEY_CACHE_TTL_MS: envInteger({ min: 0 })
    .default(10_000)
    .describe('an integer of at least 0: milliseconds a key lookup is trusted (default 10000)'),
  SHUTDOWN_GRACE_MS: envInteger({ min: 0 })
    .default(10_000)
    .describe('an integer of at least 0: milliseconds in-flight requests may finish at shutdown (default 10000)'),
});

function rateLimitOf(env: z.output<typeof rateLimitEnv>): RateLimitConfig {
  return {
    limit: env.RATE_LIMIT_PER_HOUR,
    windowMs: 60 * 60 * 1000,
    redisUrl: env.REDIS_URL,
    redisPrefix: env.REDIS_KEY_PREFIX + RATE_LIMIT_KEYS,
  };
}

/** The rate limit alone (a gateway built without the server's configuration). Throws a ConfigError on a wrong value. */
export function rateLimitConfig(env: NodeJS.ProcessEnv = process.env): RateLimitConfig {
  return rateLimitOf(parseEnv(rateLimitEnv, env));
}

/** Throws a ConfigError naming every wrong variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = parseEnv(serverEnv, env);
  const database = databaseTarget(parsed);
  return {
    port: parsed.PORT,
    host: parsed.HOST,
    database,
    migrateOnStart: database.kind === 'pglite' || parsed.MIGRATE_ON_START,
    apiKeyCacheTtlMs: parsed.API_KEY_CACHE_TTL_MS,
    shutdownGraceMs: parsed.SHUTDOWN_GRACE_MS,
    rateLimit: rateLimitOf(parsed),
    queryLimits: queryLimitsOf(parsed),
    compileOnRun: parsed.GRAPHQL_COMPILE_ON_RUN,
    webhooks: webhookConfigOf(parsed),
    logLevel: parsed.LOG_LEVEL,
    metricsPort: parsed.METRICS_PORT,
    tracing: parsed.OTEL_EXPORTER_OTLP_ENDPOINT ? { serviceName: parsed.OTEL_SERVICE_NAME } : undefined,
    events: {
      ...DEFAULT_EVENTS_CONFIG,
      channel: parsed.REDIS_KEY_PREFIX + DEFAULT_EVENTS_CONFIG.channel,
      redisUrl: parsed.REDIS_URL,
      maxPending: parsed.SUBSCRIPTION_MAX_PENDING_EVENTS,
      retentionDays: parsed.EVENT_RETENTION_DAYS,
    },
  };
}
