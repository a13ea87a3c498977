// What a server never uses is never loaded: on PostgreSQL without REDIS_URL, no PGlite, no PGlite
// adapter, no WebAssembly schema engine (migrations are not asked for) and no Redis client (neither
// the rate limiter's nor the event bus's); Scalar's bundle waits for the first /docs request. The
// job queue (graphile-worker) and the WebSocket server (ws, graphql-ws) serve both databases and
// load on both. Every module the server resolves is recorded by a module hook; the embedded
// database, which loads PGlite and the engine, shows the recorder sees them.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresTestDatabase, type TestDatabase } from '../support/database.js';
import { freePort } from '../support/ports.js';

const projectRoot = join(import.meta.dirname, '../..');
const UNUSED_ON_POSTGRES = [
  '/node_modules/@electric-sql/pglite/',
  '/node_modules/pglite-prisma-adapter/',
  '/node_modules/@prisma/schema-engine-wasm/',
  '/node_modules/redis/',
  '/node_modules/@scalar/',
];
const LOADED_ON_BOTH = ['/node_modules/graphile-worker/', '/node_modules/ws/', '/node_modules/graphql-ws/'];

let dir: string;
// A migrated database of its own: the server installs the job queue's schema and trigger in it.
let postgres: TestDatabase & { url: string };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gw-imports-'));
  postgres = await openPostgresTestDatabase();
}, 60_000);
afterAll(async () => {
  await postgres?.drop();
  await rm(dir, { recursive: true, force: true });
});

function loaded(modules: string[], path: string): boolean {
  return modules.some((url) => url.includes(path));
}

/** Starts src/server.ts with `env`, sends one GraphQL request, stops it; answers every module URL it resolved. */
async function modulesResolvedBy(name: string, env: Record<string, string>): Promise<string[]> {
  const log = join(dir, `${name}.log`);
  const hooks = `import { appendFileSync } from 'node:fs';
    export async function resolve(specifier, context, next) {
      const resolved = await next(specifier, context);
      appendFileSync(${JSON.stringify(log)}, resolved.url + '\\n');
      return resolved;
    }`;
  const recorder = join(dir, `${name}.mjs`);
  await writeFile(
    recorder,
    `import { register } from 'node:module';\nregister(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});\n`,
  );
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', recorder, 'src/server.ts'], {
    cwd: projectRoot,
    env: { ...process.env, REDIS_URL: '', MIGRATE_ON_START: '', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: 'ignore',
  });
  try {
    const deadline = Date.now() + 60_000;
    let answer: Response | undefined;
    while (!answer && Date.now() < deadline && child.exitCode === null) {
      answer = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      }).catch(() => undefined);
      if (!answer) await sleep(200);
    }
    expect(answer?.status).toBe(200);
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
  }
  return (await readFile(log, 'utf8')).split('\n');
}

describe('modules a server loads', () => {
  it('on PostgreSQL without Redis: none of PGlite, its adapter, the schema engine, the Redis client or Scalar', async () => {
    const modules = await modulesResolvedBy('postgres', { DATABASE_URL: postgres.url });
    for (const path of ['/node_modules/@prisma/adapter-pg/', ...LOADED_ON_BOTH])
      expect(loaded(modules, path), path).toBe(true);
    expect(modules.filter((url) => UNUSED_ON_POSTGRES.some((path) => url.includes(path)))).toEqual([]);
  }, 90_000);

  it('on the embedded database: PGlite, its adapter and the schema engine that migrates it', async () => {
    const modules = await modulesResolvedBy('pglite', { DATABASE_URL: '', PGLITE_DATA_DIR: 'memory://' });
    for (const path of [...UNUSED_ON_POSTGRES.slice(0, 3), ...LOADED_ON_BOTH])
      expect(loaded(modules, path), path).toBe(true);
  }, 90_000);
});
