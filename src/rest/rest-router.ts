// Serves the REST APIs from the same Yoga instance as /graphql. A matched route runs its GraphQL
// operation through Yoga's own operation pipeline (`getResultForParams`: the params hooks, the
// cached parse and validation, the context, execution with every envelop plugin, the execution-
// result hooks) with the caller's request, so authentication, scopes, validation, masking and
// translation are the GraphQL layer's; this file only parses HTTP and maps results. No second
// HTTP request is made: no Request, no JSON body to write and parse, no GraphQL answer to parse. Failures before GraphQL (bad JSON, wrong content type, unknown path,
// wrong method, oversized body) answer in the API's own envelope, in the caller's language
// (Accept-Language) as GraphQL's errors are. Rate-limited APIs count every request first.
import { print, validate, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { FetchAPI, Plugin, YogaServer } from 'graphql-yoga';
import { GatewayError, VERSION_MISMATCH } from '../errors.js';
import { apiKeyFromHeaders } from '../http/api-key-header.js';
import { bodyRefusalError, nulPath, readJsonBody, type JsonBodyLimits } from '../http/json-body.js';
import type { Locale } from '../i18n/catalog.js';
import { localeOf } from '../i18n/locale.js';
import { msg, render, type CatalogMessage } from '../i18n/messages.js';
import { JSON_MAX_DEPTH, REST_BODY_MAX_BYTES } from '../limits.js';
import { entityTag, holdsCurrentTag, ifMatchVersion } from './entity-tag.js';
import { bucketOf, rateLimitHeaders, type RateLimiter } from './rate-limit.js';
import type { KeyHeader, RestApi, RestReply } from './rest-api.js';
import { RestRouterError, restFailure, restFailureOf } from './rest-failure.js';
import type { HttpMethod, RestRoute } from './rest-route.js';
import type { RequestRecord } from '../observability/request-record.js';

interface CompiledRoute {
  route: RestRoute;
  /** `basePath` + path, e.g. `/external/v1/opportunities/:id` (logs and metrics name it so). */
  template: string;
  method: HttpMethod;
  pattern: RegExp;
  paramNames: string[];
  /** The operation's text, as sent to the GraphQL endpoint. */
  query: string;
}

/**
 * The API's routes, ready to match; a route whose document does not fit the schema stops the
 * gateway from being built (it would fail every request, and the client is not to blame).
 */
function compile(api: RestApi, schema: GraphQLSchema): CompiledRoute[] {
  return api.routes.map((route) => {
    const errors = validate(schema, route.operation);
    if (errors.length) {
      const reasons = errors.map((error) => error.message).join('; ');
      throw new Error(
        `${api.name}, ${route.method} ${route.path}: the GraphQL document does not fit the schema: ${reasons}`,
      );
    }
    const paramNames: string[] = [];
    const source = route.path.replace(/:(\w+)/g, (_, name: string) => {
      paramNames.push(name);
      return '([^/]+)';
    });
    const pattern = new RegExp(`^${api.basePath}${source}/?$`);
    const template = `${api.basePath}${route.path}`;
    return { route, template, method: route.method, pattern, paramNames, query: print(route.operation) };
  });
}

/** Codes of a document the GraphQL endpoint refused: the route's bug, never the client's mistake. */
const DOCUMENT_REFUSED = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED']);

/** What a REST body may be: smaller than a GraphQL request's (one record), as deep as any JSON. */
const REST_BODY_LIMITS: JsonBodyLimits = { maxBytes: REST_BODY_MAX_BYTES, maxDepth: JSON_MAX_DEPTH };

/** The route's JSON body, `{}` when none is sent; refusals in the order clients have always seen. */
async function bodyOf(request: Request): Promise<unknown> {
  const body = await readJsonBody(request, REST_BODY_LIMITS);
  if (!body.ok && body.reason === 'tooLarge') throw bodyRefusalError(body);
  if (body.ok && body.empty) return {};
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    restFailure('UNSUPPORTED_MEDIA_TYPE', msg('unsupportedMediaType'), { extensions: { contentType: type } });
  }
  if (!body.ok) throw bodyRefusalError(body);
  return body.value;
}

/** The path's parameters, decoded; a malformed percent-escape (`%ZZ`) is the client's mistake, named by parameter. */
function pathParams({ pattern, paramNames }: CompiledRoute, pathname: string): Record<string, string> {
  const values = pattern.exec(pathname)?.slice(1) ?? [];
  const params: Record<string, string> = {};
  const malformed: Record<string, CatalogMessage> = {};
  paramNames.forEach((name, i) => {
    try {
      params[name] = decodeURIComponent(values[i] ?? '');
    } catch {
      malformed[name] = msg('malformedPathEscape');
    }
  });
  if (Object.keys(malformed).length) {
    restFailure('VALIDATION_ERROR', msg('invalidFieldValues'), { fields: malformed });
  }
  return params;
}

/** The server's own Response class: the node adapter writes its string body straight to the socket. */
function json(Response: FetchAPI['Response'], reply: RestReply, headers: Record<string, string>): Response {
  // Not Modified has no body (RFC 9110 §15.4.5).
  if (reply.status === 304) return new Response(null, { status: 304, headers: { ...headers, ...reply.headers } });
  return new Response(JSON.stringify(reply.body), {
    status: reply.status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers, ...reply.headers },
  });
}

/**
 * The answer to a write whose If-Match (the operation's `expectedVersion`) named a stale version:
 * HTTP's 412 rather than GraphQL's CONFLICT, with the current tag to read again.
 */
function preconditionFailed(
  api: RestApi,
  route: RestRoute,
  locale: Locale,
  id: string | undefined,
  currentVersion: unknown,
  requestId: string | undefined,
): RestReply {
  const failed = api.failure(
    {
      code: 'PRECONDITION_FAILED',
      message: render(msg('preconditionFailed'), locale),
      extensions: { currentVersion },
      requestId,
    },
    route,
    locale,
  );
  if (typeof currentVersion !== 'number' || !id) return failed;
  return { ...failed, headers: { ...failed.headers, etag: entityTag({ id, version: currentVersion }) } };
}

/** Headers the GraphQL layer asks its answer to carry that the REST answer carries too (a replay's mark, a busy database's Retry-After). */
const ANSWERED_HEADERS = ['idempotent-replayed', 'retry-after'];
const KEY_HEADERS: readonly KeyHeader[] = ['authorization', 'x-api-key'];

/** Response headers a result asks for in `extensions.http.headers` (its own and its errors'), as Yoga would send them. */
function answeredHeaders(result: ExecutionResult): Record<string, string> {
  const answered: Record<string, string> = {};
  for (const extensions of [result.extensions, ...(result.errors ?? []).map((error) => error.extensions)]) {
    const http = extensions?.http as { headers?: Record<string, unknown> } | undefined;
    for (const name of ANSWERED_HEADERS) {
      const value = http?.headers?.[name];
      if (typeof value === 'string') answered[name] = value;
    }
  }
  return answered;
}

/** The key the caller gave where its API takes keys: its own place (GetRaze's `?api_key=`) or its key headers. */
function keyHeadersOf(request: Request, names: readonly KeyHeader[]): Headers {
  const headers = new Headers();
  for (const name of names) {
    const value = request.headers.get(name);
    if (value) headers.set(name, value);
  }
  return headers;
}

/** The client's address when served by node:http; `yoga.fetch` callers have none. */
function clientAddress(serverContext: object): string | undefined {
  // The node adapter adds the IncomingMessage as `req`; it is not part of RestServerContext.
  const { req } = serverContext as { req?: { socket?: { remoteAddress?: string } } };
  return req?.socket?.remoteAddress;
}

/** The server context the router runs its operation with (the gateway's, src/yoga.ts). */
export interface RestServerContext {
  source?: 'graphql' | 'rest';
  /** The key the caller gave where its API takes keys; null when it gave none there. */
  apiKey?: string | null;
  /** What the request did, for its log line and metrics (src/observability/observe.ts). */
  record?: RequestRecord;
}

export interface RestRoutesOptions {
  /** The schema the routes' documents run against, to validate each one once, here. */
  schema: GraphQLSchema;
  /** Counts the requests of rate-limited APIs; closed when the gateway is disposed. */
  rateLimiter?: RateLimiter;
  /** The hash a key is stored under, so a caller's bucket never holds its key in clear. */
  hashKey(key: string): string;
}

export function useRestRoutes(
  apis: readonly RestApi[],
  { schema, rateLimiter, hashKey }: RestRoutesOptions,
): Plugin<Record<string, unknown>, RestServerContext> {
  const compiled = apis.map((api) => ({ api, routes: compile(api, schema) }));
  let runOperation: YogaServer<RestServerContext, object>['getResultForParams'] | undefined;
  return {
    onYogaInit({ yoga }) {
      runOperation = yoga.getResultForParams;
    },
    onRequest({ request, url, serverContext, endResponse, fetchAPI }) {
      const entry = compiled.find(
        ({ api }) => url.pathname === api.basePath || url.pathname.startsWith(`${api.basePath}/`),
      );
      // Not a REST path (most often /graphql): the hook stays synchronous, so Yoga awaits nothing here.
      if (!entry) return;
      return serve(entry);

      async function serve({ api, routes }: (typeof compiled)[number]): Promise<void> {
        const { record } = serverContext;
        const locale = localeOf(request);
        const apiKey =
          api.apiKeyFrom?.(url) ??
          serverContext.apiKey ??
          apiKeyFromHeaders(keyHeadersOf(request, api.keyHeaders ?? KEY_HEADERS)) ??
          null;
        // Counted under the key the GraphQL layer will authenticate, before anything can fail.
        const standing =
          api.rateLimited && rateLimiter
            ? await rateLimiter.hit(bucketOf(api.basePath, apiKey ?? undefined, clientAddress(serverContext), hashKey))
            : undefined;

        /** The answer of the matched route: its GraphQL operation run through Yoga, mapped to REST. */
        const answer = async (): Promise<RestReply> => {
          if (standing?.retryAfter !== undefined) {
            const { limit, retryAfter } = standing;
            restFailure('RATE_LIMIT_EXCEEDED', msg('rateLimitExceeded', { limit, retryAfter }), {
              extensions: { retryAfter },
            });
          }
          const candidates = routes.filter((route) => route.pattern.test(url.pathname));
          if (candidates.length === 0) {
            restFailure('NOT_FOUND', msg('noRoute', { method: request.method, path: url.pathname }));
          }
          const matched = candidates.find((route) => route.method === request.method);
          if (!matched) {
            const allow = [...new Set(candidates.map((route) => route.method))].join(', ');
            restFailure('METHOD_NOT_ALLOWED', msg('methodNotAllowed', { method: request.method }), {
              extensions: { allow },
              headers: { allow },
            });
          }
          if (record) record.route = matched.template;
          const params = pathParams(matched, url.pathname);
          const body = matched.method === 'GET' || matched.method === 'DELETE' ? undefined : await bodyOf(request);
          const ifMatch = matched.route.conditional ? request.headers.get('if-match') : null;
          const expectedVersion = ifMatch === null ? undefined : ifMatchVersion(ifMatch, params.id ?? '');
          // No tag of the header can be the record's current one: nothing to run.
          if (expectedVersion === null) restFailure('PRECONDITION_FAILED', msg('preconditionFailed'));
          const variables = matched.route.variables({ params, query: url.searchParams, body, expectedVersion });

          // The GraphQL endpoint's body reader refuses NUL characters; these variables never pass through it.
          const nulAt = nulPath(variables, '');
          if (nulAt !== undefined) {
            const refusal = bodyRefusalError({ reason: 'nulCharacter', path: nulAt });
            record?.noteError(refusal.code);
            return api.failure({ ...restFailureOf(refusal, locale), requestId: record?.id }, matched.route, locale);
          }
          if (!runOperation) throw new Error('the REST routes run before Yoga was initialised');
          const result = await runOperation(
            { params: { query: matched.query, variables }, request },
            { ...serverContext, source: 'rest', apiKey },
          );
          if (!result || Symbol.asyncIterator in result)
            throw new Error(`${matched.template} answered no single result`);
          const answered = answeredHeaders(result);
          const error = result.errors?.[0];
          if (error || !result.data) {
            // Already in the caller's language: the GraphQL layer saw the same Accept-Language.
            const extensions = error?.extensions ?? {};
            const code = typeof extensions.code === 'string' ? extensions.code : 'INTERNAL_SERVER_ERROR';
            record?.noteError(code);
            if (DOCUMENT_REFUSED.has(code)) {
              console.error(
                `REST route ${matched.method} ${matched.route.path}: its document was refused`,
                result.errors,
              );
              restFailure('INTERNAL_SERVER_ERROR', msg('unexpectedError'));
            }
            if (code === 'CONFLICT' && extensions.reason === VERSION_MISMATCH) {
              const failed = preconditionFailed(
                api,
                matched.route,
                locale,
                params.id,
                extensions.currentVersion,
                record?.id,
              );
              return { ...failed, headers: { ...failed.headers, ...answered } };
            }
            const message = error?.message ?? render(msg('unexpectedError'), locale);
            const failed = api.failure({ code, message, extensions, requestId: record?.id }, matched.route, locale);
            return { ...failed, headers: { ...failed.headers, ...answered } };
          }
          const status = matched.route.successStatus ?? 200;
          const answerBody = matched.route.respond(result.data);
          const versioned = matched.route.versioned?.(result.data);
          if (!versioned) return { status, body: answerBody, headers: answered };
          const headersWithTag = { ...answered, etag: entityTag(versioned) };
          const ifNoneMatch = matched.method === 'GET' ? request.headers.get('if-none-match') : null;
          if (ifNoneMatch !== null && holdsCurrentTag(ifNoneMatch, versioned)) {
            return { status: 304, body: undefined, headers: headersWithTag };
          }
          return { status, body: answerBody, headers: headersWithTag };
        };

        let reply: RestReply;
        try {
          reply = await answer();
        } catch (error) {
          // Anything unexpected still answers in the API's envelope, without its details.
          const failure =
            error instanceof GatewayError
              ? error
              : (console.error('REST route failed', error),
                new RestRouterError('INTERNAL_SERVER_ERROR', msg('unexpectedError')));
          record?.noteError(failure.code);
          // The router's own failures already speak in REST names: no route renaming applies.
          const failed = api.failure({ ...restFailureOf(failure, locale), requestId: record?.id }, undefined, locale);
          const headers = failure instanceof RestRouterError ? failure.headers : {};
          reply = { ...failed, headers: { ...failed.headers, ...headers } };
        }
        endResponse(json(fetchAPI.Response, reply, standing ? rateLimitHeaders(standing) : {}));
      }
    },
    onDispose: () => rateLimiter?.close(),
  };
}
