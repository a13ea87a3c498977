// SIGTERM under load loses nothing: 50 keep-alive clients keep the real server (src/server.ts, its
// own port and PostgreSQL database) busy; after the signal every request sent is answered (no
// reset, no hang-up), each client is told `Connection: close`, a new connection is refused, and
// the process exits 0.
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace } from '../../src/modules/workspace/workspace.service.js';
import { createServices } from '../../src/services.js';
import { openPostgresTestDatabase, type TestDatabase } from '../support/database.js';
import { ServerProcess, startTimeoutMs } from '../support/server-process.js';

const CLIENTS = 50;
const QUERY = JSON.stringify({ query: '{ opportunities(first: 5) { totalCount edges { node { id name } } } }' });

interface Answer {
  status: number;
  /** The server asked to close the connection. */
  close: boolean;
  sentAt: number;
  answeredAt: number;
}

/** One request over `agent`'s keep-alive connection: its answer, or the error it met. */
function send(url: string, agent: Agent, key: string): Promise<Answer | { error: string }> {
  const sentAt = Date.now();
  return new Promise((resolve) => {
    const req = request(`${url}/graphql`, {
      method: 'POST',
      agent,
      headers: {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(QUERY)),
        authorization: `Bearer ${key}`,
      },
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.on('response', (response) => {
      response.resume();
      response.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          close: response.headers.connection === 'close',
          sentAt,
          answeredAt: Date.now(),
        }),
      );
    });
    req.end(QUERY);
  });
}

/** A client sending one request after another on one keep-alive connection, until told to close or failed. */
async function client(url: string, key: string, answers: Answer[], errors: string[]): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    for (;;) {
      const result = await send(url, agent, key);
      if ('error' in result) {
        errors.push(result.error);
        return;
      }
      answers.push(result);
      if (result.close) return;
    }
  } finally {
    agent.destroy();
  }
}

/** Whether a new connection is refused (ECONNREFUSED), or what happened instead. */
function newConnection(url: string): Promise<string> {
  return new Promise((resolve) => {
    const req = request(`${url}/health`, { agent: false });
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.on('response', (response) => {
      response.resume();
      resolve(`answered ${response.statusCode}`);
    });
    req.end();
  });
}

describe('SIGTERM under load', () => {
  let database: TestDatabase & { url: string };
  let key: string;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    database = await openPostgresTestDatabase();
    const { workspace } = await createWorkspace(database.db.prisma, 'Shutdown');
    ({ rawKey: key } = await createServices(database.db).apiKeys.create({
      workspaceId: workspace.id,
      name: 'k',
      scopes: ['opportunities:read'],
    }));
    server = await ServerProcess.start({ DATABASE_URL: database.url, SHUTDOWN_GRACE_MS: '10000' });
  }, startTimeoutMs * 2);

  afterAll(async () => {
    server?.kill();
    await database?.drop();
  });

  it('answers every request sent, asks each keep-alive client to close, refuses new connections and exits 0', async () => {
    if (!server) throw new Error('server not started');
    const gw = server;
    const answers: Answer[] = [];
    const errors: string[] = [];
    const clients = Array.from({ length: CLIENTS }, () => client(gw.url, key, answers, errors));
    // Under load: every client has been answered a few times and has its next request on the way.
    while (answers.length < CLIENTS * 4 && errors.length === 0) await new Promise((r) => setTimeout(r, 20));

    const signalledAt = Date.now();
    gw.child.kill('SIGTERM');
    while (!gw.log().includes('SIGTERM:') && gw.running) await new Promise((r) => setTimeout(r, 5));
    const refused = await newConnection(gw.url);
    await Promise.all(clients);
    const [code, signal] = await gw.exited;

    expect(errors, gw.log()).toEqual([]);
    expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);
    // Each client's last answer told it to close its connection; no other answer did.
    expect(answers.filter((answer) => answer.close)).toHaveLength(CLIENTS);
    // Requests in flight at the signal were answered after it.
    expect(answers.some((answer) => answer.sentAt < signalledAt && answer.answeredAt > signalledAt)).toBe(true);
    expect(refused).toBe('ECONNREFUSED');
    expect({ code, signal }, gw.log()).toEqual({ code: 0, signal: null });
  });

  it(
    'cuts a request still unfinished when the grace ends, and exits 0',
    async () => {
      const graceMs = 300;
      const gw = await ServerProcess.start({ DATABASE_URL: database.url, SHUTDOWN_GRACE_MS: String(graceMs) });
      try {
        // Headers sent, body never finished: the request is in flight until the grace cuts it.
        const stuck = request(`${gw.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': '1000' },
        });
        const cut = new Promise<string>((resolve) => {
          stuck.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
          stuck.on('response', (response) => resolve(`answered ${response.statusCode}`));
        });
        stuck.write('{"query":');
        await new Promise((r) => setTimeout(r, 500)); // the server has the headers and waits for the body
        gw.child.kill('SIGTERM');
        const [code, signal] = await gw.exited;
        expect(gw.log()).toContain('SIGTERM: refusing new connections; answering 1 request(s) in flight');
        expect(await cut).toBe('ECONNRESET');
        expect({ code, signal }, gw.log()).toEqual({ code: 0, signal: null });
        // The stuck one, and the idle keep-alive connection of the start-up health check.
        expect(gw.log()).toMatch(new RegExp(`shutdown grace of ${graceMs} ms over: cutting \\d+ connection\\(s\\)`));
      } finally {
        gw.kill();
      }
    },
    startTimeoutMs,
  );
});
