// Runs once per test run. Against PostgreSQL (TEST_DATABASE_URL), it migrates one template
// database that every test file clones, and drops it at the end; PGlite needs nothing shared.
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { applyMigrations } from '../../src/db/migrations.js';
import { databaseUrl } from './database-url.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string | undefined;
  }
}

export default async function setup(project: TestProject) {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    project.provide('templateDatabase', undefined);
    return;
  }
  const template = `gw_template_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${template}"`);
  // Its connections must be gone before the template can be cloned.
  const pool = new pg.Pool({ connectionString: databaseUrl(adminUrl, template), max: 2 });
  try {
    await applyMigrations(new PrismaPg(pool));
  } finally {
    await pool.end();
  }
  project.provide('templateDatabase', template);

  return async () => {
    await admin.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
    await admin.end();
  };
}
