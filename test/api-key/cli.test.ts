// `npm run apikey` and `npm run db:seed`, run as the user runs them (child processes) on a fresh
// embedded database in a temporary folder.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { acquireDataDirLock } from '../../src/db/data-dir-lock.js';
import { SCOPES } from '../../src/modules/api-key/scopes.js';
import { createWorkspace } from '../../src/modules/workspace/workspace.service.js';
import { RAW_KEY } from './operations.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tempDir = mkdtempSync(join(tmpdir(), 'gateway-cli-'));
const dataDir = join(tempDir, 'pglite');
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a script on the temporary embedded database; a hang is killed, and fails the test. */
function run(script: 'apikey' | 'db-seed', ...args: string[]): Promise<Run> {
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], {
    cwd: root,
    env: { ...env, PGLITE_DATA_DIR: dataDir },
    timeout: 60_000,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

const STACK_FRAME = /^\s+at /m;

interface ListedKey {
  prefix: string;
  name: string;
  revokedAt: string | null;
}

describe('API key CLI', { timeout: 120_000 }, () => {
  let devKey = '';
  let ciKey = '';

  it('refuses unknown scopes, listing the valid ones, before touching the database', async () => {
    const result = await run('apikey', 'create', '--name', 'ci', '--scopes', 'pipelines:read,bogus');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unknown scopes: bogus');
    for (const scope of SCOPES) expect(result.stderr).toContain(scope);
    expect(result.stderr).not.toMatch(STACK_FRAME);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('says when there is no workspace to put a key in', async () => {
    const result = await run('apikey', 'create', '--name', 'ci', '--scopes', 'pipelines:read');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('There is no workspace yet');
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });

  it('seeds the empty database once, printing and keeping the development key', async () => {
    const seeded = await run('db-seed');
    expect(seeded.code).toBe(0);
    devKey = /Development API key.*: (\S+)/.exec(seeded.stdout)?.[1] ?? '';
    expect(devKey).toMatch(RAW_KEY);
    expect(readFileSync(join(tempDir, 'dev-key.txt'), 'utf8').trim()).toBe(devKey);

    const again = await run('db-seed');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already has data');
    expect(again.stdout).not.toContain('gr_live_');
  });

  it('creates a key, lists prefixes only, and revokes by prefix', async () => {
    const created = await run(
      'apikey',
      'create',
      '--name',
      'ci',
      '--scopes',
      'pipelines:read,opportunities:read',
      '--expires-at',
      '2099-01-01T00:00:00Z',
      '--json',
    );
    expect(created.code).toBe(0);
    const key = JSON.parse(created.stdout);
    expect(key).toMatchObject({
      name: 'ci',
      scopes: ['pipelines:read', 'opportunities:read'],
      workspaceId: expect.any(String),
      expiresAt: '2099-01-01T00:00:00.000Z',
    });
    expect(key.key).toMatch(RAW_KEY);
    expect(key.prefix).toBe(key.key.slice(0, 16));
    expect(key).not.toHaveProperty('secretHash');
    ciKey = key.key;

    const listed = await run('apikey', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(key.prefix);
    expect(listed.stdout).toContain(devKey.slice(0, 16));
    for (const secret of [ciKey, devKey]) expect(listed.stdout).not.toContain(secret.slice(16));

    const revoked = await run('apikey', 'revoke', key.prefix);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain(`Revoked "ci" (${key.prefix})`);

    const after = await run('apikey', 'list', '--json');
    expect(after.code).toBe(0);
    for (const secret of [ciKey, devKey]) expect(after.stdout).not.toContain(secret.slice(16));
    const keys = JSON.parse(after.stdout) as ListedKey[];
    expect(keys.map(({ prefix, revokedAt }) => [prefix, revokedAt !== null])).toEqual([
      [devKey.slice(0, 16), false],
      [key.prefix, true],
    ]);
    expect(keys.every((listedKey) => !('secretHash' in listedKey) && !('key' in listedKey))).toBe(true);
  });

  it('says plainly, and at once, that a running server holds the database', async () => {
    // Stands for the server: the lock is what an open embedded database holds.
    mkdirSync(dataDir, { recursive: true });
    const lock = acquireDataDirLock(dataDir);
    try {
      const result = await run('apikey', 'list');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`is in use by process ${process.pid}`);
      expect(result.stderr).not.toMatch(STACK_FRAME);
      expect(result.stdout).toBe('');
      expect(result.ms).toBeLessThan(15_000);
    } finally {
      lock.release();
    }
  });

  it('asks for --workspace when there are several, and finds one by name', async () => {
    const db = await openDatabase({ kind: 'pglite', dataDir });
    const second = await createWorkspace(db.prisma, 'Second').finally(() => db.close());

    const ambiguous = await run('apikey', 'create', '--name', 'ci', '--scopes', 'pipelines:read');
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('--workspace');
    expect(ambiguous.stderr).toContain('Demo');
    expect(ambiguous.stderr).toContain(second.workspace.id);

    // The database came through the refused attempts intact.
    const chosen = await run(
      'apikey',
      'create',
      '--workspace',
      'Second',
      '--name',
      'ci',
      '--scopes',
      'pipelines:read',
      '--json',
    );
    expect(chosen.code).toBe(0);
    expect(JSON.parse(chosen.stdout).workspaceId).toBe(second.workspace.id);
  });
});
