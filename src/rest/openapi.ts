// The OpenAPI 3.1 document of every REST route, built from the route definitions themselves: the
// method, path, summary and scope of each route, and its zod `docs` schemas as JSON Schema 2020-12
// (OpenAPI 3.1's dialect). Each API contributes its error envelope and its ways to send a key.
import { z } from 'zod';
import packageJson from '../../package.json' with { type: 'json' };
import type { Locale } from '../i18n/catalog.js';
import type { RestApi, SecuritySchemeName } from './rest-api.js';
import type { RestRoute } from './rest-route.js';

export type JsonSchema = { [keyword: string]: unknown };

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  security: Array<Partial<Record<SecuritySchemeName, string[]>>>;
  parameters: Array<{
    name: string;
    in: 'path' | 'query' | 'header';
    required: boolean;
    description?: string;
    schema: JsonSchema;
  }>;
  requestBody?: { required: true; content: { 'application/json': { schema: JsonSchema } } };
  responses: Record<
    string,
    {
      description: string;
      headers?: Record<string, JsonSchema>;
      content?: { 'application/json': { schema: JsonSchema } };
      $ref?: string;
    }
  >;
}

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  tags: Array<{ name: string; description: string }>;
  paths: Record<string, Partial<Record<Lowercase<RestRoute['method']>, OpenApiOperation>>>;
  components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, { description: string; content: { 'application/json': { schema: JsonSchema } } }>;
    securitySchemes: Record<SecuritySchemeName, JsonSchema>;
  };
}

const SECURITY_SCHEMES: Record<SecuritySchemeName, JsonSchema> = {
  ApiKeyAuth: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
  ApiKeyQuery: { type: 'apiKey', in: 'query', name: 'api_key' },
  BearerAuth: { type: 'http', scheme: 'bearer', description: '`Authorization: Bearer <API key>`' },
};

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, target: 'draft-2020-12' });
  return rest;
}

const isSchema = (value: unknown): value is JsonSchema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const SUBSCHEMA = new Set(['items', 'additionalProperties', 'not', 'contains', 'propertyNames', 'if', 'then', 'else']);
const SUBSCHEMA_LISTS = new Set(['anyOf', 'oneOf', 'allOf', 'prefixItems']);
const SUBSCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs']);

/**
 * A response schema that names every field the gateway answers, with its type, but requires
 * none: the published pages show abbreviated answers (only the fields a page is about), and those
 * examples must stay valid instances of the schema. `additionalProperties: false` still refuses
 * a field the gateway does not answer.
 */
function withoutRequired(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === 'required') continue;
    if (SUBSCHEMA.has(keyword) && isSchema(value)) out[keyword] = withoutRequired(value);
    else if (SUBSCHEMA_LISTS.has(keyword) && Array.isArray(value))
      out[keyword] = (value as unknown[]).map((item) => (isSchema(item) ? withoutRequired(item) : item));
    else if (SUBSCHEMA_MAPS.has(keyword) && isSchema(value)) {
      out[keyword] = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [name, isSchema(sub) ? withoutRequired(sub) : sub]),
      );
    } else out[keyword] = value;
  }
  return out;
}

/** The components (schema and response) of an API's errors: `GetRaze external API v1` → `GetRazeExternalAPIV1Error`. */
export const errorComponent = (api: RestApi) =>
  api.name
    .split(/[^A-Za-z0-9]+/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('') + 'Error';

/** `/opportunities/:id/stage` → `/opportunities/{id}/stage`. */
const openApiPath = (api: RestApi, route: RestRoute) => api.basePath + route.path.replace(/:(\w+)/g, '{$1}');

const pathParams = (route: RestRoute) => [...route.path.matchAll(/:(\w+)/g)].map((match) => match[1] ?? '');

function queryParameters(route: RestRoute): OpenApiOperation['parameters'] {
  if (!route.docs.query) return [];
  const schema = jsonSchema(route.docs.query, 'input');
  const required = new Set(schema.required as string[] | undefined);
  return Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>).map(([name, property]) => ({
    name,
    in: 'query' as const,
    required: required.has(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
}

/** The document's own words, in each language the reference is served in. */
const TEXT = {
  en: {
    title: 'Pipeline Gateway REST APIs',
    intro:
      'The REST APIs the gateway serves beside /graphql, each with its own base path, authentication and ' +
      'error envelope. Every route runs a GraphQL operation of the same schema.',
    basePath: (path: string) => `Base path \`${path}\`.`,
    requires: (scope: string) => `Requires the \`${scope}\` permission.`,
    rateLimit: 'Requests allowed per window (one hour) for this key',
    remaining: 'Requests left in the current window',
    reset: 'When the window resets (unix seconds)',
    idempotencyKey:
      'Makes a retry safe: a repeat of the same request with the same key (1–255 visible ASCII characters, ' +
      'kept 24 hours per API key) answers the first answer again with `Idempotent-Replayed: true` and writes nothing.',
    replayed: '`true` when this is the stored answer of an earlier request with the same Idempotency-Key',
    invalidInput: 'Invalid input: a field, a parameter or the body',
    unauthenticated: 'No key, or an invalid, revoked or expired one',
    forbidden: (scope: string) => `The key lacks the \`${scope}\` permission`,
    notFound: 'No such record in the workspace',
    inUse: '`IDEMPOTENCY_KEY_IN_USE`: a request with this Idempotency-Key is still running',
    reused: '`IDEMPOTENCY_KEY_REUSED`: this Idempotency-Key was used for a different request',
    rateLimited: 'Over the rate limit: `retry_after` seconds (and Retry-After) say when to retry',
    other: 'Any other failure (405, 409, 413, 415, 5xx; 503 `DATABASE_BUSY` comes with Retry-After)',
    envelope: (name: string) => `A failure, in the envelope of the ${name}`,
    etag: 'The strong entity tag of the record answered, from its id and version: changes with every write',
    ifMatch:
      'Write only if the record is still at this ETag (as answered by a read or a write); `*` writes any version. ' +
      'Checked in the write itself: a stale tag answers 412 and writes nothing.',
    ifNoneMatch: 'The ETag of the copy the client holds (or `*`): answered 304 without a body while it is current',
    notModified: 'Not Modified: the copy named by If-None-Match is current (no body; the ETag is repeated)',
    preconditionFailed:
      '`PRECONDITION_FAILED`: If-Match does not name the current version; nothing was written. The ETag header ' +
      'gives the current tag',
  },
  'pt-BR': {
    title: 'APIs REST do Pipeline Gateway',
    intro:
      'As APIs REST que o gateway serve ao lado de /graphql, cada uma com seu caminho base, autenticacao e ' +
      'envelope de erro. Cada rota executa uma operacao GraphQL do mesmo schema.',
    basePath: (path: string) => `Caminho base \`${path}\`.`,
    requires: (scope: string) => `Requer permissao \`${scope}\`.`,
    rateLimit: 'Requisicoes permitidas por janela (uma hora) para esta chave',
    remaining: 'Requisicoes restantes na janela atual',
    reset: 'Quando a janela reinicia (segundos unix)',
    idempotencyKey:
      'Torna a nova tentativa segura: repetir a mesma requisicao com a mesma chave (1 a 255 caracteres ASCII ' +
      'visiveis, guardada 24 horas por chave de API) responde de novo a primeira resposta com ' +
      '`Idempotent-Replayed: true` e nao grava nada.',
    replayed: '`true` quando esta e a resposta guardada de uma requisicao anterior com a mesma Idempotency-Key',
    invalidInput: 'Entrada invalida: um campo, um parametro ou o corpo',
    unauthenticated: 'Sem chave, ou uma chave invalida, revogada ou expirada',
    forbidden: (scope: string) => `A chave nao tem a permissao \`${scope}\``,
    notFound: 'Registro nao encontrado no workspace',
    inUse: '`IDEMPOTENCY_KEY_IN_USE`: uma requisicao com esta Idempotency-Key ainda esta em andamento',
    reused: '`IDEMPOTENCY_KEY_REUSED`: esta Idempotency-Key foi usada em outra requisicao',
    rateLimited: 'Acima do limite de requisicoes: `retry_after` segundos (e Retry-After) dizem quando tentar de novo',
    other: 'Qualquer outra falha (405, 409, 413, 415, 5xx; 503 `DATABASE_BUSY` vem com Retry-After)',
    envelope: (name: string) => `Uma falha, no envelope da ${name}`,
    etag: 'A entity tag forte do registro respondido, de seu id e versao: muda a cada escrita',
    ifMatch:
      'Grava somente se o registro ainda estiver neste ETag (respondido por uma leitura ou escrita); `*` grava ' +
      'qualquer versao. Verificado na propria escrita: um ETag desatualizado responde 412 e nao grava nada.',
    ifNoneMatch: 'O ETag da copia que o cliente tem (ou `*`): respondido 304 sem corpo enquanto ela for a atual',
    notModified: 'Not Modified: a copia indicada em If-None-Match e a atual (sem corpo; o ETag e repetido)',
    preconditionFailed:
      '`PRECONDITION_FAILED`: If-Match nao indica a versao atual; nada foi gravado. O cabecalho ETag traz o ' +
      'ETag atual',
  },
} satisfies Record<Locale, unknown>;

type Text = (typeof TEXT)[Locale];

/** Sent on every response of a rate-limited API. */
const rateLimitHeaders = (text: Text) => ({
  'X-RateLimit-Limit': { description: text.rateLimit, schema: { type: 'integer' } },
  'X-RateLimit-Remaining': { description: text.remaining, schema: { type: 'integer' } },
  'X-RateLimit-Reset': { description: text.reset, schema: { type: 'integer' } },
});

const WRITES: ReadonlySet<RestRoute['method']> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function operation(api: RestApi, route: RestRoute, locale: Locale): OpenApiOperation {
  const text = TEXT[locale];
  const error = (description: string) => ({ $ref: `#/components/responses/${errorComponent(api)}`, description });
  const params = pathParams(route);
  const json = (schema: JsonSchema) => ({ 'application/json': { schema } });
  const words = (locale === 'pt-BR' && route.docs['pt-BR']) || { summary: route.summary, ...route.docs };
  const write = WRITES.has(route.method);
  const etag = { ETag: { description: text.etag, schema: { type: 'string' } } };
  const conditionalRead = route.method === 'GET' && route.versioned !== undefined;
  const header = (name: string, description: string) => ({
    name,
    in: 'header' as const,
    required: false,
    description,
    schema: { type: 'string' },
  });
  return {
    operationId: route.operationName,
    summary: words.summary,
    description: [words.description, text.requires(route.scope)].filter(Boolean).join('\n\n'),
    tags: [api.name],
    // OpenAPI 3.1 lets any scheme list the roles it needs: here, the key's permission.
    security: (api.docs?.security ?? []).map((scheme) => ({ [scheme]: [route.scope] })),
    parameters: [
      ...params.map((name) => ({ name, in: 'path' as const, required: true, schema: { type: 'string' } })),
      ...queryParameters(route),
      ...(write
        ? [
            {
              name: 'Idempotency-Key',
              in: 'header' as const,
              required: false,
              description: text.idempotencyKey,
              schema: { type: 'string', minLength: 1, maxLength: 255 },
            },
          ]
        : []),
      ...(route.conditional ? [header('If-Match', text.ifMatch)] : []),
      ...(conditionalRead ? [header('If-None-Match', text.ifNoneMatch)] : []),
    ],
    ...(route.docs.body
      ? { requestBody: { required: true as const, content: json(jsonSchema(route.docs.body, 'input')) } }
      : {}),
    responses: {
      [String(route.successStatus ?? 200)]: {
        description: words.summary,
        headers: {
          ...(api.rateLimited ? rateLimitHeaders(text) : {}),
          ...(write ? { 'Idempotent-Replayed': { description: text.replayed, schema: { type: 'string' } } } : {}),
          ...(route.versioned ? etag : {}),
        },
        content: json(withoutRequired(jsonSchema(route.docs.response, 'output'))),
      },
      ...(conditionalRead ? { '304': { description: text.notModified, headers: etag } } : {}),
      '400': error(text.invalidInput),
      '401': error(text.unauthenticated),
      '403': error(text.forbidden(route.scope)),
      ...(params.length ? { '404': error(text.notFound) } : {}),
      ...(write ? { '409': error(text.inUse), '422': error(text.reused) } : {}),
      ...(route.conditional
        ? {
            // Inline rather than the shared $ref, which may not carry headers beside it.
            '412': {
              description: text.preconditionFailed,
              headers: etag,
              content: json({ $ref: `#/components/schemas/${errorComponent(api)}` }),
            },
          }
        : {}),
      ...(api.rateLimited ? { '429': error(text.rateLimited) } : {}),
      default: error(text.other),
    },
  };
}

export function openApiDocument(apis: readonly RestApi[], locale: Locale = 'en'): OpenApiDocument {
  const text = TEXT[locale];
  const paths: OpenApiDocument['paths'] = {};
  for (const api of apis) {
    for (const route of api.routes) {
      const path = (paths[openApiPath(api, route)] ??= {});
      path[route.method.toLowerCase() as Lowercase<RestRoute['method']>] = operation(api, route, locale);
    }
  }
  const components: OpenApiDocument['components'] = { schemas: {}, responses: {}, securitySchemes: SECURITY_SCHEMES };
  for (const api of apis) {
    const name = errorComponent(api);
    components.schemas[name] = api.docs ? jsonSchema(api.docs.error, 'output') : { type: 'object' };
    components.responses[name] = {
      description: text.envelope(api.name),
      content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: text.title,
      version: packageJson.version,
      description: text.intro,
    },
    tags: apis.map((api) => ({ name: api.name, description: text.basePath(api.basePath) })),
    paths,
    components,
  };
}
