// The one place a Prisma client is built. `DATABASE_URL=postgres://…` selects PostgreSQL through
// @prisma/adapter-pg; without it the embedded PGlite runs in-process (a folder, or `memory://`).
// Each side's driver is imported only when it is chosen: PGlite and its adapter hold about 30 MB
// that a PostgreSQL process would carry for nothing.
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { LRUCache } from 'lru-cache';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type pg from 'pg';
import { z } from 'zod';
import { envInteger, envUrl, parseEnv } from '../env.js';
import { PrismaClient } from '../generated/prisma/client.js';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';
import { pgliteSqlRunner, pgSqlRunner, type SqlRunner } from './sql.js';

/** How long PostgreSQL work may wait or run before the request answers DATABASE_BUSY. */
export interface DatabaseTimeouts {
  /** `statement_timeout` of every pooled connection; 0 leaves the server's setting. */
  statementMs: number;
  /** `lock_timeout` of every pooled connection; 0 leaves the server's setting. */
  lockMs: number;
  /** The longest wait for a pooled connection (a free one, or a new one being opened). */
  poolMs: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = { statementMs: 5_000, lockMs: 2_000, poolMs: 5_000 };

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; poolSize?: number; timeouts?: DatabaseTimeouts }
  | {
      kind: 'pglite';
      dataDir: string;
      /** A `dumpDataDir()` tarball to start from instead of an empty cluster (tests: migrated once). */
      loadDataDir?: Blob;
    };

export interface Database {
  readonly kind: DatabaseTarget['kind'];
  readonly prisma: PrismaClient;
  /** The hot paths' hand-written statements, on the driver itself (src/db/sql.ts). */
  readonly sql: SqlRunner;
  /** The adapter factory for the migrations runner (for PostgreSQL, one connection of its own per run). */
  readonly adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** The connection pool's counters, for the metrics (PostgreSQL only; PGlite has one connection). */
  poolStats?(): PoolStats;
  /**
   * Answers whether the database answers a trivial query right now, over a connection of its own
   * (PostgreSQL): a saturated pool is a busy instance, not one to take out of the load balancer.
   */
  ping(): Promise<boolean>;
  /**
   * node-postgres connections for the job queue (graphile-worker): a small pool of its own on
   * PostgreSQL (its LISTEN and liveness session hold two), the embedded instance itself on PGlite.
   */
  readonly jobQueuePool: pg.Pool;
  close(): Promise<void>;
}

/** A connection pool's state at one instant (pg.Pool's counters). */
export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
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
  DATABASE_STATEMENT_TIMEOUT_MS: envInteger({ min: 0 })
    .default(DEFAULT_DATABASE_TIMEOUTS.statementMs)
    .describe(
      `an integer of at least 0: milliseconds a PostgreSQL statement may run, 0 for the server's setting (default ${DEFAULT_DATABASE_TIMEOUTS.statementMs})`,
    ),
  DATABASE_LOCK_TIMEOUT_MS: envInteger({ min: 0 })
    .default(DEFAULT_DATABASE_TIMEOUTS.lockMs)
    .describe(
      `an integer of at least 0: milliseconds a PostgreSQL statement may wait for a lock, 0 for the server's setting (default ${DEFAULT_DATABASE_TIMEOUTS.lockMs})`,
    ),
  DATABASE_POOL_TIMEOUT_MS: envInteger({ min: 1 })
    .default(DEFAULT_DATABASE_TIMEOUTS.poolMs)
    .describe(
      `an integer of at least 1: milliseconds a request may wait for a PostgreSQL connection (default ${DEFAULT_DATABASE_TIMEOUTS.poolMs})`,
    ),
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
    ? {
        kind: 'postgres',
        url: env.DATABASE_URL,
        poolSize: env.DATABASE_POOL_SIZE,
        timeouts: {
          statementMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
          lockMs: env.DATABASE_LOCK_TIMEOUT_MS,
          poolMs: env.DATABASE_POOL_TIMEOUT_MS,
        },
      }
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
function preparedStatementName(sql: string): string {
  let name = statementNames.get(sql);
  if (!name) {
    name = `gw_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
    statementNames.set(sql, name);
  }
  return name;
}

async function openPostgres(target: Extract<DatabaseTarget, { kind: 'postgres' }>, logger: Logger): Promise<Database> {
  const [{ default: pg }, { PrismaPg }] = await Promise.all([import('pg'), import('@prisma/adapter-pg')]);
  const { statementMs, lockMs, poolMs } = target.timeouts ?? DEFAULT_DATABASE_TIMEOUTS;
  const connection = {
    connectionString: target.url,
    // Sent in the startup message: every connection has them from its first statement, at no
    // extra round trip. A request never waits without bound on a lock or a runaway statement.
    statement_timeout: statementMs,
    lock_timeout: lockMs,
    // Waiting for a free pooled connection, or for a new one to open, is bounded too: a dead or
    // saturated database fails requests in time (503) instead of queueing them forever.
    connectionTimeoutMillis: poolMs,
    idleTimeoutMillis: 30_000,
  };
  const pool = new pg.Pool({ ...connection, max: target.poolSize ?? 10 });
  // Readiness asks over a connection of its own, so requests holding every pooled connection do
  // not make a healthy instance look unready; its query is bounded even if the socket hangs.
  const readinessPool = new pg.Pool({ ...connection, max: 1, query_timeout: poolMs });
  // Without a listener, an idle client's error (the server restarting) is an uncaught exception.
  const onError = (error: Error) => logger.warn(`database connection error: ${error.message}`);
  pool.on('error', onError);
  readinessPool.on('error', onError);
  // Without the request timeouts: a job may rightly hold a connection longer than a request. Two
  // are held for good while a worker runs: its LISTEN and its liveness session (src/jobs/dead-worker-locks.ts).
  const jobQueuePool = new pg.Pool({ connectionString: target.url, max: 5, idleTimeoutMillis: 30_000 });
  jobQueuePool.on('error', onError);
  jobQueuePool.on('connect', (client) => client.on('error', onError));
  const adapterOptions = { onPoolError: onError, onConnectionError: onError };
  const prisma = new PrismaClient({
    adapter: new PrismaPg(pool, { ...adapterOptions, statementNameGenerator: ({ sql }) => preparedStatementName(sql) }),
  });
  return {
    kind: 'postgres',
    prisma,
    sql: pgSqlRunner(pool, pg.types, preparedStatementName),
    // Not the shared pool: the migration lock is held by the connection that took it until that
    // connection closes, so migrations get one connection that is closed when they are done.
    // Without the statement and lock timeouts: building an index may rightly take longer.
    adapterFactory: new PrismaPg(
      { connectionString: target.url, max: 1, connectionTimeoutMillis: 5_000 },
      adapterOptions,
    ),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    ping: async () => {
      try {
        await readinessPool.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    jobQueuePool,
    close: async () => {
      await prisma.$disconnect();
      await Promise.all([pool.end(), readinessPool.end(), jobQueuePool.end()]);
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
    const [{ PGlite }, { PrismaPGlite }, { PglitePool }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('pglite-prisma-adapter'),
      import('./pglite-pg-pool.js'),
    ]);
    const pglite = await PGlite.create({ dataDir: dataDir === MEMORY_DATA_DIR ? undefined : dataDir, loadDataDir });
    const adapterFactory = new PrismaPGlite(pglite);
    const prisma = new PrismaClient({ adapter: adapterFactory });
    return {
      kind: 'pglite',
      prisma,
      sql: pgliteSqlRunner(pglite),
      adapterFactory,
      ping: () => Promise.resolve(!pglite.closed),
      jobQueuePool: new PglitePool(pglite).asPgPool(),
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
