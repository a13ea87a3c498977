// The REST kit's rate-limit buckets: a caller is counted under the hash it is given for its key
// (the kit knows no key store), never the key; callers without a key share their address's bucket.
import { describe, expect, it } from 'vitest';
import { bucketOf, MemoryRateLimiter } from '../../src/rest/rate-limit.js';

const hashKey = (key: string) => `hash(${key})`;

describe('bucketOf', () => {
  it('names a presented key by the injected hash, per API', () => {
    expect(bucketOf('/external/v1', 'gr_live_secret', '10.0.0.1', hashKey)).toBe(
      '/external/v1:key:hash(gr_live_secret)',
    );
    expect(bucketOf('/api/workspace', 'gr_live_secret', undefined, hashKey)).toBe(
      '/api/workspace:key:hash(gr_live_secret)',
    );
  });

  it('counts a request without a key under its address, or one shared bucket without an address', () => {
    expect(bucketOf('/external/v1', undefined, '10.0.0.1', hashKey)).toBe('/external/v1:anonymous:10.0.0.1');
    expect(bucketOf('/external/v1', undefined, undefined, hashKey)).toBe('/external/v1:anonymous:unknown');
  });
});

describe('MemoryRateLimiter', () => {
  it('counts down per bucket and says how long to wait once over the limit', async () => {
    const limiter = new MemoryRateLimiter({ limit: 2, windowMs: 60_000 });
    const first = await limiter.hit('a');
    expect(first).toMatchObject({ limit: 2, remaining: 1, retryAfter: undefined });
    expect(await limiter.hit('b')).toMatchObject({ remaining: 1 });
    await limiter.hit('a');
    const over = await limiter.hit('a');
    expect(over.remaining).toBe(0);
    expect(over.retryAfter).toBeGreaterThanOrEqual(1);
    expect(over.retryAfter).toBeLessThanOrEqual(60);
    await limiter.close();
  });
});
