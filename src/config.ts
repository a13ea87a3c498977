// Configuration from the environment, read once at start.
import { z } from 'zod';
import { targetFromEnv, type DatabaseTarget } from './db/client.js';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from './graphql/query-limits.js';

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

const limit = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const queryLimitsEnv = z.object({
  QUERY_MAX_DEPTH: limit(DEFAULT_QUERY_LIMITS.depth),
  QUERY_MAX_ALIASES: limit(DEFAULT_QUERY_LIMITS.aliases),
  QUERY_MAX_TOKENS: limit(DEFAULT_QUERY_LIMITS.tokens),
  QUERY_MAX_DIRECTIVES: limit(DEFAULT_QUERY_LIMITS.directives),
  QUERY_MAX_CHARACTERS: limit(DEFAULT_QUERY_LIMITS.characters),
  QUERY_MAX_COST: limit(DEFAULT_QUERY_LIMITS.cost),
});

/** What one GraphQL request may ask for (src/graphql/query-limits.ts); each limit a positive integer. */
export function queryLimitsConfig(env: NodeJS.ProcessEnv = process.env): QueryLimits {
  const parsed = queryLimitsEnv.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')));
  if (!parsed.success) {
    const names = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new Error(`${names} must be a positive integer`);
  }
  const e = parsed.data;
  return {
    depth: e.QUERY_MAX_DEPTH,
    aliases: e.QUERY_MAX_ALIASES,
    tokens: e.QUERY_MAX_TOKENS,
    directives: e.QUERY_MAX_DIRECTIVES,
    characters: e.QUERY_MAX_CHARACTERS,
    cost: e.QUERY_MAX_COST,
  };
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
    queryLimits: queryLimitsConfig(env),
  };
}
