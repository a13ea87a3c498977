// Two gateway processes (src/server.ts) on one PostgreSQL database and the shared Redis: a
// subscriber over Server-Sent Events on the first and one over graphql-ws on the second. Changes
// made through either process reach both, per opportunity in version order, with no duplicate.
// PostgreSQL in every run: two processes cannot open one embedded PGlite.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client as WsClient } from 'graphql-ws';
import { SCOPES } from '../../src/modules/api-key/scopes.js';
import { createWorkspace } from '../../src/modules/workspace/workspace.service.js';
import { createServices } from '../../src/services.js';
import { dataOf } from '../support/assertions.js';
import { openPostgresTestDatabase, type TestDatabase } from '../support/database.js';
import { ServerProcess, startTimeoutMs } from '../support/server-process.js';
import { CREATE, MOVE, UPDATE } from '../opportunity/fixtures.js';
import { REDIS_URL } from '../rest/support.js';
import { subscribeSseAt, subscribeWsWith, webSocketClient, type Subscription } from './subscriptions.js';

describe('two gateway processes on one PostgreSQL database and Redis', () => {
  let database: TestDatabase & { url: string };
  let key: string;
  let first: ServerProcess;
  let second: ServerProcess;
  let webSocket: WsClient | undefined;

  beforeAll(async () => {
    database = await openPostgresTestDatabase();
    const { workspace } = await createWorkspace(database.db.prisma, 'Two processes');
    ({ rawKey: key } = await createServices(database.db).apiKeys.create({
      workspaceId: workspace.id,
      name: 'k',
      scopes: SCOPES,
    }));
    // A channel of this test's own on the shared Redis.
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL,
      REDIS_KEY_PREFIX: `test:${randomUUID()}:`,
      WEBHOOK_WORKER: '0',
      LOG_LEVEL: 'warn',
    };
    [first, second] = await Promise.all([ServerProcess.start(env), ServerProcess.start(env)]);
  }, startTimeoutMs * 2);

  afterAll(async () => {
    await webSocket?.dispose();
    first?.kill();
    second?.kill();
    await database?.drop();
  });

  async function eventOf(subscription: Subscription) {
    const result = await subscription.next();
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    return result.data!.opportunityEvents as { id: string; type: string; opportunityId: string; version: number };
  }

  it('changes through either reach an SSE subscriber on one and a graphql-ws subscriber on the other, in order, once', async () => {
    const auth = { authorization: `Bearer ${key}` };
    const create = async (name: string) =>
      dataOf(await first.graphql(CREATE, auth, { input: { name } })).createOpportunity as { id: string };
    const opportunities = [await create('One'), await create('Two')];
    const overSse = subscribeSseAt(`${first.url}/graphql`, key, { after: '0' });
    webSocket = webSocketClient(`${second.url.replace('http:', 'ws:')}/graphql`, key);
    const overWs = subscribeWsWith(webSocket, { after: '0' });
    const subscriptions = [overSse, overWs];
    try {
      // The stored events come first: once they are read, each subscriber's live listener is in place.
      for (const subscription of subscriptions) {
        const stored = [await eventOf(subscription), await eventOf(subscription)];
        expect(stored.map((event) => [event.type, event.opportunityId, event.version])).toEqual(
          opportunities.map(({ id }) => ['CREATED', id, 1]),
        );
      }

      // Six changes per opportunity, alternately through each process, all at once: the two
      // processes' publications race each other through Redis.
      const changes = Array.from({ length: 6 }, (_, round) =>
        opportunities.map(({ id }, index) =>
          ((round + index) % 2 ? first : second).graphql(UPDATE, auth, { id, input: { notes: `round ${round}` } }),
        ),
      ).flat();
      for (const response of await Promise.all(changes)) dataOf(response);
      for (const subscription of subscriptions) {
        const events = [];
        for (let i = 0; i < changes.length; i++) events.push(await eventOf(subscription));
        for (const { id } of opportunities) {
          const versions = events.filter((event) => event.opportunityId === id).map((event) => event.version);
          expect(versions).toEqual([2, 3, 4, 5, 6, 7]);
        }
        expect(new Set(events.map((event) => event.id)).size).toBe(changes.length);
      }

      // Nothing else was on the way: the next events are one change through each process.
      const [one, two] = opportunities;
      dataOf(await first.graphql(MOVE, auth, { id: one!.id, input: { status: 'won' } }));
      dataOf(await second.graphql(MOVE, auth, { id: two!.id, input: { status: 'lost' } }));
      for (const subscription of subscriptions) {
        const last = [await eventOf(subscription), await eventOf(subscription)];
        // Each process publishes its own: the two may arrive in either order.
        last.sort((a, b) => Number(a.opportunityId !== one!.id) - Number(b.opportunityId !== one!.id));
        expect(last.map((event) => [event.type, event.opportunityId, event.version])).toEqual([
          ['STAGE_CHANGED', one!.id, 8],
          ['STAGE_CHANGED', two!.id, 8],
        ]);
      }
    } finally {
      await Promise.all(subscriptions.map(async (subscription) => subscription.close()));
    }
  });
});
