// The GetRaze API's rate limit, through the real handler, counted in this process and in Redis:
// headers on every response, 429 past the limit, one bucket per key (wherever it is sent), and
// windows that end. Redis counts are shared by instances, expire with their window, and a Redis
// that is down or hangs lets requests through.
import { createServer, type Server } from 'node:net';
import { createClient } from 'redis';
import { afterEach, describe, expect, it } from 'vitest';
import { rateLimitConfig } from '../../src/config.js';
import { hashKey } from '../../src/modules/api-key/api-key.service.js';
import { createRateLimiter, MemoryRateLimiter, RedisRateLimiter, type RateLimiter } from '../../src/rest/rate-limit.js';
import { createOpportunity } from '../opportunity/fixtures.js';
import { useGateway, TEST_REQUEST_ID } from '../support/gateway.js';
import { rest, type RestResponse } from '../support/rest.js';
import { HOUR_MS, REDIS_URL, useExtraGateways, useRedisPrefix } from './support.js';

const gateway = useGateway();
const withLimiter = useExtraGateways();
const redisPrefix = useRedisPrefix();
const base = '/external/v1/opportunities';

type LimiterFactory = (options: { limit: number; windowMs: number }) => RateLimiter;

const LIMITERS: Array<[string, LimiterFactory]> = [
  ['in process', (options) => new MemoryRateLimiter(options)],
  ['in Redis', (options) => new RedisRateLimiter({ url: REDIS_URL, prefix: redisPrefix(), ...options })],
];

const remaining = (response: RestResponse) => response.headers.get('x-ratelimit-remaining');
const nowSeconds = () => Date.now() / 1000;

describe.each(LIMITERS)('counted %s', (_name, createLimiter) => {
  it('announces the standing on every response, success or failure, and answers 429 past the limit', async () => {
    const gw = withLimiter(gateway(), createLimiter({ limit: 3, windowMs: HOUR_MS }));
    const { key } = await gw.workspace();
    const created = await createOpportunity(gw, key);

    const ok = await rest(gw, 'GET', `${base}/${created.id}`, { key });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-ratelimit-limit')).toBe('3');
    expect(remaining(ok)).toBe('2');
    const reset = Number(ok.headers.get('x-ratelimit-reset'));
    expect(Math.abs(reset - (nowSeconds() + 3600))).toBeLessThan(5);
    expect(ok.headers.get('retry-after')).toBeNull();

    const notFound = await rest(gw, 'GET', `${base}/opp_000000000000`, { key });
    expect([notFound.status, remaining(notFound)]).toEqual([404, '1']);
    const invalid = await rest(gw, 'PATCH', `${base}/${created.id}/stage`, { key, body: { status: 'archived' } });
    expect([invalid.status, remaining(invalid)]).toEqual([400, '0']);

    const refused = await rest(gw, 'PATCH', `${base}/${created.id}/stage`, { key, body: { status: 'won' } });
    expect(refused.status).toBe(429);
    const retryAfter = refused.body.error.retry_after;
    expect(retryAfter).toBeGreaterThan(3590);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(refused.body).toEqual({
      success: false,
      error: {
        code: 'RATE_LIMIT_EXCEEDED',
        message: `Rate limit exceeded: 3 requests per hour; retry in ${retryAfter} seconds`,
        details: { request_id: TEST_REQUEST_ID },
        retry_after: retryAfter,
      },
    });
    expect(refused.headers.get('retry-after')).toBe(String(retryAfter));
    expect(refused.headers.get('x-ratelimit-limit')).toBe('3');
    expect(remaining(refused)).toBe('0');
    // The same window (Redis answers its remaining time, so a second boundary may fall between).
    expect(Math.abs(Number(refused.headers.get('x-ratelimit-reset')) - reset)).toBeLessThanOrEqual(1);
    // Refused before anything ran: the move did not happen.
    expect((await gw.prisma.opportunity.findUniqueOrThrow({ where: { id: created.id } })).version).toBe(1);

    const refusedPt = await rest(gw, 'GET', base, { key, headers: { 'accept-language': 'pt-BR' } });
    expect(refusedPt.status).toBe(429);
    expect(refusedPt.body.error.message).toMatch(
      /^Limite de requisicoes excedido: 3 requisicoes por hora; tente novamente em \d+ segundos$/,
    );
  });

  it('counts per key wherever it is sent; other keys, unknown keys and keyless requests have their own buckets', async () => {
    const gw = withLimiter(gateway(), createLimiter({ limit: 3, windowMs: HOUR_MS }));
    const { key, workspace } = await gw.workspace();
    const other = await gw.key(workspace.id, ['opportunities:read']);

    expect(remaining(await rest(gw, 'GET', base, { key }))).toBe('2');
    expect(remaining(await rest(gw, 'GET', base, { headers: { authorization: `Bearer ${key}` } }))).toBe('1');
    expect(remaining(await rest(gw, 'GET', `${base}?api_key=${key}`))).toBe('0');
    expect((await rest(gw, 'GET', base, { key })).status).toBe(429);

    const otherKey = await rest(gw, 'GET', base, { key: other });
    expect([otherKey.status, remaining(otherKey)]).toEqual([200, '2']);
    const unknown = await rest(gw, 'GET', base, { key: 'gr_live_unknownunknownunknownunknown0000' });
    expect([unknown.status, remaining(unknown)]).toEqual([401, '2']);
    const keyless = await rest(gw, 'GET', base);
    expect([keyless.status, remaining(keyless)]).toEqual([401, '2']);
    const unknownPath = await rest(gw, 'GET', '/external/v1/contacts');
    expect([unknownPath.status, remaining(unknownPath)]).toEqual([404, '1']);
  });

  it('starts a new window when the last one ends', async () => {
    const gw = withLimiter(gateway(), createLimiter({ limit: 1, windowMs: 1_000 }));
    const { key } = await gw.workspace();
    expect((await rest(gw, 'GET', base, { key })).status).toBe(200);
    const refused = await rest(gw, 'GET', base, { key });
    expect(refused.status).toBe(429);
    expect(refused.body.error.retry_after).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const again = await rest(gw, 'GET', base, { key });
    expect([again.status, remaining(again)]).toEqual([200, '0']);
  });

  it('leaves /graphql alone', async () => {
    const gw = withLimiter(gateway(), createLimiter({ limit: 1, windowMs: HOUR_MS }));
    const { key } = await gw.workspace();
    for (let i = 0; i < 3; i++) {
      const response = await gw.fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key },
        body: JSON.stringify({ query: '{ opportunities { totalCount } }' }),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-ratelimit-limit')).toBeNull();
    }
    expect(remaining(await rest(gw, 'GET', base, { key }))).toBe('0');
  });
});

describe('counted in Redis', () => {
  const redis = (prefix: string, options: Partial<ConstructorParameters<typeof RedisRateLimiter>[0]> = {}) =>
    new RedisRateLimiter({ url: REDIS_URL, prefix, limit: 3, windowMs: HOUR_MS, ...options });

  it('shares the counts between gateway instances', async () => {
    const prefix = redisPrefix();
    const first = withLimiter(gateway(), redis(prefix));
    const second = withLimiter(gateway(), redis(prefix));
    const { key } = await first.workspace();
    expect(remaining(await rest(first, 'GET', base, { key }))).toBe('2');
    expect(remaining(await rest(second, 'GET', base, { key }))).toBe('1');
    expect(remaining(await rest(first, 'GET', base, { key }))).toBe('0');
    expect((await rest(second, 'GET', base, { key })).status).toBe(429);
  });

  it("keeps one expiring counter per key, named by the key's SHA-256, never the key", async () => {
    const prefix = redisPrefix();
    const gw = withLimiter(gateway(), redis(prefix));
    const { key } = await gw.workspace();
    await rest(gw, 'GET', base, { key });
    await rest(gw, 'GET', base, { key });
    const client = await createClient({ url: REDIS_URL }).connect();
    try {
      const keys: string[] = [];
      for await (const batch of client.scanIterator({ MATCH: `${prefix}*` })) keys.push(...batch);
      expect(keys).toEqual([`${prefix}/external/v1:key:${hashKey(key)}`]);
      expect(keys[0]).not.toContain(key);
      expect(await client.get(keys[0]!)).toBe('2');
      const ttl = await client.pTTL(keys[0]!);
      expect(ttl).toBeGreaterThan(HOUR_MS - 60_000);
      expect(ttl).toBeLessThanOrEqual(HOUR_MS);
    } finally {
      client.destroy();
    }
  });

  describe('when Redis fails', () => {
    const servers: Server[] = [];
    afterEach(() => {
      for (const server of servers.splice(0)) server.close();
    });

    /** A TCP server that accepts connections and never answers: a hung Redis. */
    async function silentServer(): Promise<number> {
      const server = createServer(() => {}).listen(0, '127.0.0.1');
      servers.push(server);
      await new Promise((resolve) => server.once('listening', resolve));
      return (server.address() as { port: number }).port;
    }

    it.each([
      ['refuses connections', () => Promise.resolve('redis://127.0.0.1:1')],
      ['accepts connections and never answers', async () => `redis://127.0.0.1:${await silentServer()}`],
    ])('serves requests uncounted when it %s, and logs the outage once', async (_case, url) => {
      const warnings: string[] = [];
      const limiter = new RedisRateLimiter({
        url: await url(),
        limit: 1,
        windowMs: HOUR_MS,
        timeoutMs: 200,
        logger: { warn: (message: string) => warnings.push(message) },
      });
      const gw = withLimiter(gateway(), limiter);
      const { key } = await gw.workspace();
      for (let i = 0; i < 3; i++) {
        const started = Date.now();
        const response = await rest(gw, 'GET', base, { key });
        expect(response.status).toBe(200);
        expect(response.headers.get('x-ratelimit-limit')).toBeNull();
        expect(Date.now() - started).toBeLessThan(2_000);
      }
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^rate limit: Redis is unavailable/);
    });
  });
});

describe('configuration', () => {
  it('reads RATE_LIMIT_PER_HOUR (default 1000, one hour windows) and REDIS_URL, refusing nonsense', () => {
    expect(rateLimitConfig({})).toEqual({
      limit: 1000,
      windowMs: HOUR_MS,
      redisUrl: undefined,
      redisPrefix: 'gateway:rate-limit:',
    });
    expect(rateLimitConfig({ RATE_LIMIT_PER_HOUR: '50', REDIS_URL: REDIS_URL, REDIS_KEY_PREFIX: 'eu:' })).toEqual({
      limit: 50,
      windowMs: HOUR_MS,
      redisUrl: REDIS_URL,
      redisPrefix: 'eu:gateway:rate-limit:',
    });
    for (const value of ['abc', '0', '-5', '1.5']) {
      expect(() => rateLimitConfig({ RATE_LIMIT_PER_HOUR: value }), value).toThrow(/RATE_LIMIT_PER_HOUR/);
    }
    expect(() => rateLimitConfig({ REDIS_KEY_PREFIX: 'a b' })).toThrow(/REDIS_KEY_PREFIX/);
  });

  it('counts in Redis when REDIS_URL is set, else in this process', async () => {
    const inProcess = createRateLimiter(rateLimitConfig({}));
    const shared = createRateLimiter(rateLimitConfig({ REDIS_URL }));
    try {
      expect(inProcess).toBeInstanceOf(MemoryRateLimiter);
      expect(shared).toBeInstanceOf(RedisRateLimiter);
    } finally {
      await Promise.all([inProcess.close(), shared.close()]);
    }
  });
});
