// Runs once per test run and migrates one database that every test file copies, so no file pays
// for the migrations. PGlite: one in-memory cluster, migrated and dumped to a tarball each file
// loads. PostgreSQL (TEST_DATABASE_URL): a template database each file clones; dropped at the end.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { applyMigrations } from '../../src/db/migrations.js';
import { PglitePool } from '../../src/db/pglite-pg-pool.js';
import { installJobQueue } from '../../src/jobs/job-worker.js';
import { databaseUrl, testDatabasePrefix } from './database-url.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated PostgreSQL template database, on a PostgreSQL run. */
    templateDatabase: string | undefined;
    /** The migrated PGlite cluster as a `dumpDataDir()` tarball, on a PGlite run. */
    pgliteDump: string | undefined;
  }
}

async function migratedPgliteDump(): Promise<{ file: string; remove: () => Promise<void> }> {
  const pglite = await PGlite.create();
  try {
    await applyMigrations(new PrismaPGlite(pglite));
    // The job queue's schema too, so a test file's worker finds it current instead of installing it.
    await installJobQueue(new PglitePool(pglite).asPgPool());
    // Uncompressed: loading is then a copy, which is what every test file pays.
    const dump = await pglite.dumpDataDir('none');
    const folder = await mkdtemp(join(tmpdir(), 'gw-test-pglite-'));
    const file = join(folder, 'migrated.tar');
    await writeFile(file, Buffer.from(await dump.arrayBuffer()));
    return { file, remove: () => rm(folder, { recursive: true, force: true }) };
  } finally {
    await pglite.close();
  }
}

async function migratedTemplate(adminUrl: string): Promise<{ name: string; drop: () => Promise<void> }> {
  const name = `${testDatabasePrefix()}_template_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  // Its connections must be gone before the template can be cloned.
  const pool = new pg.Pool({ connectionString: databaseUrl(adminUrl, name), max: 2 });
  // Errors surface through the queries; these listeners keep graphile-worker from warning.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  try {
    await applyMigrations(new PrismaPg(pool));
    await installJobQueue(pool);
  } finally {
    await pool.end();
  }
  return {
    name,
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

export default async function setup(project: TestProject) {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) {
    const template = await migratedTemplate(adminUrl);
    project.provide('templateDatabase', template.name);
    project.provide('pgliteDump', undefined);
    return template.drop;
  }
  const dump = await migratedPgliteDump();
  project.provide('templateDatabase', undefined);
  project.provide('pgliteDump', dump.file);
  return dump.remove;
}
