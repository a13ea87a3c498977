// Request ids and the access log through the real handler: every answer carries X-Request-Id
// (the client's when sane), every GraphQL error and REST error envelope repeats it, and each
// request writes exactly one JSON line naming its route template, never raw ids or the key.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../src/services.js';
import { createGateway } from '../../src/yoga.js';
import { createLogger } from '../../src/observability/logger.js';
import { TestGateway } from '../support/gateway.js';
import { openTestDatabase } from '../support/database.js';

type LogLine = Record<string, unknown>;
const lines: LogLine[] = [];
let gw: TestGateway;

beforeAll(async () => {
  const database = await openTestDatabase();
  const services = createServices(database.db);
  const logger = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
  gw = new TestGateway(createGateway({ db: database.db, services, logger }), database.db, services, database);
});
afterAll(async () => {
  await gw?.yoga.dispose();
  await gw?.database.drop();
});
beforeEach(() => {
  lines.length = 0;
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function onlyRequestLine(): LogLine {
  const requests = lines.filter((line) => line.msg === 'request');
  expect(requests, JSON.stringify(lines)).toHaveLength(1);
  return requests[0]!;
}

describe('X-Request-Id', () => {
  it('is generated for a request without one, answered in the header and logged', async () => {
    const { key } = await gw.workspace();
    // Not through gw.fetch, which sends a fixed id.
    const response = await gw.yoga.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: 'query Pipelines { pipelines { name } }' }),
    });
    expect(response.status).toBe(200);
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(UUID);
    const line = onlyRequestLine();
    expect(line).toMatchObject({
      level: 30,
      requestId: id,
      method: 'POST',
      route: '/graphql',
      operation: 'Pipelines',
      status: 200,
      apiKey: key.slice(0, 16),
    });
    expect(line.durationMs).toEqual(expect.any(Number));
    expect(line.errors).toBeUndefined();
    expect(JSON.stringify(line)).not.toContain(key);
  });

  it("keeps the client's sane id and replaces one that is too long or has unsafe characters", async () => {
    for (const given of ['req-42', 'a1b2c3:trace/7=', 'x'.repeat(128)]) {
      const response = await gw.fetch('/health', { headers: { 'x-request-id': given } });
      expect(response.headers.get('x-request-id')).toBe(given);
    }
    for (const given of ['x'.repeat(129), 'has space', 'quote"d', 'new\tline', 'ação']) {
      const response = await gw.fetch('/health', { headers: { 'x-request-id': given } });
      expect(response.headers.get('x-request-id'), given).toMatch(UUID);
    }
  });

  it('is in every GraphQL error, whatever the phase, and the log lists the codes', async () => {
    const headers = { 'x-request-id': 'client-id-1' };
    const unauthenticated = await gw.graphql('{ pipelines { name } }', {}, undefined, headers);
    expect(unauthenticated.body.errors?.[0]?.extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      requestId: 'client-id-1',
    });
    expect(onlyRequestLine()).toMatchObject({ requestId: 'client-id-1', errors: ['UNAUTHENTICATED'] });

    lines.length = 0;
    const { key } = await gw.workspace();
    const invalid = await gw.graphql('query Broken { pipelines { nope } }', {}, key, headers);
    expect(invalid.body.errors?.[0]?.extensions).toMatchObject({ requestId: 'client-id-1' });
    expect(onlyRequestLine()).toMatchObject({ operation: 'Broken', errors: [expect.any(String)] });
    // Validation errors are cached by Yoga: a later request gets its own id, not this one's.
    const again = await gw.graphql('query Broken { pipelines { nope } }', {}, key, { 'x-request-id': 'client-id-2' });
    expect(again.body.errors?.[0]?.extensions).toMatchObject({ requestId: 'client-id-2' });
  });
});

describe('REST', () => {
  it('logs the route template, not the id, and repeats the request id in the GetRaze envelope', async () => {
    const { key } = await gw.workspace();
    const response = await gw.fetch('/external/v1/opportunities/opp_zzzzzzzzzzzz', {
      headers: { 'x-api-key': key, 'x-request-id': 'rest-1' },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-request-id')).toBe('rest-1');
    expect(await response.json()).toMatchObject({
      success: false,
      error: { code: 'NOT_FOUND', details: { request_id: 'rest-1' } },
    });
    const line = onlyRequestLine();
    expect(line).toMatchObject({
      requestId: 'rest-1',
      method: 'GET',
      route: '/external/v1/opportunities/:id',
      operation: expect.stringMatching(/^Rest/),
      status: 404,
      apiKey: key.slice(0, 16),
      errors: ['NOT_FOUND'],
    });
    expect(JSON.stringify(line)).not.toContain('opp_zzzzzzzzzzzz');
  });

  it("answers the router's own failures with the id too, and an unknown path as `unmatched`", async () => {
    const response = await gw.yoga.fetch('http://gateway.test/external/v1/nothing/here/123');
    expect(response.status).toBe(404);
    const id = response.headers.get('x-request-id');
    expect(await response.json()).toMatchObject({ error: { code: 'NOT_FOUND', details: { request_id: id } } });
    expect(onlyRequestLine()).toMatchObject({ requestId: id, route: 'unmatched', errors: ['NOT_FOUND'] });
  });

  it('answers the Ruddr API, whose envelope has no place for it, with the header', async () => {
    const response = await gw.fetch('/api/workspace/opportunity-stages/not-a-uuid', {
      headers: { 'x-request-id': 'ruddr-1' },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-request-id')).toBe('ruddr-1');
    expect(Object.keys((await response.json()) as object).sort()).toEqual(['errors', 'message', 'status']);
    expect(onlyRequestLine()).toMatchObject({ requestId: 'ruddr-1', route: '/api/workspace/opportunity-stages/:id' });
  });
});

describe('other endpoints', () => {
  it('logs one line for health, readiness and unknown paths, by name or as `unmatched`', async () => {
    await gw.fetch('/health');
    await gw.fetch('/ready');
    await gw.fetch('/no/such/page/42');
    expect(lines.filter((line) => line.msg === 'request').map((line) => [line.route, line.status])).toEqual([
      ['/health', 200],
      ['/ready', 200],
      ['unmatched', 404],
    ]);
  });
});
