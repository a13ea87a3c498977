// The opportunityEvents subscription through the real handler: Server-Sent Events (graphql-sse
// client), WebSocket (graphql-ws client, real server), resumption with `after`, workspace and scope
// confinement, slow subscribers, and two gateway instances sharing Redis.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { OpportunityEvent } from '../../src/modules/opportunity-event/opportunity-event.service.js';
import { createServices, DEFAULT_EVENTS_CONFIG, type Services } from '../../src/services.js';
import { createGateway } from '../../src/yoga.js';
import { TestGateway, useGateway } from '../support/gateway.js';
import { MOVE, UPDATE, createOpportunity, dataOf } from '../opportunity/fixtures.js';
import { REDIS_URL } from '../rest/support.js';
import { subscribeSse, useListeningGateways, type Subscription } from './subscriptions.js';

const gateway = useGateway();
const listening = useListeningGateways();

const DELETE = `mutation Delete($id: ID!) { deleteOpportunity(id: $id) { id } }`;

/** Gateways over the file's database with services of their own, closed after each test. */
const extra: Array<{ gw: TestGateway; services: Services }> = [];
afterEach(async () => {
  for (const { gw, services } of extra.splice(0)) {
    await gw.yoga.dispose();
    await services.close();
  }
});
function instance(gw: TestGateway, events: Partial<typeof DEFAULT_EVENTS_CONFIG> & { redisUrl?: string }) {
  const services = createServices(gw.db, { events: { ...DEFAULT_EVENTS_CONFIG, ...events } });
  const other = new TestGateway(createGateway({ db: gw.db, services, logging: false }), gw.db, services, gw.database);
  extra.push({ gw: other, services });
  return other;
}

async function eventOf(subscription: Subscription) {
  const result = await subscription.next();
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data!.opportunityEvents;
}

describe('opportunityEvents over Server-Sent Events', () => {
  it('delivers every kind of change as it commits, with the current opportunity', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const created = await createOpportunity(gw, key);
    const subscription = subscribeSse(gw.yoga, key, { after: '0' });
    try {
      expect(await eventOf(subscription)).toMatchObject({
        type: 'CREATED',
        version: 1,
        opportunityId: created.id,
        changedFields: null,
        stageChange: null,
      });
      dataOf(await gw.graphql(MOVE, { id: created.id, input: { status: 'won' } }, key));
      expect(await eventOf(subscription)).toMatchObject({
        type: 'STAGE_CHANGED',
        version: 2,
        opportunity: { id: created.id, status: 'won', version: 2 },
        stageChange: { fromStage: { key: 'new' }, toStage: { key: 'won' }, source: 'graphql', version: 2 },
        changedFields: null,
      });
      dataOf(await gw.graphql(UPDATE, { id: created.id, input: { notes: 'n', name: 'Jane Roe' } }, key));
      expect(await eventOf(subscription)).toMatchObject({ type: 'UPDATED', version: 3, changedFields: ['notes'] });
      dataOf(await gw.graphql(DELETE, { id: created.id }, key));
      expect(await eventOf(subscription)).toMatchObject({ type: 'DELETED', version: 4, opportunity: null });
    } finally {
      await subscription.close();
    }
  });

  it('after: the stored events after that id, then the live ones, with no gap and no duplicate', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const created = await createOpportunity(gw, key);
    const first = subscribeSse(gw.yoga, key, { after: '0' });
    const createdEvent = await eventOf(first);
    await first.close();

    // Changes commit before, while and after the second subscription starts reading the store.
    await gw.graphql(UPDATE, { id: created.id, input: { notes: 'offline' } }, key);
    const writes = Promise.all(
      Array.from({ length: 12 }, (_, i) => gw.graphql(UPDATE, { id: created.id, input: { notes: `n${i}` } }, key)),
    );
    const resumed = subscribeSse(gw.yoga, key, { after: createdEvent.id });
    try {
      await writes;
      const versions: number[] = [];
      const ids: string[] = [];
      while (versions.length < 13) {
        const event = await eventOf(resumed);
        versions.push(event.version);
        ids.push(event.id);
      }
      expect(versions).toEqual(Array.from({ length: 13 }, (_, i) => i + 2));
      dataOf(await gw.graphql(MOVE, { id: created.id, input: { status: 'lost' } }, key));
      const live = await eventOf(resumed);
      expect(live).toMatchObject({ type: 'STAGE_CHANGED', version: 15 });
      expect(new Set([...ids, live.id]).size).toBe(14);
    } finally {
      await resumed.close();
    }
  });

  it("keeps each opportunity's versions in order when a publication overtakes an earlier one", async () => {
    const gw = gateway();
    const elsewhere = instance(gw, {}); // its publications reach only its own subscribers
    const { key } = await gw.workspace();
    const created = await createOpportunity(gw, key);
    const subscription = subscribeSse(gw.yoga, key, { after: '0' });
    try {
      expect(await eventOf(subscription)).toMatchObject({ type: 'CREATED', version: 1 });
      for (const notes of ['a', 'b']) {
        dataOf(await elsewhere.graphql(UPDATE, { id: created.id, input: { notes } }, key));
      }
      const stored = await gw.prisma.$queryRaw<Array<{ event: OpportunityEvent }>>`
        SELECT json_build_object('id', id::text, 'workspaceId', workspace_id, 'type', type, 'opportunityId',
          opportunity_id, 'pipelineId', pipeline_id, 'version', version, 'occurredAt', occurred_at) AS event
        FROM opportunity_event WHERE opportunity_id = ${created.id} ORDER BY version DESC`;
      // Version 3 arrives first, then version 2 (as from two instances racing to Redis).
      for (const { event } of stored.slice(0, 2)) gw.services.opportunityEvents.publish(event);
      expect((await eventOf(subscription)).version).toBe(2);
      expect((await eventOf(subscription)).version).toBe(3);
      dataOf(await gw.graphql(UPDATE, { id: created.id, input: { notes: 'c' } }, key));
      expect(await eventOf(subscription)).toMatchObject({ version: 4, changedFields: ['notes'] });
    } finally {
      await subscription.close();
    }
  });

  it("sees only its own workspace's events, and only its pipeline's when it names one", async () => {
    const gw = gateway();
    const mine = await gw.workspace();
    const theirs = await gw.workspace();
    const subscription = subscribeSse(gw.yoga, mine.key, { pipelineId: mine.pipeline.id });
    const other = subscribeSse(gw.yoga, mine.key, { after: '0' });
    try {
      const own = await createOpportunity(gw, mine.key);
      await eventOf(other); // the live listeners are in place once the store has answered
      await createOpportunity(gw, theirs.key);
      const next = await createOpportunity(gw, mine.key);
      await gw.graphql(MOVE, { id: next.id, input: { status: 'won' } }, theirs.key); // not found for them
      const seen = [await eventOf(subscription), await eventOf(subscription)];
      expect(seen.map((event) => event.opportunityId)).toContain(next.id);
      for (const event of seen) expect([own.id, next.id]).toContain(event.opportunityId);
    } finally {
      await subscription.close();
      await other.close();
    }
  });

  it('needs opportunities:read, an event id as after and a pipeline of the workspace', async () => {
    const gw = gateway();
    const { key, workspace } = await gw.workspace();
    const pipelinesOnly = await gw.key(workspace.id, ['pipelines:read']);
    const cases: Array<[string, Record<string, string>, string]> = [
      [pipelinesOnly, {}, 'FORBIDDEN'],
      [key, { after: 'abc' }, 'VALIDATION_ERROR'],
      [key, { pipelineId: randomUUID() }, 'NOT_FOUND'],
      [key, { pipelineId: 'nope' }, 'NOT_FOUND'],
    ];
    for (const [caller, variables, code] of cases) {
      const subscription = subscribeSse(gw.yoga, caller, variables);
      const results = await subscription.rest().catch((error: unknown) => [error as never]);
      expect(results, JSON.stringify(variables)).toHaveLength(1);
      expect(results[0]!.errors?.[0]?.extensions?.code, JSON.stringify(results)).toBe(code);
    }
    const portuguese = subscribeSse(gw.yoga, pipelinesOnly, {}, { 'accept-language': 'pt-BR' });
    const [refused] = await portuguese.rest();
    expect(refused!.errors?.[0]?.message).toBe('Esta chave de API nao tem a permissao opportunities:read');
  });

  it('disconnects a subscriber that falls too far behind, saying why', async () => {
    const gw = instance(gateway(), { maxPending: 2 });
    const { key } = await gw.workspace();
    const created = await createOpportunity(gw, key);
    const response = await gw.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: `subscription { opportunityEvents(after: "0") { id version } }` }),
    });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes('"version":1')) text += (await reader.read()).value ?? '';
    // A burst of events in one tick (as a batch of moves publishes them): more than may wait.
    const [stored] = await gw.prisma.opportunityEvent.findMany({ where: { opportunityId: created.id } });
    for (let i = 1; i <= 10; i++) {
      gw.services.opportunityEvents.publish({
        ...stored!,
        id: String(stored!.id + BigInt(i)),
        type: 'updated',
        version: 1 + i,
        occurredAt: new Date().toISOString(),
      });
    }
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += chunk.value;
    expect(text).toContain('"code":"SUBSCRIBER_TOO_SLOW"');
    expect(text).toContain('"maxPending":2');
    expect(text.trimEnd()).toMatch(/event: complete\s*(data:)?$/);
  });
});

describe('opportunityEvents over WebSocket', () => {
  it('takes the key from the connection parameters and delivers changes', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const server = await listening(gw);
    const created = await createOpportunity(gw, key);
    const subscription = server.subscribeWs(key, { after: '0' });
    expect(await eventOf(subscription)).toMatchObject({ type: 'CREATED', opportunityId: created.id });
    dataOf(await gw.graphql(MOVE, { id: created.id, input: { status: 'proposal' } }, key));
    expect(await eventOf(subscription)).toMatchObject({
      type: 'STAGE_CHANGED',
      opportunity: { status: 'proposal' },
      stageChange: { toStage: { key: 'proposal' } },
    });
    await subscription.close();

    const anonymous = server.subscribeWs(undefined);
    const refusal = await anonymous.next().catch((error: unknown) => ({ errors: error as never }));
    expect(JSON.stringify(refusal)).toContain('UNAUTHENTICATED');
  });
});

describe('two gateway instances sharing Redis', () => {
  it('a change through either instance reaches SSE and WebSocket subscribers of both', async () => {
    const gw = gateway();
    const channel = `live:test:${randomUUID()}`;
    const first = instance(gw, { redisUrl: REDIS_URL, channel });
    const second = instance(gw, { redisUrl: REDIS_URL, channel });
    const { key } = await gw.workspace();
    const created = await createOpportunity(gw, key);
    const server = await listening(first);
    const overWs = server.subscribeWs(key, { after: '0' });
    const overSse = subscribeSse(second.yoga, key, { after: '0' });
    try {
      for (const subscription of [overWs, overSse]) expect((await eventOf(subscription)).type).toBe('CREATED');
      dataOf(await first.graphql(MOVE, { id: created.id, input: { status: 'won' } }, key));
      dataOf(await second.graphql(UPDATE, { id: created.id, input: { notes: 'from the second' } }, key));
      for (const subscription of [overWs, overSse]) {
        expect(await eventOf(subscription)).toMatchObject({ type: 'STAGE_CHANGED', version: 2 });
        expect(await eventOf(subscription)).toMatchObject({ type: 'UPDATED', version: 3, changedFields: ['notes'] });
      }
    } finally {
      await overSse.close();
      await overWs.close();
    }
  });
});
