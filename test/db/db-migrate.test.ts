// `npm run db:migrate` as deploy scripts run it: what it prints, and one plain line when it cannot work.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError } from '../../src/db/data-dir-lock.js';
import { readMigrationList } from '../../src/db/migrations.js';
import { databaseUrl } from '../support/database-url.js';
import { admin, adminUrl } from './postgres-admin.js';

const projectRoot = join(import.meta.dirname, '../..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function dbMigrate(env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/db-migrate.ts'],
      // An empty DATABASE_URL counts as unset: the embedded database, in PGLITE_DATA_DIR.
      { cwd: projectRoot, env: { ...process.env, DATABASE_URL: '', ...env } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

let migrationNames: string[];
let dataDir: string;

beforeAll(async () => {
  migrationNames = (await readMigrationList()).migrationDirectories.map((dir) => dir.path);
  dataDir = await mkdtemp(join(tmpdir(), 'gw-migrate-'));
});

afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('npm run db:migrate', () => {
  it('applies the migrations to an empty PostgreSQL database, then finds it up to date', async () => {
    const name = `gw_db_migrate_${process.pid}_${randomBytes(4).toString('hex')}`;
    const url = databaseUrl(adminUrl, name);
    await admin(`CREATE DATABASE "${name}"`);
    try {
      const first = await dbMigrate({ DATABASE_URL: url });
      expect(first, first.stderr).toMatchObject({ code: 0, stderr: '' });
      expect(first.stdout).toBe(
        `${url}: applied ${migrationNames.length} migration(s)\n  ${migrationNames.join('\n  ')}\n`,
      );
      expect(await dbMigrate({ DATABASE_URL: url })).toEqual({ code: 0, stdout: `${url}: up to date\n`, stderr: '' });
    } finally {
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  });

  it('says in one line, password hidden, that PostgreSQL cannot be reached', async () => {
    const run = await dbMigrate({ DATABASE_URL: 'postgres://postgres:secret@127.0.0.1:1/gateway' });
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'db:migrate: cannot connect to postgres://postgres:***@127.0.0.1:1/gateway: connect ECONNREFUSED 127.0.0.1:1\n',
    });
  });

  it('says in one line that another process (the server) holds the embedded folder', async () => {
    // Held the way the server holds it; this test's process plays the server.
    const lock = acquireDataDirLock(dataDir);
    try {
      const run = await dbMigrate({ PGLITE_DATA_DIR: dataDir });
      expect(run).toEqual({
        code: 1,
        stdout: '',
        stderr: `db:migrate: ${new DataDirLockedError(dataDir, process.pid).message}\n`,
      });
    } finally {
      lock.release();
    }
  });
});
