// Configuration from the environment, read once at start.
import { targetFromEnv, type DatabaseTarget } from './db/client.js';

export interface Config {
  port: number;
  host: string;
  database: DatabaseTarget;
  /** Apply pending migrations before serving (always on for the embedded database). */
  migrateOnStart: boolean;
  apiKeyCacheTtlMs: number;
  shutdownGraceMs: number;
  rateLimit: RateLimitConfig;
}

/** The REST APIs' rate limit: requests per key per window. */
export interface RateLimitConfig {
  limit: number;
  windowMs: number;
  /** Counters shared by every instance; unset, each process counts on its own. */
  redisUrl: string | undefined;
}

function flag(value: string | undefined): boolean {
  return value === '1' || value === 'true' || value === 'yes';
}

export function rateLimitConfig(env: NodeJS.ProcessEnv = process.env): RateLimitConfig {
  const limit = Number(env.RATE_LIMIT_PER_HOUR || 1000);
  // A typo here would silently lift or block every client: refuse to start instead.
  if (!Number.isInteger(limit) || limit < 1) throw new Error('RATE_LIMIT_PER_HOUR must be a positive integer');
  return { limit, windowMs: 60 * 60 * 1000, redisUrl: env.REDIS_URL || undefined };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const database = targetFromEnv(env);
  return {
    port: Number(env.PORT ?? 4000),
    host: env.HOST ?? '0.0.0.0',
    database,
    migrateOnStart: database.kind === 'pglite' || flag(env.MIGRATE_ON_START),
    apiKeyCacheTtlMs: Number(env.API_KEY_CACHE_TTL_MS ?? 10_000),
    shutdownGraceMs: Number(env.SHUTDOWN_GRACE_MS ?? 10_000),
    rateLimit: rateLimitConfig(env),
  };
}
