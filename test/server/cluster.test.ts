// `npm start`'s entry (src/cluster.ts) with WEB_CONCURRENCY=2 on PostgreSQL, as a child process:
// two workers serve one port, each with its own pool and webhook worker; one that dies is replaced;
// SIGTERM to the primary drains every worker and exits 0. A wrong WEB_CONCURRENCY stops it before anything runs.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, readdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminUrl } from '../db/postgres-admin.js';
import { openPostgresTestDatabase, type TestDatabase } from '../support/database.js';
import { freePort } from '../support/ports.js';
import { slowGraphqlRequest } from '../support/slow-request.js';

const projectRoot = join(import.meta.dirname, '../..');
const ENTRY = ['--import', 'tsx', 'src/cluster.ts'];
const startTimeoutMs = 90_000;

/** The pids of the primary's workers: its children running the entry (tsx has a child of its own). */
function workersOf(primary: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
        return parent === primary && command.includes('src/cluster.ts') ? [Number(entry)] : [];
      } catch {
        return []; // gone meanwhile
      }
    });
}

/** GET on a connection of its own, so the primary hands each to a worker anew. */
function getOnNewConnection(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, { agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    })
      .on('error', reject)
      .end();
  });
}

async function until<T>(probe: () => T | undefined, what: string, timeoutMs = startTimeoutMs): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = probe();
    if (value !== undefined) return value;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('WEB_CONCURRENCY=2 on PostgreSQL', () => {
  const applicationName = `gw_cluster_${process.pid}`;
  let primary: ChildProcess;
  let url: string;
  let output = '';
  let exited: Promise<unknown[]>;
  // A migrated database of its own: each worker installs the job queue's schema and trigger in it.
  let database: TestDatabase & { url: string };

  beforeAll(async () => {
    const port = await freePort();
    database = await openPostgresTestDatabase();
    const databaseUrl = new URL(database.url);
    databaseUrl.searchParams.set('application_name', applicationName);
    primary = spawn(process.execPath, ENTRY, {
      cwd: projectRoot,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl.toString(),
        MIGRATE_ON_START: '',
        WEB_CONCURRENCY: '2',
        PORT: String(port),
        HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    primary.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    primary.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    exited = once(primary, 'exit');
    url = `http://127.0.0.1:${port}`;
    await until(() => (output.includes('2 workers serving') ? true : undefined), `two workers:\n${output}`);
  }, startTimeoutMs);

  afterAll(async () => {
    for (const pid of primary?.pid ? workersOf(primary.pid) : []) process.kill(pid, 'SIGKILL');
    primary?.kill('SIGKILL');
    await database?.drop();
  });

  it('serves one port from two worker processes, each with its own database pool', async () => {
    expect(workersOf(primary.pid!)).toHaveLength(2);
    const statuses = await Promise.all(Array.from({ length: 20 }, () => getOnNewConnection(`${url}/ready`)));
    expect(statuses).toEqual(Array.from({ length: 20 }, () => 200));
    // /ready asks each worker's own pool: both answered, so both opened connections of their own.
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ pid: number; client_port: number }>(
        'SELECT pid, client_port FROM pg_stat_activity WHERE application_name = $1',
        [applicationName],
      );
      expect(rows.length, output).toBeGreaterThanOrEqual(2);
    } finally {
      await admin.end();
    }
  });

  it(
    'replaces a worker that dies',
    async () => {
      const [victim, survivor] = workersOf(primary.pid!);
      process.kill(victim!, 'SIGKILL');
      const workers = await until(() => {
        const now = workersOf(primary.pid!);
        return now.length === 2 && !now.includes(victim!) ? now : undefined;
      }, 'a replacement worker');
      expect(workers).toContain(survivor);
      await until(
        () => (output.includes(`worker ${victim} ended (SIGKILL); starting another`) ? true : undefined),
        'the log',
      );
      const listening = () => output.split('Pipeline Gateway on').length - 1;
      await until(() => (listening() === 3 ? true : undefined), `the replacement listening:\n${output}`);
      expect(await getOnNewConnection(`${url}/ready`)).toBe(200);
    },
    startTimeoutMs,
  );

  it('on SIGTERM to the primary, finishes an in-flight request, stops every worker and exits 0', async () => {
    const workers = workersOf(primary.pid!);
    const slow = slowGraphqlRequest(url);
    await sleep(300); // a worker has the headers and waits for the body
    primary.kill('SIGTERM');
    await sleep(300); // the workers are shutting down, with the request still open
    slow.finish();
    const answered = await slow.response;
    expect(answered.status, output).toBe(200);
    expect(JSON.parse(answered.body)).toEqual({ data: { __typename: 'Query' } });
    const [code, signal] = await exited;
    expect({ code, signal }, output).toEqual({ code: 0, signal: null });
    for (const pid of workers) expect(() => process.kill(pid, 0), `worker ${pid} still runs`).toThrow();
    // Every worker ran its webhook worker on the one database without a failure.
    expect(output).not.toMatch(/webhook worker not started|job queue not installed|\[jobs\]/);
  });
});

describe('a wrong WEB_CONCURRENCY', () => {
  it.each([
    [{ WEB_CONCURRENCY: '0', DATABASE_URL: adminUrl }, 'WEB_CONCURRENCY accepts an integer from 1 to 256'],
    [{ WEB_CONCURRENCY: 'two', DATABASE_URL: adminUrl }, 'WEB_CONCURRENCY accepts an integer from 1 to 256'],
    [{ WEB_CONCURRENCY: '2', DATABASE_URL: '' }, 'WEB_CONCURRENCY above 1 needs DATABASE_URL'],
  ])('%o stops the start with one line and exit code 2', (env, message) => {
    const result = spawnSync(process.execPath, ENTRY, {
      cwd: projectRoot,
      env: { ...process.env, ...env },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  });
});
