// Configuration parsing on its own: defaults, accepted forms, and every wrong value refused with
// a ConfigError naming the variable and what it accepts; no NaN ever comes out.
import { describe, expect, it } from 'vitest';
import { loadConfig, rateLimitConfig } from '../../src/config.js';
import { targetFromEnv } from '../../src/db/client.js';
import { ConfigError } from '../../src/env.js';

/** The ConfigError `read` throws. */
function refusal(read: () => unknown): ConfigError {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('no ConfigError');
}

describe('the server configuration', () => {
  it('has a default for everything, and counts empty values as unset', () => {
    const defaults = {
      port: 4000,
      host: '0.0.0.0',
      database: { kind: 'pglite', dataDir: '.data/pglite' },
      migrateOnStart: true,
      apiKeyCacheTtlMs: 10_000,
      shutdownGraceMs: 10_000,
      rateLimit: { limit: 1000, windowMs: 3_600_000, redisUrl: undefined, redisPrefix: 'gateway:rate-limit:' },
      queryLimits: { depth: 6, aliases: 15, tokens: 1000, directives: 50, characters: 15_000, cost: 5000 },
      compileOnRun: 2,
      webhooks: {
        runWorker: true,
        concurrency: 4,
        pollIntervalMs: 2000,
        timeoutMs: 10_000,
        retryBaseMs: 5000,
        retryMaxMs: 3_600_000,
        disableAfterFailures: 60,
        allowPrivateTargets: false,
      },
      events: {
        channel: 'pipeline-gateway:opportunity-events',
        redisUrl: undefined,
        maxPending: 1000,
        retentionDays: 7,
      },
      logLevel: 'info',
      metricsPort: undefined,
      tracing: undefined,
    };
    expect(loadConfig({})).toEqual(defaults);
    expect(
      loadConfig({
        PORT: '',
        DATABASE_URL: '',
        MIGRATE_ON_START: '',
        REDIS_URL: '',
        PGLITE_DATA_DIR: '',
        LOG_LEVEL: '',
        METRICS_PORT: '',
        OTEL_EXPORTER_OTLP_ENDPOINT: '',
      }),
    ).toEqual(defaults);
  });

  it('reads every variable', () => {
    expect(
      loadConfig({
        PORT: ' 8080 ',
        HOST: '127.0.0.1',
        DATABASE_URL: 'postgresql://app:secret@db.internal:5432/crm',
        DATABASE_POOL_SIZE: '25',
        DATABASE_STATEMENT_TIMEOUT_MS: '8000',
        DATABASE_LOCK_TIMEOUT_MS: '0',
        DATABASE_POOL_TIMEOUT_MS: '1500',
        MIGRATE_ON_START: 'TRUE',
        API_KEY_CACHE_TTL_MS: '0',
        SHUTDOWN_GRACE_MS: '2500',
        RATE_LIMIT_PER_HOUR: '50',
        REDIS_URL: 'rediss://cache:6380',
        REDIS_KEY_PREFIX: 'crm-staging:',
        QUERY_MAX_DEPTH: '8',
        QUERY_MAX_ALIASES: '30',
        QUERY_MAX_TOKENS: '2000',
        QUERY_MAX_DIRECTIVES: '10',
        QUERY_MAX_CHARACTERS: '50000',
        QUERY_MAX_COST: '20000',
        GRAPHQL_COMPILE_ON_RUN: '0',
        WEBHOOK_WORKER: 'no',
        WEBHOOK_CONCURRENCY: '2',
        WEBHOOK_POLL_INTERVAL_MS: '500',
        WEBHOOK_TIMEOUT_MS: '3000',
        WEBHOOK_RETRY_BASE_MS: '1000',
        WEBHOOK_RETRY_MAX_MS: '60000',
        WEBHOOK_DISABLE_AFTER_FAILURES: '10',
        WEBHOOK_ALLOW_PRIVATE_TARGETS: '1',
        SUBSCRIPTION_MAX_PENDING_EVENTS: '50',
        EVENT_RETENTION_DAYS: '30',
        LOG_LEVEL: 'Debug',
        METRICS_PORT: '9464',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_SERVICE_NAME: 'crm-gateway',
      }),
    ).toEqual({
      port: 8080,
      host: '127.0.0.1',
      database: {
        kind: 'postgres',
        url: 'postgresql://app:secret@db.internal:5432/crm',
        poolSize: 25,
        timeouts: { statementMs: 8000, lockMs: 0, poolMs: 1500 },
      },
      migrateOnStart: true,
      apiKeyCacheTtlMs: 0,
      shutdownGraceMs: 2500,
      rateLimit: {
        limit: 50,
        windowMs: 3_600_000,
        redisUrl: 'rediss://cache:6380',
        redisPrefix: 'crm-staging:gateway:rate-limit:',
      },
      queryLimits: { depth: 8, aliases: 30, tokens: 2000, directives: 10, characters: 50_000, cost: 20_000 },
      compileOnRun: 0,
      webhooks: {
        runWorker: false,
        concurrency: 2,
        pollIntervalMs: 500,
        timeoutMs: 3000,
        retryBaseMs: 1000,
        retryMaxMs: 60_000,
        disableAfterFailures: 10,
        allowPrivateTargets: true,
      },
      events: {
        channel: 'crm-staging:pipeline-gateway:opportunity-events',
        redisUrl: 'rediss://cache:6380',
        maxPending: 50,
        retentionDays: 30,
      },
      logLevel: 'debug',
      metricsPort: 9464,
      tracing: { serviceName: 'crm-gateway' },
    });
    expect(loadConfig({ DATABASE_URL: 'postgres://db/crm', MIGRATE_ON_START: 'no' }).migrateOnStart).toBe(false);
    expect(targetFromEnv({ DATABASE_URL: 'postgres://db/crm' })).toEqual({
      kind: 'postgres',
      url: 'postgres://db/crm',
      poolSize: 10,
      timeouts: { statementMs: 5000, lockMs: 2000, poolMs: 5000 },
    });
    expect(targetFromEnv({ PGLITE_DATA_DIR: 'memory://' })).toEqual({ kind: 'pglite', dataDir: 'memory://' });
  });

  it.each<[Record<string, string>, string]>([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '80.5' }, 'PORT'],
    [{ PORT: '1e3' }, 'PORT'],
    [{ DATABASE_URL: 'postgres://db/crm', DATABASE_POOL_SIZE: '0' }, 'DATABASE_POOL_SIZE'],
    [{ DATABASE_POOL_SIZE: 'ten' }, 'DATABASE_POOL_SIZE'],
    [{ DATABASE_STATEMENT_TIMEOUT_MS: '-1' }, 'DATABASE_STATEMENT_TIMEOUT_MS'],
    [{ DATABASE_LOCK_TIMEOUT_MS: '2s' }, 'DATABASE_LOCK_TIMEOUT_MS'],
    [{ DATABASE_POOL_TIMEOUT_MS: '0' }, 'DATABASE_POOL_TIMEOUT_MS'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'mysql://db/crm' }, 'DATABASE_URL'],
    [{ RATE_LIMIT_PER_HOUR: '0' }, 'RATE_LIMIT_PER_HOUR'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
    [{ REDIS_KEY_PREFIX: 'a b' }, 'REDIS_KEY_PREFIX'],
    [{ MIGRATE_ON_START: 'maybe' }, 'MIGRATE_ON_START'],
    [{ API_KEY_CACHE_TTL_MS: '-1' }, 'API_KEY_CACHE_TTL_MS'],
    [{ QUERY_MAX_COST: '0' }, 'QUERY_MAX_COST'],
    [{ GRAPHQL_COMPILE_ON_RUN: '-1' }, 'GRAPHQL_COMPILE_ON_RUN'],
    [{ SUBSCRIPTION_MAX_PENDING_EVENTS: '0' }, 'SUBSCRIPTION_MAX_PENDING_EVENTS'],
    [{ EVENT_RETENTION_DAYS: 'a week' }, 'EVENT_RETENTION_DAYS'],
    [{ QUERY_MAX_DEPTH: 'deep' }, 'QUERY_MAX_DEPTH'],
    [{ SHUTDOWN_GRACE_MS: 'soon' }, 'SHUTDOWN_GRACE_MS'],
    [{ HOST: '   ' }, 'HOST'],
    [{ WEBHOOK_DISABLE_AFTER_FAILURES: '0' }, 'WEBHOOK_DISABLE_AFTER_FAILURES'],
    [{ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'sometimes' }, 'WEBHOOK_ALLOW_PRIVATE_TARGETS'],
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL'],
    [{ METRICS_PORT: 'metrics' }, 'METRICS_PORT'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
  ])('%j is refused, naming %s and what it accepts', (env, variable) => {
    const error = refusal(() => loadConfig(env));
    expect(error.variables).toEqual([variable]);
    expect(error.message).toMatch(new RegExp(`^Invalid configuration: ${variable} accepts [^\\n]+\\.$`));
    expect(error.message).not.toContain('undefined');
  });

  it('names every wrong variable in one line, and never echoes a value (a URL may hold a password)', () => {
    const error = refusal(() =>
      loadConfig({ PORT: 'abc', DATABASE_URL: 'postgres//user:hunter2@db', DATABASE_POOL_SIZE: '0' }),
    );
    expect([...error.variables].sort()).toEqual(['DATABASE_POOL_SIZE', 'DATABASE_URL', 'PORT']);
    expect(error.message).toBe(
      'Invalid configuration: ' +
        'DATABASE_URL accepts a postgres:// or postgresql:// URL (unset, the embedded PGlite is used); ' +
        'DATABASE_POOL_SIZE accepts an integer of at least 1: PostgreSQL connections per instance (default 10); ' +
        'PORT accepts an integer from 0 to 65535: the port to listen on (default 4000).',
    );
    expect(error.message).not.toContain('hunter2');
  });

  it('reads the rate limit alone, for a gateway built without the server', () => {
    expect(rateLimitConfig({ RATE_LIMIT_PER_HOUR: '7' })).toEqual({
      limit: 7,
      windowMs: 3_600_000,
      redisUrl: undefined,
      redisPrefix: 'gateway:rate-limit:',
    });
    expect(refusal(() => rateLimitConfig({ RATE_LIMIT_PER_HOUR: 'NaN' })).variables).toEqual(['RATE_LIMIT_PER_HOUR']);
  });
});
