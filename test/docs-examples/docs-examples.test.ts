// The examples of the published pages (test/fixtures/api-docs.json) work verbatim against an embedded `npm start`
// once the host and the key placeholder are replaced with the server's address and the printed
// development key, and the answers have the documented shape. The real server runs as a child
// process on a fresh embedded database (seeded with the demo data the pages' ids name); each
// curl command runs as the shell would pass it to curl (or through fetch where curl is missing).
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readApiDocs, shapeDifferences, type CurlExample, type DocPage } from '../support/api-docs.js';
import { freePort } from '../support/ports.js';

const START_TIMEOUT_MS = 90_000;
/** How src/server.ts announces the key of a freshly seeded embedded database. */
const DEV_KEY_LINE = /^Development API key: (\S+)/m;
const HAS_CURL = !spawnSync('curl', ['--version']).error;

interface Server {
  child: ChildProcess;
  url: string;
  key: string;
  dataDir: string;
  output: () => string;
}

/** `npm start` (tsx src/server.ts) on a new embedded database; resolves once it serves and printed its key. */
async function startServer(): Promise<Server> {
  const dataDir = await mkdtemp(join(tmpdir(), 'gw-docs-examples-'));
  const port = await freePort();
  // The run's own database settings must not reach the child: it is the embedded start.
  const { DATABASE_URL: _url, PGLITE_DATA_DIR: _dir, MIGRATE_ON_START: _migrate, ...env } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: process.cwd(),
    env: { ...env, PORT: String(port), HOST: '127.0.0.1', PGLITE_DATA_DIR: join(dataDir, 'pglite') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline && child.exitCode === null) {
    const key = DEV_KEY_LINE.exec(output)?.[1];
    const health = key ? await fetch(`${url}/health`).catch(() => undefined) : undefined;
    if (key && health?.status === 200) return { child, url, key, dataDir, output: () => output };
    await sleep(200);
  }
  child.kill('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
  throw new Error(`the server did not start and print a development key:\n${output}`);
}

interface Answer {
  status: number;
  body: unknown;
}

/** Runs the command: curl itself with the shell's words, or the same request through fetch. */
async function run(curl: CurlExample): Promise<Answer> {
  if (HAS_CURL) {
    const { stdout } = await promisify(execFile)('curl', [
      ...curl.argv.slice(1),
      '--silent',
      '--show-error',
      '--write-out',
      '\n%{http_code}',
    ]);
    const cut = stdout.lastIndexOf('\n');
    return { status: Number(stdout.slice(cut + 1)), body: JSON.parse(stdout.slice(0, cut)) };
  }
  const response = await fetch(curl.url, { method: curl.method, headers: curl.headers, body: curl.data });
  return { status: response.status, body: await response.json() };
}

/** The page's command with each placeholder replaced, word by word, as one would edit it. */
function substitute(curl: CurlExample, replacements: Record<string, string>): CurlExample {
  const replace = (word: string) =>
    Object.entries(replacements).reduce((text, [from, to]) => text.split(from).join(to), word);
  return {
    argv: curl.argv.map(replace),
    method: curl.method,
    url: replace(curl.url),
    headers: curl.headers.map(([name, value]) => [name, replace(value)]),
    data: curl.data === undefined ? undefined : replace(curl.data),
  };
}

/** The same command with another --data body. */
function withData(curl: CurlExample, data: string): CurlExample {
  const at = curl.argv.indexOf('--data');
  expect(at, 'the example sends its body with --data').toBeGreaterThan(0);
  return { ...curl, argv: curl.argv.map((word, i) => (i === at + 1 ? data : word)), data };
}

describe('the published curl examples against `npm start` on the embedded database', () => {
  let server: Server | undefined;
  const pages = readApiDocs();
  const getRazePages = pages.filter((page) => page.curl.url.startsWith('https://app.getraze.com/'));
  const ruddrPages = pages.filter((page) => page.curl.url.startsWith('https://www.ruddr.io/'));

  beforeAll(async () => {
    server = await startServer();
  });

  afterAll(async () => {
    if (!server) return;
    if (server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await once(server.child, 'exit');
    }
    await rm(server.dataDir, { recursive: true, force: true });
  });

  const live = () => {
    if (!server) throw new Error('the server is not running');
    return server;
  };

  it('covers every page: four GetRaze ones and Ruddr’s', () => {
    expect(getRazePages.map((page) => page.file.slice(0, 3))).toEqual(['000', '001', '002', '003']);
    expect(ruddrPages.map((page) => page.file.slice(0, 3))).toEqual(['004']);
  });

  it.each(getRazePages.map((page) => [page.file, page] as const))(
    '%s works verbatim with the host and YOUR_API_KEY replaced, and answers every documented field with its type',
    async (_file, page: DocPage) => {
      const { url, key } = live();
      const curl = substitute(page.curl, { 'https://app.getraze.com': url, YOUR_API_KEY: key });
      const answer = await run(curl);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(page.responses).toHaveLength(1);
      expect(shapeDifferences(answer.body, page.responses[0], false)).toEqual([]);
    },
  );

  it.each(ruddrPages.map((page) => [page.file, page] as const))(
    '%s works with a real stage id, the key and a valid body, and answers exactly the documented fields and types',
    async (_file, page: DocPage) => {
      const { url, key } = live();
      const stages = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query: '{ pipelines { id stages { id } } }' }),
      });
      const { data } = (await stages.json()) as {
        data: { pipelines: Array<{ id: string; stages: Array<{ id: string }> }> };
      };
      const pipeline = data.pipelines[0];
      const stageId = pipeline?.stages[0]?.id;
      expect(stageId, 'the seeded workspace has a stage').toBeDefined();

      // The page's body is placeholders ("<string>", and 123, no probability by its own rules):
      // each documented field takes the value of the page's response example, the pipeline a real one.
      const [example] = page.responses as [Record<string, unknown>];
      const documented = JSON.parse(page.curl.data ?? '{}') as Record<string, unknown>;
      const body = Object.fromEntries(
        Object.keys(documented).map((field) => {
          expect(field in example, `${field} has an example value`).toBe(true);
          return [field, field === 'opportunityPipelineId' ? pipeline?.id : example[field]];
        }),
      );
      const curl = withData(
        substitute(page.curl, { 'https://www.ruddr.io': url, '<token>': key, '{id}': stageId ?? '' }),
        JSON.stringify(body),
      );
      const answer = await run(curl);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(shapeDifferences(answer.body, example, true)).toEqual([]);
      expect(answer.body).toMatchObject({ ...body, id: stageId });
    },
  );

  it('tells a wrong shape apart (the comparison can fail)', () => {
    const documented = { success: true, data: { id: 'x', won_at: '2024-01-25T10:00:00Z' } };
    expect(shapeDifferences({ success: true, data: { id: 'y', won_at: null } }, documented, false)).toEqual([
      '$.data.won_at: documented string, answered null',
    ]);
    expect(shapeDifferences({ success: true, data: { id: 'y' } }, documented, false)).toEqual([
      '$.data.won_at: documented, not answered',
    ]);
    expect(shapeDifferences({ success: true, data: { id: 'y', won_at: 'z', more: 1 } }, documented, true)).toEqual([
      '$.data.more: answered, not documented',
    ]);
  });
});
