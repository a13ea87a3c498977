// A database that is up but cannot serve a request in time: a lock held by another connection, a
// statement that runs out of time, a pool whose every connection is taken. Each answers 503
// DATABASE_BUSY with Retry-After, on GraphQL and REST, within its bound; /ready stays 200 because
// it asks over a connection of its own. PostgreSQL in every run: PGlite has one connection, so
// nothing can contend for its locks or its pool.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseTimeouts } from '../../src/db/client.js';
import { createWorkspace } from '../../src/modules/workspace/workspace.service.js';
import { createServices } from '../../src/services.js';
import { createGateway, type Gateway } from '../../src/yoga.js';
import { openPostgresTestDatabase, type PostgresOptions, type TestDatabase } from '../support/database.js';
import { openDatabase, type Database } from '../../src/db/client.js';

const quiet = { warn: () => {}, error: () => {} };

let database: TestDatabase & { url: string };
let key: string;
const opened: Array<{ yoga: Gateway; db: Database }> = [];

beforeAll(async () => {
  database = await openPostgresTestDatabase();
  const services = createServices(database.db);
  const { workspace } = await createWorkspace(database.db.prisma, 'Busy');
  ({ rawKey: key } = await services.apiKeys.create({
    workspaceId: workspace.id,
    name: 'k',
    scopes: ['opportunities:read', 'pipelines:read'],
  }));
});

afterAll(async () => {
  for (const { yoga, db } of opened) {
    await yoga.dispose();
    await db.close();
  }
  await database?.drop();
});

/** A gateway over the test database with its own pool and time bounds; its key already looked up. */
async function gatewayWith(options: PostgresOptions & { timeouts: DatabaseTimeouts }) {
  const db = await openDatabase({ kind: 'postgres', url: database.url, ...options }, quiet);
  const yoga = createGateway({ db, services: createServices(db), logging: false });
  opened.push({ yoga, db });
  const gateway = {
    graphql: (query: string, headers: Record<string, string> = {}) =>
      yoga.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers },
        body: JSON.stringify({ query }),
      }),
    rest: (path: string) => yoga.fetch(`http://gateway.test${path}`, { headers: { authorization: `Bearer ${key}` } }),
    ready: () => yoga.fetch('http://gateway.test/ready'),
  };
  // The key is cached from here on: what waits below is the request's own work.
  expect((await gateway.graphql(COUNT)).status).toBe(200);
  return gateway;
}

const COUNT = '{ opportunities { totalCount } }';

/** Another connection that holds an exclusive lock on `tables` until `release`. */
async function holdLock(...tables: string[]) {
  const holder = new pg.Client({ connectionString: database.url });
  await holder.connect();
  await holder.query('BEGIN');
  await holder.query(`LOCK TABLE ${tables.join(', ')} IN ACCESS EXCLUSIVE MODE`);
  return {
    release: async () => {
      await holder.query('ROLLBACK');
      await holder.end();
    },
  };
}

type ErrorBody = { errors: Array<{ message: string; extensions: Record<string, unknown> }> };

async function expectBusyGraphql(response: Response) {
  expect(response.status, await response.clone().text()).toBe(503);
  expect(response.headers.get('retry-after')).toBe('1');
  const body = (await response.json()) as ErrorBody;
  expect(body.errors[0]?.extensions).toEqual({ code: 'DATABASE_BUSY', retryAfter: 1 });
  return body;
}

describe('a lock held by another connection', () => {
  it('answers 503 DATABASE_BUSY with Retry-After after the lock timeout, on GraphQL and REST, while /ready stays 200', async () => {
    const lockMs = 300;
    const gateway = await gatewayWith({ poolSize: 4, timeouts: { statementMs: 10_000, lockMs, poolMs: 5_000 } });
    const lock = await holdLock('opportunity', 'opportunity_stage');
    try {
      const started = Date.now();
      const body = await expectBusyGraphql(await gateway.graphql(COUNT));
      const elapsed = Date.now() - started;
      // It waited for the lock, then gave up at the lock timeout, long before the statement timeout.
      expect(elapsed).toBeGreaterThanOrEqual(lockMs);
      expect(elapsed).toBeLessThan(5_000);
      expect(body.errors[0]?.message).toBe('The database is too busy to answer in time; try again shortly');

      const portuguese = await expectBusyGraphql(await gateway.graphql(COUNT, { 'accept-language': 'pt-BR' }));
      expect(portuguese.errors[0]?.message).toBe(
        'O banco de dados esta ocupado demais para responder a tempo; tente novamente em instantes',
      );

      const getRaze = await gateway.rest('/external/v1/opportunities');
      expect(getRaze.status).toBe(503);
      expect(getRaze.headers.get('retry-after')).toBe('1');
      expect(await getRaze.json()).toMatchObject({ success: false, error: { code: 'DATABASE_BUSY' } });

      const ruddr = await gateway.rest('/api/workspace/opportunity-stages');
      expect(ruddr.status).toBe(503);
      expect(ruddr.headers.get('retry-after')).toBe('1');
      expect(await ruddr.json()).toMatchObject({ status: 503, errors: [] });

      // The database answers: the instance is busy, not broken.
      expect((await gateway.ready()).status).toBe(200);
    } finally {
      await lock.release();
    }
    expect((await gateway.graphql(COUNT)).status).toBe(200);
  });

  it('answers 503 DATABASE_BUSY when the statement timeout ends the wait (no lock timeout set)', async () => {
    const gateway = await gatewayWith({ poolSize: 2, timeouts: { statementMs: 300, lockMs: 0, poolMs: 5_000 } });
    const lock = await holdLock('opportunity');
    try {
      await expectBusyGraphql(await gateway.graphql(COUNT));
    } finally {
      await lock.release();
    }
    expect((await gateway.graphql(COUNT)).status).toBe(200);
  });
});

describe('a saturated pool', () => {
  it('answers 503 DATABASE_BUSY after the pool timeout while /ready stays 200, and the waiting request still succeeds', async () => {
    const gateway = await gatewayWith({ poolSize: 1, timeouts: { statementMs: 10_000, lockMs: 0, poolMs: 300 } });
    const lock = await holdLock('opportunity');
    // The pool's only connection waits on the lock...
    const first = Promise.resolve(gateway.graphql(COUNT));
    try {
      await untilWaitingOnLock();
      // ...so the next request finds no connection within the pool timeout.
      await expectBusyGraphql(await gateway.graphql(COUNT));
      expect((await gateway.ready()).status).toBe(200);
    } finally {
      await lock.release();
    }
    expect((await first).status).toBe(200);
  });
});

/** Resolves once a connection of the test database waits for a lock. */
async function untilWaitingOnLock(): Promise<void> {
  const observer = new pg.Client({ connectionString: database.url });
  await observer.connect();
  try {
    for (;;) {
      const { rows } = await observer.query<{ waiting: number }>(
        `SELECT count(*)::int AS waiting FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if ((rows[0]?.waiting ?? 0) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await observer.end();
  }
}
