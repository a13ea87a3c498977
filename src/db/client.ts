// The one place a Prisma client is built. `DATABASE_URL=postgres://…` selects PostgreSQL through
// @prisma/adapter-pg; without it the embedded PGlite runs in-process (a folder, or `memory://`).
// Each side's driver is imported only when it is chosen: PGlite and its adapter hold about 30 MB
// that a PostgreSQL process would carry for nothing.
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { LRUCache } from 'lru-cache';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { z } from 'zod';
import { envInteger, envUrl, parseEnv } from '../env.js';
import { PrismaClient } from '../generated/prisma/client.js';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; poolSize?: number }
  | {
      kind: 'pglite';
      dataDir: string;
      /** A `dumpDataDir()` tarball to start from instead of an empty cluster (tests: migrated once). */
      loadDataDir?: Blob;
    };

export interface Database {
  readonly kind: DatabaseTarget['kind'];
  readonly prisma: PrismaClient;
  /** The adapter factory for the migrations runner (for PostgreSQL, one connection of its own per run). */
  readonly adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** Answers whether the database answers a trivial query right now. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export const MEMORY_DATA_DIR = 'memory://';

/** The variables that say where the data lives (src/env.ts). */
export const databaseEnv = z.object({
  DATABASE_URL: envUrl(['postgres:', 'postgresql:'])
    .optional()
    .describe('a postgres:// or postgresql:// URL (unset, the embedded PGlite is used)'),
  DATABASE_POOL_SIZE: envInteger({ min: 1 })
    .default(10)
    .describe('an integer of at least 1: PostgreSQL connections per instance (default 10)'),
  PGLITE_DATA_DIR: z
    .string()
    .default('.data/pglite')
    .describe(`a folder for the embedded database, or ${MEMORY_DATA_DIR} (default .data/pglite)`),
});

/** Where the configuration says the data lives: `DATABASE_URL`, else `PGLITE_DATA_DIR`. Throws a ConfigError on a wrong value. */
export function targetFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  return databaseTarget(parseEnv(databaseEnv, env));
}

export function databaseTarget(env: z.output<typeof databaseEnv>): DatabaseTarget {
  return env.DATABASE_URL
    ? { kind: 'postgres', url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE }
    : { kind: 'pglite', dataDir: env.PGLITE_DATA_DIR };
}

export type Logger = Pick<Console, 'warn' | 'error'>;

export async function openDatabase(target: DatabaseTarget, logger: Logger = console): Promise<Database> {
  return target.kind === 'postgres' ? openPostgres(target, logger) : openPglite(target);
}

const statementNames = new LRUCache<string, string>({ max: 2_000 });

/**
 * Names each query's SQL so every pooled connection prepares it once and then only binds values:
 * PostgreSQL skips parsing and planning on the hot path. The name is a hash of the SQL, so the
 * same statement gets the same name on every connection and instance.
 */
function preparedStatementName({ sql }: { sql: string }): string {
  let name = statementNames.get(sql);
  if (!name) {
    name = `gw_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
    statementNames.set(sql, name);
  }
  return name;
}

async function openPostgres(target: Extract<DatabaseTarget, { kind: 'postgres' }>, logger: Logger): Promise<Database> {
  const [{ default: pg }, { PrismaPg }] = await Promise.all([import('pg'), import('@prisma/adapter-pg')]);
  const pool = new pg.Pool({
    connectionString: target.url,
    max: target.poolSize ?? 10,
    // A dead database must fail requests quickly (503), not queue them forever.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // Without a listener, an idle client's error (the server restarting) is an uncaught exception.
  const onError = (error: Error) => logger.warn(`database connection error: ${error.message}`);
  pool.on('error', onError);
  const adapterOptions = { onPoolError: onError, onConnectionError: onError };
  const prisma = new PrismaClient({
    adapter: new PrismaPg(pool, { ...adapterOptions, statementNameGenerator: preparedStatementName }),
  });
  return {
    kind: 'postgres',
    prisma,
    // Not the shared pool: the migration lock is held by the connection that took it until that
    // connection closes, so migrations get one connection that is closed when they are done.
    adapterFactory: new PrismaPg(
      { connectionString: target.url, max: 1, connectionTimeoutMillis: 5_000 },
      adapterOptions,
    ),
    ping: async () => {
      try {
        await pool.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

async function openPglite({ dataDir, loadDataDir }: Extract<DatabaseTarget, { kind: 'pglite' }>): Promise<Database> {
  let lock: DataDirLock | undefined;
  if (dataDir !== MEMORY_DATA_DIR) {
    mkdirSync(dataDir, { recursive: true });
    // PGlite has no guard of its own against a second process opening the same folder.
    lock = acquireDataDirLock(dataDir);
  }
  try {
    const [{ PGlite }, { PrismaPGlite }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('pglite-prisma-adapter'),
    ]);
    const pglite = await PGlite.create({ dataDir: dataDir === MEMORY_DATA_DIR ? undefined : dataDir, loadDataDir });
    const adapterFactory = new PrismaPGlite(pglite);
    const prisma = new PrismaClient({ adapter: adapterFactory });
    return {
      kind: 'pglite',
      prisma,
      adapterFactory,
      ping: async () => !pglite.closed,
      close: async () => {
        await prisma.$disconnect();
        if (!pglite.closed) await pglite.close();
        lock?.release();
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}
