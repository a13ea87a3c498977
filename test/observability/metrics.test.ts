// /metrics through the real handler: Prometheus text with request durations by route template
// (never a raw id), stage moves by entry point, errors by code, rate-limit
// refusals, the pool's connections and the Node process metrics.
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryRateLimiter } from '../../src/rest/rate-limit.js';
import { useGateway, type TestGateway } from '../support/gateway.js';
import { rest } from '../support/rest.js';
import { MOVE, createOpportunity } from '../opportunity/fixtures.js';

// Two requests per hour, so a third is refused.
const gateway = useGateway({}, { rateLimiter: new MemoryRateLimiter({ limit: 2, windowMs: 3_600_000 }) });
let gw: TestGateway;
beforeAll(() => {
  gw = gateway();
});

async function scrape(): Promise<string> {
  const response = await gw.fetch('/metrics');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

/** The value of the sample `name{labels}` (labels in any order), or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const given = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([label, value]) => given[label] === value)) return Number(match[3]);
  }
  return undefined;
}

describe('/metrics', () => {
  it('counts requests by route template and operation, never by raw id', async () => {
    const { key } = await gw.workspace();
    const created = await createOpportunity(gw, key);
    await rest(gw, 'GET', `/external/v1/opportunities/${created.id}`, { key });
    await gw.graphql('query Pipelines { pipelines { name } }', {}, key);
    const text = await scrape();

    expect(
      sample(text, 'gateway_http_request_duration_seconds_count', {
        method: 'GET',
        route: '/external/v1/opportunities/:id',
        operation: 'RestGetOpportunity',
        status: '200',
      }),
    ).toBe(1);
    expect(
      sample(text, 'gateway_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/graphql',
        operation: 'Pipelines',
        status: '200',
      }),
    ).toBe(1);
    expect(text).not.toContain(created.id);
    // Node process metrics.
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sample(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  it('counts stage moves by entry point, errors by code and rate-limit refusals', async () => {
    const { key } = await gw.workspace();
    const before = await scrape();
    const created = await createOpportunity(gw, key);
    await gw.graphql(MOVE, { id: created.id, input: { status: 'won' } }, key);
    // Moving to the stage it is in moves nothing.
    await gw.graphql(MOVE, { id: created.id, input: { status: 'won' } }, key);
    await gw.graphql(MOVE, { id: created.id, input: { status: 'archived' } }, key);
    const path = `/external/v1/opportunities/${created.id}/stage`;
    expect((await rest(gw, 'PATCH', path, { key, body: { status: 'lost' } })).status).toBe(200);
    expect((await rest(gw, 'PATCH', path, { key, body: { status: 'new' } })).status).toBe(200);
    expect((await rest(gw, 'PATCH', path, { key, body: { status: 'won' } })).status).toBe(429);
    const after = await scrape();

    const delta = (name: string, labels: Record<string, string> = {}) =>
      (sample(after, name, labels) ?? 0) - (sample(before, name, labels) ?? 0);
    expect(delta('gateway_stage_moves_total', { source: 'graphql' })).toBe(1);
    expect(delta('gateway_stage_moves_total', { source: 'rest' })).toBe(2);
    expect(delta('gateway_errors_total', { code: 'INVALID_STATUS' })).toBe(1);
    expect(delta('gateway_errors_total', { code: 'RATE_LIMIT_EXCEEDED' })).toBe(1);
    expect(delta('gateway_rate_limit_refusals_total')).toBe(1);
  });

  it("reports the pool's connections (PostgreSQL; the embedded database has no pool)", async () => {
    const { key } = await gw.workspace();
    await gw.graphql('{ pipelines { name } }', {}, key);
    const text = await scrape();
    const inUse = sample(text, 'gateway_db_pool_connections', { state: 'in_use' });
    const idle = sample(text, 'gateway_db_pool_connections', { state: 'idle' });
    expect(sample(text, 'gateway_db_pool_waiting')).toBe(0);
    if (gw.db.poolStats) {
      // The connections that served the requests above come back to the pool, open (the key's
      // last-used stamp is written in the background, so one may still be busy for a moment).
      expect(inUse! + idle!).toBeGreaterThan(0);
      await expect.poll(async () => sample(await scrape(), 'gateway_db_pool_connections', { state: 'in_use' })).toBe(0);
      expect(sample(await scrape(), 'gateway_db_pool_connections', { state: 'idle' })).toBeGreaterThan(0);
    } else {
      expect([inUse, idle]).toEqual([0, 0]);
    }
  });
});
