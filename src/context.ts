// What every resolver receives. Built once per request by src/yoga.ts, for /graphql and REST alike.
import type { PrismaClient } from './generated/prisma/client.js';
import type { SqlRunner } from './db/sql.js';
import type { Locale } from './i18n/catalog.js';
import { unauthenticated } from './errors.js';
import type { AuthResult, AuthenticatedKey } from './modules/api-key/api-key.service.js';
import type { Services } from './services.js';

export type RequestSource = 'graphql' | 'rest';

/** What resolvers report to the gateway's metrics (src/observability/metrics.ts). */
export interface DomainMetrics {
  stageMoved(source: RequestSource): void;
}

export interface GatewayContext {
  prisma: PrismaClient;
  /** The hot paths' hand-written statements, without Prisma's client (src/db/sql.ts). */
  sql: SqlRunner;
  services: Services;
  auth: AuthResult;
  /** Which entry point the request came through; recorded in the stage history. */
  source: RequestSource;
  /** The caller's language (Accept-Language), for messages answered as data rather than as errors. */
  locale: Locale;
  metrics: DomainMetrics;
}

/** The caller's key; resolvers run behind scope checks, so this only throws if one is missing. */
export function callerOf(ctx: GatewayContext): AuthenticatedKey {
  if (!ctx.auth.ok) throw unauthenticated(ctx.auth.reason);
  return ctx.auth.key;
}
