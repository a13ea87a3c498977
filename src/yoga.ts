// Builds the Yoga instance: the GraphQL endpoint, its plugins, health and readiness. Nothing here
// listens; src/server.ts does, and tests call `yoga.fetch` directly.
import { createYoga, maskError as defaultMaskError, type YogaServerInstance } from 'graphql-yoga';
import { useReadinessCheck } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import type { Database } from './db/client.js';
import { apiKeyFromHeaders, type GatewayContext, type RequestSource } from './context.js';
import { databaseUnavailable, GatewayError } from './errors.js';
import { useInputValidationErrors } from './graphql/coercion-errors.js';
import { isDatabaseUnavailable } from './db/errors.js';
import { restApis } from './rest/apis.js';
import { useApiDocs } from './rest/docs.js';
import { useRestRoutes } from './rest/rest-router.js';
import { schema } from './schema.js';
import type { Services } from './services.js';

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
  /** Answer unexpected errors with their message (development only). */
  exposeErrors?: boolean;
  logging?: boolean;
}

export function createGateway({ db, services, exposeErrors = false, logging = true }: GatewayOptions): Gateway {
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
    }),
    maskedErrors: {
      maskError(error, message, isDev) {
        const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
        if (original instanceof GatewayError) return error as Error;
        if (isDatabaseUnavailable(original)) return databaseUnavailable();
        return defaultMaskError(error, message, isDev || exposeErrors);
      },
    },
    plugins: [
      useRestRoutes(restApis),
      useApiDocs(restApis),
      useInputValidationErrors(),
      useReadinessCheck({ endpoint: '/ready', check: () => db.ping() }),
    ],
  });
}
