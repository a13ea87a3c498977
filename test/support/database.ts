// A clean, migrated database for one test file: an in-memory PGlite loaded from the run's migrated
// dump by default, or, with TEST_DATABASE_URL, a fresh PostgreSQL database cloned from the run's
// migrated template and dropped afterwards (test/support/global-setup.ts makes both).
// `openPostgresTestDatabase` is PostgreSQL in every run, for what PGlite cannot show (several
// connections contending for locks and for the pool).
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { MEMORY_DATA_DIR, openDatabase, type Database, type DatabaseTarget, type Logger } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrations.js';
import { adminUrl as localAdminUrl } from '../db/postgres-admin.js';
import { databaseUrl, testDatabasePrefix } from './database-url.js';

export interface TestDatabase {
  db: Database;
  /** The PostgreSQL URL of this database, when the run is against PostgreSQL. */
  url: string | undefined;
  drop(): Promise<void>;
}

const quiet = { warn: () => {}, error: () => {} };

export async function openTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  const template = inject('templateDatabase');
  if (!adminUrl || !template) {
    const dump = inject('pgliteDump');
    if (!dump) throw new Error('the global setup (test/support/global-setup.ts) left no migrated database');
    const loadDataDir = new Blob([await readFile(dump)]);
    const db = await openDatabase({ kind: 'pglite', dataDir: MEMORY_DATA_DIR, loadDataDir });
    return { db, url: undefined, drop: () => db.close() };
  }
  return openPostgres(adminUrl, template);
}

export type PostgresOptions = Omit<Extract<DatabaseTarget, { kind: 'postgres' }>, 'kind' | 'url'>;

/**
 * A clean, migrated PostgreSQL database in every run: the run's template on a PostgreSQL run,
 * else a database of the local server migrated here (PostgreSQL is always at hand, in CI too).
 */
export async function openPostgresTestDatabase(
  options: PostgresOptions = {},
  logger: Logger = quiet,
): Promise<TestDatabase & { url: string }> {
  const template = inject('templateDatabase');
  const adminUrl = process.env.TEST_DATABASE_URL;
  return adminUrl && template
    ? openPostgres(adminUrl, template, options, logger)
    : openPostgres(localAdminUrl, undefined, options, logger);
}

/** A new database cloned from `template`, or migrated when there is none. */
async function openPostgres(
  adminUrl: string,
  template: string | undefined,
  options: PostgresOptions = { poolSize: 20 },
  logger: Logger = quiet,
): Promise<TestDatabase & { url: string }> {
  const name = `${testDatabasePrefix()}_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
  } finally {
    await admin.end();
  }
  const url = databaseUrl(adminUrl, name);
  const db = await openDatabase({ kind: 'postgres', url, ...options }, logger);
  const drop = async () => {
    await db.close();
    const cleanup = new pg.Client({ connectionString: adminUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await cleanup.end();
  };
  if (!template)
    await applyMigrations(db.adapterFactory).catch(async (error: unknown) => {
      await drop();
      throw error;
    });
  return { db, url, drop };
}

export const isPostgresRun = () => Boolean(process.env.TEST_DATABASE_URL);
