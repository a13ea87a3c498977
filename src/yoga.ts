// Builds the Yoga instance: the GraphQL endpoint, its plugins, health and readiness. Nothing here
// listens; src/server.ts does, and tests call `yoga.fetch` directly.
import { createYoga, maskError as defaultMaskError, type YogaServerInstance } from 'graphql-yoga';
import { useReadinessCheck } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import type { Database } from './db/client.js';
import type { GatewayContext, RequestSource } from './context.js';
import { queryLimitsConfig, rateLimitConfig } from './config.js';
import { databaseBusy, databaseUnavailable, GatewayError } from './errors.js';
import { useConnectionArgumentErrors } from './graphql/connection-errors.js';
import { useInputValidationErrors } from './graphql/coercion-errors.js';
import { useQueryLimits, type QueryLimits } from './graphql/query-limits.js';
import { useSchemaPrivacy } from './graphql/schema-privacy.js';
import { useIdempotency } from './modules/idempotency/idempotency.plugin.js';
import { useNoNulLiterals, useStrictJsonBody } from './graphql/request-body.js';
import { apiKeyFromHeaders } from './http/api-key-header.js';
import { DEFAULT_JSON_BODY_LIMITS } from './http/json-body.js';
import { useLocalizedErrors } from './i18n/localized-errors.js';
import { isDatabaseBusy, isDatabaseUnavailable } from './db/errors.js';
import { hashKey } from './modules/api-key/api-key.service.js';
import { localeOf } from './i18n/locale.js';
import { createRateLimiter, type RateLimiter } from './rest/rate-limit.js';
import type { RestApi } from './rest/rest-api.js';
import { useApiDocs } from './rest/docs.js';
import { useRestRoutes } from './rest/rest-router.js';
import { schema } from './schema.js';
import type { Services } from './services.js';
import { restApis } from './vendors/apis.js';

/** What the caller of `yoga.fetch` may pass per request (the REST layer sets these). */
export interface ServerContext {
  source?: RequestSource;
  /** A key found elsewhere than the headers (REST's `?api_key=`). */
  apiKey?: string;
}

export type Gateway = YogaServerInstance<ServerContext, GatewayContext>;

export interface GatewayOptions {
  db: Database;
  services: Services;
  /** The REST APIs served beside /graphql. Default: every vendor's (src/vendors/apis.ts). */
  apis?: readonly RestApi[];
  /** Answer unexpected errors with their message (development only). */
  exposeErrors?: boolean;
  logging?: boolean;
  /**
   * Counts the requests of rate-limited REST APIs; the gateway closes it when disposed. Default:
   * from RATE_LIMIT_PER_HOUR and REDIS_URL (src/config.ts).
   */
  rateLimiter?: RateLimiter;
  /** What one GraphQL request may ask for. Default: from QUERY_MAX_* (src/config.ts). */
  queryLimits?: QueryLimits;
}

export function createGateway({
  db,
  services,
  apis = restApis,
  exposeErrors = false,
  logging = true,
  rateLimiter = createRateLimiter(rateLimitConfig()),
  queryLimits = queryLimitsConfig(),
}: GatewayOptions): Gateway {
  const hasValidKey = async (request: Request) =>
    (await services.apiKeys.authenticate(apiKeyFromHeaders(request.headers))).ok;
  return createYoga<ServerContext, GatewayContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    logging,
    graphiql: {
      title: 'Pipeline Gateway',
      headers: JSON.stringify({ Authorization: 'Bearer <your API key>' }, null, 2),
      defaultQuery: `query Pipelines {\n  pipelines {\n    id\n    name\n    stages { key name probability }\n  }\n}\n`,
    },
    context: async ({ request, source, apiKey }) => ({
      prisma: db.prisma,
      services,
      auth: await services.apiKeys.authenticate(apiKey ?? apiKeyFromHeaders(request.headers)),
      source: source ?? 'graphql',
      locale: localeOf(request),
    }),
    maskedErrors: {
      maskError(error, message, isDev) {
        const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
        if (original instanceof GatewayError) return error as Error;
        if (isDatabaseBusy(original)) return databaseBusy();
        if (isDatabaseUnavailable(original)) return databaseUnavailable();
        return defaultMaskError(error, message, isDev || exposeErrors);
      },
    },
    plugins: [
      useRestRoutes(apis, { schema, rateLimiter, hashKey }),
      useApiDocs(apis),
      useStrictJsonBody(DEFAULT_JSON_BODY_LIMITS),
      useNoNulLiterals(),
      // The REST routes' documents are the gateway's own, checked when it is built: no cost to count.
      ...useQueryLimits(queryLimits, (context) => (context as Partial<GatewayContext>).source !== 'graphql'),
      useSchemaPrivacy(hasValidKey),
      // After the limits, so a refused query claims no key.
      useIdempotency(services.idempotency),
      useInputValidationErrors(),
      useConnectionArgumentErrors(),
      // After the plugins that rewrite errors, so it says their final messages.
      useLocalizedErrors(),
      useReadinessCheck({ endpoint: '/ready', check: () => db.ping() }),
    ],
  });
}
