// Request observation for the whole gateway: every answer carries `X-Request-Id`, every GraphQL
// error its `extensions.requestId`, and every request ends in one access-log line and one
// observation of the request-duration histogram. It must be the first plugin in the list: its
// onRequest puts the request's record in the server context before the REST router answers
// (REST runs its GraphQL operation with a copy of that context, so both see the same record).
// Answers Yoga gives before any plugin's onRequest (health, GraphiQL, CORS preflight) still get
// their record from the request instrumentation, which wraps everything.
import { getOperationAST, GraphQLError, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context.js';
import type { Logger } from './logger.js';
import type { GatewayMetrics } from './metrics.js';
import { REQUEST_ID_HEADER, requestIdOf } from './request-id.js';
import { RequestRecord, type ObservedServerContext } from './request-record.js';

export interface RequestObservationOptions {
  logger: Logger;
  metrics: GatewayMetrics;
  graphqlEndpoint: string;
  /** Paths answered under their own name in logs and metrics; any other unmatched path is `unmatched`. */
  knownPaths: readonly string[];
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The path of an absolute URL without building a URL object. */
function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start < 0) return '/';
  const end = url.slice(start).search(/[?#]/);
  return end < 0 ? url.slice(start) : url.slice(start, start + end);
}

type ResultLike = { errors?: readonly unknown[] };

/** The result's errors with the request id in their extensions, codes noted in the record. */
function withRequestId<Result extends ResultLike>(result: Result, record: RequestRecord): Result {
  if (!result.errors?.length) return result;
  const errors = result.errors.map((error) => {
    if (!(error instanceof GraphQLError)) return error;
    const code = error.extensions.code;
    record.noteError(typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR');
    // A new error, not a mutated one: Yoga caches validation errors and answers them again.
    return new GraphQLError(error.message, {
      nodes: error.nodes,
      source: error.source,
      positions: error.positions,
      path: error.path,
      originalError: error.originalError,
      extensions: { ...error.extensions, requestId: record.id },
    });
  });
  return { ...result, errors };
}

export function useRequestObservation({
  logger,
  metrics,
  graphqlEndpoint,
  knownPaths,
}: RequestObservationOptions): Plugin<Record<string, unknown>, ObservedServerContext> {
  const records = new WeakMap<Request, RequestRecord>();
  const known = new Set(knownPaths);
  const recordOf = (request: Request): RequestRecord => {
    let record = records.get(request);
    if (!record) {
      record = new RequestRecord(requestIdOf(request.headers), performance.now());
      records.set(request, record);
    }
    return record;
  };
  return {
    instrumentation: {
      request({ request }, wrapped) {
        recordOf(request);
        return wrapped();
      },
    },
    onRequest({ request, serverContext }) {
      serverContext.record = recordOf(request);
    },
    onParams({ params, context }) {
      const { record } = context;
      if (!record) return;
      // REST routes have set their template already; their operation is named below.
      record.route ??= graphqlEndpoint;
      if (params.operationName) record.operation = params.operationName;
    },
    onValidate({ params, context }) {
      // Named from the document, so a failing one is named too (and an anonymous single one is not).
      const { record } = context as ObservedServerContext;
      const operationName = (context as { params?: { operationName?: string } }).params?.operationName;
      // Yoga's untyped validate hook leaves the document as any.
      const name = getOperationAST(params.documentAST as DocumentNode, operationName)?.name?.value;
      if (record && name) record.operation = name;
    },
    onContextBuilding() {
      return ({ context }) => {
        const { record, auth } = context as Partial<GatewayContext> & ObservedServerContext;
        if (record && auth?.ok) record.apiKeyPrefix = auth.key.prefix;
      };
    },
    onResultProcess({ result, setResult, serverContext }) {
      const { record } = serverContext;
      if (!record || Symbol.asyncIterator in result) return;
      setResult(
        Array.isArray(result) ? result.map((one) => withRequestId(one, record)) : withRequestId(result, record),
      );
    },
    onResponse({ request, response, serverContext }) {
      const record = recordOf(request);
      records.delete(request);
      // For the plugins after this one (the request's span), whichever way the request ended.
      serverContext.record = record;
      response.headers.set(REQUEST_ID_HEADER, record.id);
      const durationMs = performance.now() - record.startedAt;
      const method = METHODS.has(request.method) ? request.method : 'OTHER';
      let route = record.route;
      if (route === undefined) {
        const path = pathOf(request.url);
        route = known.has(path) ? path : 'unmatched';
        record.route = route;
      }
      const { status } = response;
      metrics.observeRequest({
        method,
        route,
        operation: metrics.operations.label(record.operation, record.apiKeyPrefix !== undefined),
        status,
        seconds: durationMs / 1000,
        errorCodes: record.errorCodes,
      });
      logger[status >= 500 ? 'error' : 'info'](
        {
          requestId: record.id,
          method,
          route,
          operation: record.operation,
          status,
          durationMs: Math.round(durationMs * 1000) / 1000,
          apiKey: record.apiKeyPrefix,
          errors: record.errorCodes,
        },
        'request',
      );
    },
  };
}
