// Helpers of the REST tests: gateways with their own rate limiter over the file's database, and
// GraphQL requests in a language.
import { createClient } from 'redis';
import { afterAll, afterEach } from 'vitest';
import type { RateLimiter } from '../../src/rest/rate-limit.js';
import { createGateway } from '../../src/yoga.js';
import { TestGateway, type GraphQLResponse } from '../support/gateway.js';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const HOUR_MS = 60 * 60 * 1000;

/** Another gateway instance over the same database and services, counting with `rateLimiter`. */
export function gatewayWith(gw: TestGateway, rateLimiter: RateLimiter): TestGateway {
  const yoga = createGateway({ db: gw.db, services: gw.services, logging: false, rateLimiter });
  return new TestGateway(yoga, gw.db, gw.services, gw.database);
}

/** Gateways made by a test, disposed (closing their limiters) after it. */
export function useExtraGateways() {
  const made: TestGateway[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map(async (gw) => gw.yoga.dispose()));
  });
  return (gw: TestGateway, rateLimiter: RateLimiter) => {
    const extra = gatewayWith(gw, rateLimiter);
    made.push(extra);
    return extra;
  };
}

/** A Redis key prefix of this test file's own; its keys are deleted after every test. */
export function useRedisPrefix(): () => string {
  const client = createClient({ url: REDIS_URL });
  let current = '';
  let count = 0;
  afterEach(async () => {
    if (!current) return;
    if (!client.isOpen) await client.connect();
    for await (const keys of client.scanIterator({ MATCH: `${current}*` })) if (keys.length) await client.del(keys);
    current = '';
  });
  afterAll(() => {
    if (client.isOpen) client.destroy();
  });
  return () => {
    current = `test:gateway:${process.pid}:${Date.now()}:${++count}:`;
    return current;
  };
}

/** A GraphQL request in the given language (`Accept-Language`), or with none. */
export function graphqlIn<T = Record<string, any>>( // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary response shapes
  gw: TestGateway,
  language: string | undefined,
  query: string,
  variables: Record<string, unknown> = {},
  key?: string,
): Promise<GraphQLResponse<T>> {
  return gw.graphql<T>(query, variables, key, language ? { 'accept-language': language } : {});
}
