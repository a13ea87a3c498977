// A clean, migrated database for one test file: an in-memory PGlite loaded from the run's migrated
// dump by default, or, with TEST_DATABASE_URL, a fresh PostgreSQL database cloned from the run's
// migrated template and dropped afterwards (test/support/global-setup.ts makes both).
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { MEMORY_DATA_DIR, openDatabase, type Database } from '../../src/db/client.js';
import { databaseUrl } from './database-url.js';

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
  const name = `gw_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  } finally {
    await admin.end();
  }
  const url = databaseUrl(adminUrl, name);
  const db = await openDatabase({ kind: 'postgres', url, poolSize: 20 }, quiet);
  return {
    db,
    url,
    drop: async () => {
      await db.close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

export const isPostgresRun = () => Boolean(process.env.TEST_DATABASE_URL);
