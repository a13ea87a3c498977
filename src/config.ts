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
}

function flag(value: string | undefined): boolean {
  return value === '1' || value === 'true' || value === 'yes';
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
  };
}
