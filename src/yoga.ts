// Builds the Yoga instance: the GraphQL endpoint, its plugins, health and readiness. Nothing here
// listens; src/server.ts does, and tests call `yoga.fetch` directly.
import { createYoga, maskError as defaultMaskError, type YogaServerInstance } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import type { Database } from './db/client.js';
import type { GatewayContext, RequestSource } from './context.js';
import { compileOnRunConfig, logLevelConfig, queryLimitsConfig, rateLimitConfig } from './config.js';
import { databaseBusy, databaseUnavailable, GatewayError, validationError } from './errors.js';
import { msg } from './i18n/messages.js';
import { useConnectionArgumentErrors } from './graphql/connection-errors.js';
import { useInputValidationErrors } from './graphql/coercion-errors.js';
import { useJitExecution } from './graphql/jit-execution.js';
import { useQueryLimits, type QueryLimits } from './graphql/query-limits.js';
import { useSchemaPrivacy } from './graphql/schema-privacy.js';
import { useIdempotency } from './modules/idempotency/idempotency.plugin.js';
import { useNoNulLiterals, useStrictJsonBody } from './graphql/request-body.js';
import { apiKeyFromHeaders } from './http/api-key-header.js';
import { DEFAULT_JSON_BODY_LIMITS } from './http/json-body.js';
import { useReadiness } from './http/readiness.js';
import { useLocalizedErrors } from './i18n/localized-errors.js';
import { isDataException, isDatabaseBusy, isDatabaseUnavailable } from './db/errors.js';
import { hashKey, type AuthResult } from './modules/api-key/api-key.service.js';
import { localeOf } from './i18n/locale.js';
import { createRateLimiter, type RateLimiter } from './rest/rate-limit.js';
import type { RestApi } from './rest/rest-api.js';
import { useApiDocs } from './rest/docs.js';
import { useRestRoutes } from './rest/rest-router.js';
import { schema } from './schema.js';
import { createLogger, yogaLoggerOf, type Logger } from './observability/logger.js';
import { GatewayMetrics } from './observability/metrics.js';
import { useMetricsEndpoint } from './observability/metrics-endpoint.js';
import { useRequestObservation } from './observability/observe.js';
import type { RequestRecord } from './observability/request-record.js';
import type { Tracing } from './observability/tracing.js';
import type { Services } from './services.js';
import { restApis } from './vendors/apis.js';

/** What the caller of `yoga.fetch` may pass per request (the REST layer sets these). */
export interface ServerContext {
  source?: RequestSource;
  /**
   * The key an entry point found itself (REST: where its API takes keys, `?api_key=` included);
   * null when it found none. Unset: the request's Authorization or X-API-Key header.
   */
  apiKey?: string | null;
  /** What the request did, for its log line and metrics (set by src/observability/observe.ts). */
  record?: RequestRecord;
}

export type Gateway = YogaServerInstance<ServerContext, GatewayContext>;

export interface GatewayOptions {
  db: Database;
  services: Services;
  /** The REST APIs served beside /graphql. Default: every vendor's (src/vendors/apis.ts). */
  apis?: readonly RestApi[];
  /** Answer unexpected errors with their message (development only). */
  exposeErrors?: boolean;
  /** Off: nothing is logged (tests that do not read the log). */
  logging?: boolean;
  /** Where the access log and Yoga's messages go. Default: stdout at LOG_LEVEL (src/config.ts). */
  logger?: Logger;
  /** The gateway's metrics. Default: a registry of its own with the Node process metrics. */
  metrics?: GatewayMetrics;
  /** Serve the metrics at /metrics (default); off when the server serves them on METRICS_PORT. */
  metricsEndpoint?: boolean;
  /** OpenTelemetry spans (src/observability/tracing.ts); the gateway shuts it down when disposed. */
  tracing?: Tracing;
  /**
   * Counts the requests of rate-limited REST APIs; the gateway closes it when disposed. Default:
   * from RATE_LIMIT_PER_HOUR and REDIS_URL (src/config.ts).
   */
  rateLimiter?: RateLimiter;
  /** What one GraphQL request may ask for. Default: from QUERY_MAX_* (src/config.ts). */
  queryLimits?: QueryLimits;
  /** The run of a document on which graphql-jit compiles it; 0: never. Default: GRAPHQL_COMPILE_ON_RUN. */
  compileOnRun?: number;
}

export function createGateway({
  db,
  services,
  apis = restApis,
  exposeErrors = false,
  logging = true,
  rateLimiter = createRateLimiter(rateLimitConfig()),
  queryLimits = queryLimitsConfig(),
  compileOnRun = compileOnRunConfig(),
  logger = createLogger(logging ? logLevelConfig() : 'silent'),
  metrics = new GatewayMetrics(),
  metricsEndpoint = true,
  tracing,
}: GatewayOptions): Gateway {
  const graphqlEndpoint = '/graphql';
  // The same page for every request, and several megabytes: built once.
  let graphiqlPage: string | undefined;
  const unwatchPool = db.poolStats && metrics.watchPool(db.poolStats);
  const hasValidKey = async (request: Request) =>
    (await services.apiKeys.authenticate(apiKeyFromHeaders(request.headers))).ok;
  return createYoga<ServerContext, GatewayContext>({
    schema,
    graphqlEndpoint,
    landingPage: false,
    // Every POST body is bounded (and read without Yoga's per-request stream wrapper) by
    // useStrictJsonBody; no field takes an upload, so multipart bodies are not parsed at all.
    maxRequestBodySize: false,
    multipart: false,
    logging: logging && yogaLoggerOf(logger),
    // GraphiQL with every script, style and worker inlined from the installed package: it works
    // without internet access (Yoga's default loads it from a CDN).
    // Imported on the first request for it: the package is megabytes of JavaScript that the
    // start (and a refused configuration) need not parse.
    renderGraphiQL: async (options) =>
      (graphiqlPage ??= (await import('@graphql-yoga/render-graphiql')).renderGraphiQL(options)),
    graphiql: {
      title: 'Pipeline Gateway',
      headers: JSON.stringify({ Authorization: 'Bearer <your API key>' }, null, 2),
      defaultQuery: `query Pipelines {\n  pipelines {\n    id\n    name\n    stages { key name probability }\n  }\n}\n`,
    },
    context: ({ request, source, apiKey }) => {
      const auth = services.apiKeys.authenticate(
        apiKey === undefined ? apiKeyFromHeaders(request.headers) : (apiKey ?? undefined),
      );
      const contextWith = (standing: AuthResult): GatewayContext => ({
        prisma: db.prisma,
        sql: db.sql,
        services,
        auth: standing,
        source: source ?? 'graphql',
        locale: localeOf(request),
        metrics,
      });
      // A cached key (most requests) builds the context without a promise to wait on.
      return auth instanceof Promise ? auth.then(contextWith) : contextWith(auth);
    },
    maskedErrors: {
      maskError(error, message, isDev) {
        const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
        if (original instanceof GatewayError) return error as Error;
        if (isDatabaseBusy(original)) return databaseBusy();
        if (isDatabaseUnavailable(original)) return databaseUnavailable();
        if (isDataException(original)) {
          // The edges validate every input; one that slipped through is logged so its edge gets fixed.
          console.warn('A data exception reached the database; answered VALIDATION_ERROR', original);
          return validationError({}, msg('valueNotStorable'));
        }
        return defaultMaskError(error, message, isDev || exposeErrors);
      },
    },
    plugins: [
      // First: it gives each request its id and record before any other plugin answers.
      useRequestObservation({
        logger,
        metrics,
        graphqlEndpoint,
        knownPaths: [graphqlEndpoint, '/health', '/ready', '/metrics', '/docs', '/docs/pt-BR', '/openapi.json'],
      }),
      // Next: its onResponse reads the record the observation completed.
      ...(tracing ? [tracing.plugin] : []),
      ...(metricsEndpoint ? [useMetricsEndpoint(metrics)] : []),
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
      useReadiness(() => db.ping()),
      useJitExecution({ compileOnRun }),
      {
        onDispose: async () => {
          unwatchPool?.();
          await tracing?.shutdown();
        },
      },
    ],
  });
}
