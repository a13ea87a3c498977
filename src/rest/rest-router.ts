// Serves the REST APIs from the same Yoga instance as /graphql. A matched route becomes a GraphQL
// request handed to Yoga's own request handler, with the caller's headers, so authentication,
// scopes, validation, masking and translation are the GraphQL layer's; this file only parses
// HTTP and maps results. Failures before GraphQL (bad JSON, wrong content type, unknown path,
// wrong method, oversized body) answer in the API's own envelope.
import type { Plugin } from 'graphql-yoga';
import type { ServerContext } from '../yoga.js';
import type { KeyHeader, RestApi, RestFailure, RestReply } from './rest-api.js';
import type { HttpMethod, RestRoute } from './rest-route.js';

export const MAX_BODY_BYTES = 100 * 1024;

interface CompiledRoute {
  route: RestRoute;
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
    return { route, method: route.method, pattern: new RegExp(`^${api.basePath}${source}/?$`), paramNames };
  });
}

class RouterFailure extends Error {
  constructor(
    readonly failure: RestFailure,
    readonly headers: Record<string, string> = {},
  ) {
    super(failure.message);
  }
}

/** Ends a REST request with a failure in the API's envelope (used by route mappings too). */
export function restFailure(code: string, message: string, extensions: Record<string, unknown> = {}): never {
  throw new RouterFailure({ code, message, extensions });
}

async function readJsonBody(request: Request): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  const length = Number(request.headers.get('content-length') ?? 0);
  if (length > MAX_BODY_BYTES) restFailure('PAYLOAD_TOO_LARGE', `The body exceeds ${MAX_BODY_BYTES} bytes`, { limit: MAX_BODY_BYTES });
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) {
    restFailure('PAYLOAD_TOO_LARGE', `The body exceeds ${MAX_BODY_BYTES} bytes`, { limit: MAX_BODY_BYTES });
  }
  if (text.trim() === '') return {};
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    restFailure('UNSUPPORTED_MEDIA_TYPE', 'The body must be JSON (Content-Type: application/json)', { contentType: type });
  }
  try {
    return JSON.parse(text);
  } catch {
    restFailure('INVALID_JSON', 'The body is not valid JSON');
  }
}

function json(reply: RestReply): Response {
  return new Response(JSON.stringify(reply.body), {
    status: reply.status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...reply.headers },
  });
}

interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

/** Headers of the caller that the GraphQL request keeps besides the key's (language, tracing). */
const FORWARDED_HEADERS = ['accept-language', 'x-request-id'];
const KEY_HEADERS: readonly KeyHeader[] = ['authorization', 'x-api-key'];

export function useRestRoutes(apis: readonly RestApi[]): Plugin<Record<string, unknown>, ServerContext> {
  const compiled = apis.map((api) => ({ api, routes: compile(api) }));
  return {
    async onRequest({ request, url, serverContext, requestHandler, endResponse }) {
      const entry = compiled.find(({ api }) => url.pathname === api.basePath || url.pathname.startsWith(`${api.basePath}/`));
      if (!entry) return;
      const { api, routes } = entry;
      let matched: CompiledRoute | undefined;
      try {
        const candidates = routes.filter((route) => route.pattern.test(url.pathname));
        if (candidates.length === 0) restFailure('NOT_FOUND', `No route ${request.method} ${url.pathname}`);
        matched = candidates.find((route) => route.method === request.method);
        if (!matched) {
          const allow = [...new Set(candidates.map((route) => route.method))].join(', ');
          throw new RouterFailure(
            { code: 'METHOD_NOT_ALLOWED', message: `Method ${request.method} is not allowed here`, extensions: { allow } },
            { allow },
          );
        }
        const values = matched.pattern.exec(url.pathname)?.slice(1) ?? [];
        const params = Object.fromEntries(matched.paramNames.map((name, i) => [name, decodeURIComponent(values[i] ?? '')]));
        const body = matched.method === 'GET' || matched.method === 'DELETE' ? undefined : await readJsonBody(request);
        const variables = matched.route.variables({ params, query: url.searchParams, body });

        const headers = new Headers({ 'content-type': 'application/json', accept: 'application/json' });
        for (const name of [...FORWARDED_HEADERS, ...(api.keyHeaders ?? KEY_HEADERS)]) {
          const value = request.headers.get(name);
          if (value) headers.set(name, value);
        }
        const graphqlResponse = await requestHandler(
          new Request(new URL('/graphql', url), {
            method: 'POST',
            headers,
            body: JSON.stringify({ query: matched.route.operation, variables }),
          }),
          { ...serverContext, source: 'rest', apiKey: api.apiKeyFrom?.(url) ?? serverContext.apiKey },
        );
        const result = (await graphqlResponse.json()) as GraphQLBody;
        const error = result.errors?.[0];
        if (error || !result.data) {
          const extensions = error?.extensions ?? {};
          const code = typeof extensions.code === 'string' ? extensions.code : 'INTERNAL_SERVER_ERROR';
          endResponse(json(api.failure({ code, message: error?.message ?? 'Unexpected error', extensions }, matched.route)));
          return;
        }
        endResponse(json({ status: matched.route.successStatus ?? 200, body: matched.route.respond(result.data) }));
      } catch (error) {
        // Anything unexpected still answers in the API's envelope, without its details.
        const failure =
          error instanceof RouterFailure
            ? error
            : (console.error('REST route failed', error),
              new RouterFailure({ code: 'INTERNAL_SERVER_ERROR', message: 'Unexpected error.', extensions: {} }));
        // The router's own failures already speak in REST names: no route renaming applies.
        const reply = api.failure(failure.failure, undefined);
        endResponse(json({ ...reply, headers: { ...reply.headers, ...failure.headers } }));
      }
    },
  };
}
