// Requests per caller per window for the REST APIs that ask for it (RestApi.rateLimited). A window
// opens with a bucket's first request and lasts `windowMs`; every request in it counts, refused
// ones too. Buckets are kept in Redis when REDIS_URL is set, so instances behind a load balancer
// share them, else in this process. The limiter never fails a request: when Redis cannot answer,
// the request is served uncounted (and that is logged once per outage).
import { LRUCache } from 'lru-cache';
import type { RateLimitConfig } from '../config.js';

/** Where a bucket stands after counting a request. */
export interface RateLimitStanding {
  limit: number;
  remaining: number;
  /** When the window ends, in unix seconds. */
  resetAt: number;
  /** Seconds to wait when over the limit; undefined while within it. */
  retryAfter: number | undefined;
}

export interface RateLimiter {
  /** Counts a request in the bucket; undefined when it could not be counted (serve it). */
  hit(bucket: string): Promise<RateLimitStanding | undefined>;
  close(): Promise<void>;
}

type Logger = Pick<Console, 'warn'>;

function standing(limit: number, count: number, resetAtMs: number, now: number): RateLimitStanding {
  return {
    limit,
    remaining: Math.max(0, limit - count),
    resetAt: Math.ceil(resetAtMs / 1000),
    retryAfter: count > limit ? Math.max(1, Math.ceil((resetAtMs - now) / 1000)) : undefined,
  };
}

/**
 * A caller's bucket within an API: the hash of the key it presents (`hashKey`, the one keys are
 * stored under), valid or not (no lookup on this path), else its address (requests without a key
 * all fail, so sharing a bucket costs nothing).
 */
export function bucketOf(
  api: string,
  presentedKey: string | undefined,
  address: string | undefined,
  hashKey: (key: string) => string,
): string {
  return presentedKey ? `${api}:key:${hashKey(presentedKey)}` : `${api}:anonymous:${address ?? 'unknown'}`;
}

/** The headers that announce a standing (the GetRaze convention, common to many APIs). */
export function rateLimitHeaders(standing: RateLimitStanding): Record<string, string> {
  return {
    'x-ratelimit-limit': String(standing.limit),
    'x-ratelimit-remaining': String(standing.remaining),
    'x-ratelimit-reset': String(standing.resetAt),
    ...(standing.retryAfter === undefined ? {} : { 'retry-after': String(standing.retryAfter) }),
  };
}

/** Counts in this process: for a single instance, and when no Redis is configured. */
export class MemoryRateLimiter implements RateLimiter {
  // Bounded: a flood of made-up keys evicts the least recently used buckets, not the process.
  private readonly windows = new LRUCache<string, { count: number; resetAtMs: number }>({ max: 100_000 });

  constructor(private readonly options: { limit: number; windowMs: number }) {}

  hit(bucket: string): Promise<RateLimitStanding> {
    const now = Date.now();
    let window = this.windows.get(bucket);
    if (!window || window.resetAtMs <= now) {
      window = { count: 0, resetAtMs: now + this.options.windowMs };
      this.windows.set(bucket, window);
    }
    window.count += 1;
    return Promise.resolve(standing(this.options.limit, window.count, window.resetAtMs, now));
  }

  close(): Promise<void> {
    this.windows.clear();
    return Promise.resolve();
  }
}

export interface RedisRateLimiterOptions {
  url: string;
  limit: number;
  windowMs: number;
  /** Prepended to every bucket's key. */
  prefix?: string;
  /** How long a request waits for Redis before it is served uncounted. */
  timeoutMs?: number;
  logger?: Logger;
}

const FIRST_ATTEMPT_WAIT_MS = 1_000;

/** Imported when a Redis is configured: the client is about 9 MB a process without one never needs. */
async function connectRedis(url: string) {
  const { createClient } = await import('redis');
  const client = createClient({
    url,
    // While disconnected, fail commands at once instead of queueing them behind requests.
    disableOfflineQueue: true,
    commandsQueueMaxLength: 10_000,
    socket: { connectTimeout: 2_000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 5_000) },
  });
  // Without a listener a connection error is an uncaught exception; hit() reports the outage.
  client.on('error', () => {});
  // Until the first attempt settles (for at most FIRST_ATTEMPT_WAIT_MS: a hung Redis never says),
  // requests wait for it rather than being served uncounted because they came first.
  const settled = new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, FIRST_ATTEMPT_WAIT_MS).unref();
    client.once('ready', done);
    client.once('error', done);
  });
  client.connect().catch(() => {});
  return { client, settled };
}

/** Counts in Redis, shared by every instance. */
export class RedisRateLimiter implements RateLimiter {
  private readonly redis: ReturnType<typeof connectRedis>;
  private readonly prefix: string;
  private readonly timeoutMs: number;
  private readonly logger: Logger;
  /** Whether Redis is failing, so an outage is logged once and its end too. */
  private failing = false;

  constructor(private readonly options: RedisRateLimiterOptions) {
    this.prefix = options.prefix ?? 'gateway:rate-limit:';
    this.timeoutMs = options.timeoutMs ?? 250;
    this.logger = options.logger ?? console;
    this.redis = connectRedis(options.url);
  }

  async hit(bucket: string): Promise<RateLimitStanding | undefined> {
    const key = this.prefix + bucket;
    const { windowMs, limit } = this.options;
    let timer: NodeJS.Timeout | undefined;
    try {
      // One round trip, atomic: the first request of a window creates the key with its expiry.
      const { client, settled } = await this.redis;
      await settled;
      const counting = client
        .multi()
        .set(key, 0, { condition: 'NX', expiration: { type: 'PX', value: windowMs } })
        .incr(key)
        .pTTL(key)
        .exec();
      // Redis can hang without closing the connection; a request must not hang with it.
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
      });
      const [, count, ttl] = await Promise.race([counting, timeout]);
      if (this.failing) this.logger.warn('rate limit: Redis answers again; requests are counted');
      this.failing = false;
      const now = Date.now();
      return standing(limit, Number(count), now + (Number(ttl) > 0 ? Number(ttl) : windowMs), now);
    } catch (error) {
      if (!this.failing) {
        const reason = error instanceof Error ? error.message : String(error);
        this.logger.warn(`rate limit: Redis is unavailable (${reason}); serving requests uncounted`);
      }
      this.failing = true;
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    // Pending counts are not worth waiting for (Redis may be the thing that hangs).
    (await this.redis).client.destroy();
  }
}

export function createRateLimiter(config: RateLimitConfig, logger?: Logger): RateLimiter {
  return config.redisUrl
    ? new RedisRateLimiter({
        url: config.redisUrl,
        limit: config.limit,
        windowMs: config.windowMs,
        prefix: config.redisPrefix,
        logger,
      })
    : new MemoryRateLimiter(config);
}
