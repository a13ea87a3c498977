// The OpenAPI 3.1 document of every REST route, built from the route definitions themselves: the
// method, path, summary and scope of each route, and its zod `docs` schemas as JSON Schema 2020-12
// (OpenAPI 3.1's dialect). Each API contributes its error envelope and its ways to send a key.
import { z } from 'zod';
import packageJson from '../../package.json' with { type: 'json' };
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
    in: 'path' | 'query';
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
      out[keyword] = value.map((item) => (isSchema(item) ? withoutRequired(item) : item));
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

/** Sent on every response of a rate-limited API. */
const RATE_LIMIT_HEADERS = {
  'X-RateLimit-Limit': {
    description: 'Requests allowed per window (one hour) for this key',
    schema: { type: 'integer' },
  },
  'X-RateLimit-Remaining': { description: 'Requests left in the current window', schema: { type: 'integer' } },
  'X-RateLimit-Reset': { description: 'When the window resets (unix seconds)', schema: { type: 'integer' } },
};

function operation(api: RestApi, route: RestRoute): OpenApiOperation {
  const error = (description: string) => ({ $ref: `#/components/responses/${errorComponent(api)}`, description });
  const params = pathParams(route);
  const json = (schema: JsonSchema) => ({ 'application/json': { schema } });
  return {
    operationId: route.operationName,
    summary: route.summary,
    description: [route.docs.description, `Requires the \`${route.scope}\` permission.`].filter(Boolean).join('\n\n'),
    tags: [api.name],
    // OpenAPI 3.1 lets any scheme list the roles it needs: here, the key's permission.
    security: (api.docs?.security ?? []).map((scheme) => ({ [scheme]: [route.scope] })),
    parameters: [
      ...params.map((name) => ({ name, in: 'path' as const, required: true, schema: { type: 'string' } })),
      ...queryParameters(route),
    ],
    ...(route.docs.body
      ? { requestBody: { required: true as const, content: json(jsonSchema(route.docs.body, 'input')) } }
      : {}),
    responses: {
      [String(route.successStatus ?? 200)]: {
        description: route.summary,
        ...(api.rateLimited ? { headers: RATE_LIMIT_HEADERS } : {}),
        content: json(withoutRequired(jsonSchema(route.docs.response, 'output'))),
      },
      '400': error('Invalid input: a field, a parameter or the body'),
      '401': error('No key, or an invalid, revoked or expired one'),
      '403': error(`The key lacks the \`${route.scope}\` permission`),
      ...(params.length ? { '404': error('No such record in the workspace') } : {}),
      ...(api.rateLimited
        ? { '429': error('Over the rate limit: `retry_after` seconds (and Retry-After) say when to retry') }
        : {}),
      default: error('Any other failure (405, 409, 413, 415, 429, 5xx)'),
    },
  };
}

export function openApiDocument(apis: readonly RestApi[]): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const api of apis) {
    for (const route of api.routes) {
      const path = (paths[openApiPath(api, route)] ??= {});
      path[route.method.toLowerCase() as Lowercase<RestRoute['method']>] = operation(api, route);
    }
  }
  const components: OpenApiDocument['components'] = { schemas: {}, responses: {}, securitySchemes: SECURITY_SCHEMES };
  for (const api of apis) {
    const name = errorComponent(api);
    components.schemas[name] = api.docs ? jsonSchema(api.docs.error, 'output') : { type: 'object' };
    components.responses[name] = {
      description: `A failure, in the envelope of the ${api.name}`,
      content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Pipeline Gateway REST APIs',
      version: packageJson.version,
      description:
        'The REST APIs the gateway serves beside /graphql, each with its own base path, authentication and ' +
        'error envelope. Every route runs a GraphQL operation of the same schema.',
    },
    tags: apis.map((api) => ({ name: api.name, description: `Base path \`${api.basePath}\`.` })),
    paths,
    components,
  };
}
