// The real server (src/server.ts) as a child process, the way `npm start` runs it: its endpoints,
// its graceful shutdown and its data-folder lock, and its answer when PostgreSQL is not there.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess, startTimeoutMs } from '../support/server-process.js';

/** A POST whose body is still on its way: the request is in flight until `finish` sends the rest. */
function slowGraphqlRequest(url: string) {
  const body = JSON.stringify({ query: '{ __typename }' });
  const req = request(`${url}/graphql`, {
    method: 'POST',
    // Keep-alive, as browsers and load balancers do: once its response is sent the server must
    // close the idle connection itself, or the exit waits for SHUTDOWN_GRACE_MS.
    agent: new Agent({ keepAlive: true }),
    headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
  });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', reject);
    });
  });
  req.write(body.slice(0, 5));
  return { response, finish: () => req.end(body.slice(5)) };
}

describe('the server on the embedded database', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;
  const lockFile = () => join(dataDir, 'gateway.lock');

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gw-server-'));
    server = await ServerProcess.start({ PGLITE_DATA_DIR: dataDir });
  }, startTimeoutMs * 2);

  afterAll(async () => {
    server?.kill();
    await rm(dataDir, { recursive: true, force: true });
  });

  const running = () => {
    if (!server) throw new Error('server not started');
    return server;
  };

  it('answers /health, /ready and /graphql, over a migrated database', async () => {
    const gw = running();
    expect((await fetch(`${gw.url}/health`)).status).toBe(200);
    expect((await fetch(`${gw.url}/ready`)).status).toBe(200);
    expect(existsSync(lockFile())).toBe(true);
    expect(await gw.graphql('{ __typename }')).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
    // An unknown key is looked up in api_key: the database answers through the migrated schema.
    const denied = await gw.graphql('{ pipelines { id } }', { authorization: 'Bearer gr_live_unknown' });
    expect(denied.body.errors?.[0]?.extensions?.code, JSON.stringify(denied.body)).toBe('UNAUTHENTICATED');
  });

  it('serves GraphiQL to a browser at /graphql', async () => {
    const response = await fetch(`${running().url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toMatch(/graphiql/i);
    expect(html).toContain('Pipeline Gateway');
  });

  it('finishes an in-flight request on SIGTERM, then exits 0 promptly and releases the lock', async () => {
    const gw = running();
    const slow = slowGraphqlRequest(gw.url);
    await sleep(300); // the server has the headers and waits for the body
    const exit = gw.terminate();
    await sleep(300); // it is shutting down now, with the request still open
    slow.finish();
    const answered = await slow.response;
    expect(answered.status, gw.log()).toBe(200);
    expect(JSON.parse(answered.body)).toEqual({ data: { __typename: 'Query' } });
    const { code, signal, ms } = await exit;
    expect({ code, signal }, gw.log()).toEqual({ code: 0, signal: null });
    expect(ms).toBeLessThan(5_000);
    expect(existsSync(lockFile())).toBe(false);
  });

  it(
    'starts again on the same folder',
    async () => {
      const again = await ServerProcess.start({ PGLITE_DATA_DIR: dataDir });
      try {
        expect((await fetch(`${again.url}/ready`)).status).toBe(200);
        expect((await again.terminate()).code).toBe(0);
      } finally {
        again.kill();
      }
    },
    startTimeoutMs,
  );
});

describe('the server when PostgreSQL is unreachable', () => {
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    // Nothing listens on port 1: every connection is refused at once.
    server = await ServerProcess.start({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/gateway' });
  }, startTimeoutMs);

  afterAll(() => server?.kill());

  it('answers /ready 503 and GraphQL DATABASE_UNAVAILABLE, and stays up', async () => {
    if (!server) throw new Error('server not started');
    expect((await fetch(`${server.url}/ready`)).status).toBe(503);
    const answer = await server.graphql('{ pipelines { id } }', { authorization: 'Bearer gr_live_unknown' });
    expect(answer.body.errors?.[0]?.extensions?.code, JSON.stringify(answer.body)).toBe('DATABASE_UNAVAILABLE');
    expect(answer.status).toBe(503);
    expect(server.running, server.log()).toBe(true);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
});
