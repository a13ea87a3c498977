// Serves the REST APIs from the same Yoga instance as /graphql. A matched route becomes a GraphQL
// request handed to Yoga's own request handler, with the caller's headers, so authentication,
// scopes, validation, masking and translation are the GraphQL layer's; this file only parses
// HTTP and maps results. Failures before GraphQL (bad JSON, wrong content type, unknown path,
// wrong method, oversized body) answer in the API's own envelope, in the caller's language
// (Accept-Language) as GraphQL's errors are. Rate-limited APIs count every request first.
import type { Plugin } from 'graphql-yoga';
import { apiKeyFromHeaders } from '../context.js';
import type { Locale } from '../i18n/catalog.js';
import { localeOf } from '../i18n/locale.js';
import { localizeExtensions, msg, say, type CatalogMessage } from '../i18n/messages.js';
import type { ServerContext } from '../yoga.js';
import { bucketOf, rateLimitHeaders, type RateLimiter } from './rate-limit.js';
import type { KeyHeader, RestApi, RestFailure, RestReply } from './rest-api.js';
import type { HttpMethod, RestRoute } from './rest-route.js';

export const MAX_BODY_BYTES = 100 * 1024;

interface CompiledRoute {
  route: RestRoute;
  /** `basePath` + path, e.g. `/external/v1/opportunities/:id` (logs and metrics name it so). */
  template: string;
  method: HttpMethod;
  pattern: RegExp;
  paramNames: string[];
}

function compile(api: RestApi): CompiledRoute[] {
  return api.routes.map((route) => {
    const paramNames: string[] = [];
    const source = route.path.replace(/:(\w+)/g, (_, name: string) => {
      paramNames.push(name);
      return '([^/]+)';
    });
    return {
      route,
      template: `${api.basePath}${route.path}`,
      method: route.method,
      pattern: new RegExp(`^${api.basePath}${source}/?$`),
      paramNames,
    };
  });
}

class RouterFailure extends Error {
  constructor(
    readonly code: string,
    /** A catalog message, or an English text (translated when the catalog knows it). */
    readonly said: string | CatalogMessage,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(say(said, 'en'));
  }

  inLocale(locale: Locale, requestId: string | undefined): RestFailure {
    return {
      code: this.code,
      message: say(this.said, locale),
      extensions: localizeExtensions(this.extensions, locale),
      requestId,
    };
  }
}

/** Ends a REST request with a failure in the API's envelope (used by route mappings too). */
export function restFailure(
  code: string,
  message: string | CatalogMessage,
  extensions: Record<string, unknown> = {},
): never {
  throw new RouterFailure(code, message, extensions);
}

async function readJsonBody(request: Request): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  const length = Number(request.headers.get('content-length') ?? 0);
  const tooLarge = () =>
    restFailure('PAYLOAD_TOO_LARGE', msg('payloadTooLarge', { limit: MAX_BODY_BYTES }), { limit: MAX_BODY_BYTES });
  if (length > MAX_BODY_BYTES) tooLarge();
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) tooLarge();
  if (text.trim() === '') return {};
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    restFailure('UNSUPPORTED_MEDIA_TYPE', msg('unsupportedMediaType'), { contentType: type });
  }
  try {
    return JSON.parse(text);
  } catch {
    restFailure('INVALID_JSON', msg('invalidJson'));
  }
}

function json(reply: RestReply, headers: Record<string, string>): Response {
  return new Response(JSON.stringify(reply.body), {
    status: reply.status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers, ...reply.headers },
  });
}

interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

/** Headers of the caller that the GraphQL request keeps besides the key's (language, tracing). */
const FORWARDED_HEADERS = ['accept-language', 'x-request-id'];
const KEY_HEADERS: readonly KeyHeader[] = ['authorization', 'x-api-key'];

/** The client's address when served by node:http; `yoga.fetch` callers have none. */
function clientAddress(serverContext: object): string | undefined {
  // The node adapter adds the IncomingMessage as `req`; it is not part of ServerContext's type.
  const { req } = serverContext as { req?: { socket?: { remoteAddress?: string } } };
  return req?.socket?.remoteAddress;
}

export interface RestRoutesOptions {
  /** Counts the requests of rate-limited APIs; closed when the gateway is disposed. */
  rateLimiter?: RateLimiter;
}

export function useRestRoutes(
  apis: readonly RestApi[],
  { rateLimiter }: RestRoutesOptions = {},
): Plugin<Record<string, unknown>, ServerContext> {
  const compiled = apis.map((api) => ({ api, routes: compile(api) }));
  return {
    async onRequest({ request, url, serverContext, requestHandler, endResponse }) {
      const entry = compiled.find(
        ({ api }) => url.pathname === api.basePath || url.pathname.startsWith(`${api.basePath}/`),
      );
      if (!entry) return;
      const { api, routes } = entry;
      const { record } = serverContext;
      const locale = localeOf(request);
      const headers = new Headers({ 'content-type': 'application/json', accept: 'application/json' });
      for (const name of [...FORWARDED_HEADERS, ...(api.keyHeaders ?? KEY_HEADERS)]) {
        const value = request.headers.get(name);
        if (value) headers.set(name, value);
      }
      const apiKey = api.apiKeyFrom?.(url) ?? serverContext.apiKey;
      // Counted under the key the GraphQL layer will authenticate, before anything can fail.
      const standing =
        api.rateLimited && rateLimiter
          ? await rateLimiter.hit(
              bucketOf(api.basePath, apiKey ?? apiKeyFromHeaders(headers), clientAddress(serverContext)),
            )
          : undefined;

      /** The answer of the matched route: its GraphQL operation run through Yoga, mapped to REST. */
      const answer = async (): Promise<RestReply> => {
        if (standing?.retryAfter !== undefined) {
          const { limit, retryAfter } = standing;
          throw new RouterFailure('RATE_LIMIT_EXCEEDED', msg('rateLimitExceeded', { limit, retryAfter }), {
            retryAfter,
          });
        }
        const candidates = routes.filter((route) => route.pattern.test(url.pathname));
        if (candidates.length === 0) {
          restFailure('NOT_FOUND', msg('noRoute', { method: request.method, path: url.pathname }));
        }
        const matched = candidates.find((route) => route.method === request.method);
        if (!matched) {
          const allow = [...new Set(candidates.map((route) => route.method))].join(', ');
          throw new RouterFailure(
            'METHOD_NOT_ALLOWED',
            msg('methodNotAllowed', { method: request.method }),
            { allow },
            { allow },
          );
        }
        if (record) record.route = matched.template;
        const values = matched.pattern.exec(url.pathname)?.slice(1) ?? [];
        const params = Object.fromEntries(
          matched.paramNames.map((name, i) => [name, decodeURIComponent(values[i] ?? '')]),
        );
        const body = matched.method === 'GET' || matched.method === 'DELETE' ? undefined : await readJsonBody(request);
        const variables = matched.route.variables({ params, query: url.searchParams, body });

        const graphqlResponse = await requestHandler(
          new Request(new URL('/graphql', url), {
            method: 'POST',
            headers,
            body: JSON.stringify({ query: matched.route.operation, variables }),
          }),
          { ...serverContext, source: 'rest', apiKey },
        );
        const result = (await graphqlResponse.json()) as GraphQLBody;
        const error = result.errors?.[0];
        if (error || !result.data) {
          // Already in the caller's language: the GraphQL layer saw the same Accept-Language.
          const extensions = error?.extensions ?? {};
          const code = typeof extensions.code === 'string' ? extensions.code : 'INTERNAL_SERVER_ERROR';
          const message = error?.message ?? say(msg('unexpectedError'), locale);
          return api.failure({ code, message, extensions, requestId: record?.id }, matched.route);
        }
        return { status: matched.route.successStatus ?? 200, body: matched.route.respond(result.data) };
      };

      let reply: RestReply;
      try {
        reply = await answer();
      } catch (error) {
        // Anything unexpected still answers in the API's envelope, without its details.
        const failure =
          error instanceof RouterFailure
            ? error
            : (console.error('REST route failed', error),
              new RouterFailure('INTERNAL_SERVER_ERROR', msg('unexpectedError')));
        record?.noteError(failure.code);
        // The router's own failures already speak in REST names: no route renaming applies.
        const failed = api.failure(failure.inLocale(locale, record?.id), undefined);
        reply = { ...failed, headers: { ...failed.headers, ...failure.headers } };
      }
      endResponse(json(reply, standing ? rateLimitHeaders(standing) : {}));
    },
    onDispose: () => rateLimiter?.close(),
  };
}
