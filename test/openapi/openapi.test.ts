// GET /openapi.json and GET /docs: every served route is documented, and every example response
// of the published pages is a valid instance of its route's documented response schema.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { restApis } from '../../src/vendors/apis.js';
import type { JsonSchema, OpenApiDocument, OpenApiOperation } from '../../src/rest/openapi.js';
import { readApiDocs, type DocPage } from '../support/api-docs.js';
import { useGateway } from '../support/gateway.js';

const gateway = useGateway();

/** A JSON Schema 2020-12 validator for OpenAPI 3.1 schemas. */
function validator() {
  // Formats are annotations here; zod's uuid and date-time schemas carry patterns that check them.
  const ajv = new Ajv2020({ strict: true, allErrors: true, validateFormats: false });
  ajv.addKeyword('example'); // OpenAPI's own keyword, beside JSON Schema's
  return (schema: JsonSchema, value: unknown) => {
    const validate = ajv.compile(schema);
    return validate(value) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
  };
}

let document: OpenApiDocument;
beforeAll(async () => {
  const response = await gateway().fetch('/openapi.json');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('application/json');
  document = (await response.json()) as OpenApiDocument;
});

const operations = () =>
  Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op: op })),
  );

/** The operation a page's curl example calls: its method, and its URL's path matched against the templates. */
function operationOf(page: DocPage) {
  const path = new URL(page.curl.url).pathname;
  const matches = operations().filter(
    ({ path: template, method }) =>
      method === page.curl.method.toLowerCase() &&
      new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(decodeURIComponent(path)),
  );
  expect(matches, `${page.file}: ${page.curl.method} ${path}`).toHaveLength(1);
  return matches[0]!;
}

const successSchema = (op: OpenApiOperation) => {
  const [status, response] = Object.entries(op.responses).find(([code]) => /^2\d\d$/.test(code)) ?? [];
  expect(status, op.operationId).toBeDefined();
  return response!.content!['application/json'].schema;
};

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document with the three ways to send a key and each API’s error envelope', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.components.securitySchemes).toEqual({
      ApiKeyAuth: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      ApiKeyQuery: { type: 'apiKey', in: 'query', name: 'api_key' },
      BearerAuth: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    });
    const check = validator();
    const getRaze = document.components.schemas.GetRazeExternalAPIV1Error!;
    const ruddr = document.components.schemas.RuddrWorkspaceAPIError!;
    expect(
      check(getRaze, { success: false, error: { code: 'NOT_FOUND', message: 'Opportunity not found', details: {} } }),
    ).toEqual([]);
    expect(
      check(ruddr, {
        status: 400,
        message: 'Invalid',
        errors: [{ field: 'probability', message: 'Must be at most 1' }],
      }),
    ).toEqual([]);
    expect(check(ruddr, { success: false, error: { code: 'NOT_FOUND' } })).not.toEqual([]);
    for (const { path, op } of operations()) {
      const schemes = op.security.flatMap((requirement) => Object.keys(requirement)).sort();
      expect(schemes, path).toEqual(
        path.startsWith('/api/workspace/') ? ['BearerAuth'] : ['ApiKeyAuth', 'ApiKeyQuery', 'BearerAuth'],
      );
      const errors = path.startsWith('/api/workspace/') ? 'RuddrWorkspaceAPIError' : 'GetRazeExternalAPIV1Error';
      expect(op.responses.default?.$ref, path).toBe(`#/components/responses/${errors}`);
    }
  });

  it('documents every served route with its method, path parameters, summary and permission, and nothing else', () => {
    const routes = restApis.flatMap((api) => api.routes.map((route) => ({ api, route })));
    expect(routes.length).toBeGreaterThanOrEqual(14);
    expect(operations()).toHaveLength(routes.length);
    for (const { api, route } of routes) {
      const path = api.basePath + route.path.replace(/:(\w+)/g, '{$1}');
      const op = document.paths[path]?.[route.method.toLowerCase() as 'get'];
      expect(op, `${route.method} ${path}`).toBeDefined();
      expect(op!.summary).toBe(route.summary);
      expect(op!.tags).toEqual([api.name]);
      for (const requirement of op!.security) expect(Object.values(requirement)).toEqual([[route.scope]]);
      expect(op!.description).toContain(route.scope);
      const pathParams = op!.parameters
        .filter((parameter) => parameter.in === 'path')
        .map((parameter) => parameter.name);
      expect(pathParams).toEqual([...route.path.matchAll(/:(\w+)/g)].map((match) => match[1]));
      expect(Object.keys(op!.responses)).toContain(String(route.successStatus ?? 200));
      expect(Boolean(op!.requestBody)).toBe(Boolean(route.docs.body));
      // Rate-limited APIs announce the 429 and the X-RateLimit-* headers they send.
      const success = op!.responses[String(route.successStatus ?? 200)] as { headers?: Record<string, unknown> };
      expect(Boolean(op!.responses['429']), path).toBe(Boolean(api.rateLimited));
      // Writes take an Idempotency-Key and say when their answer is a replay.
      const write = route.method !== 'GET';
      expect(Object.keys(success.headers ?? {}).sort(), path).toEqual(
        [
          ...(write ? ['Idempotent-Replayed'] : []),
          ...(route.versioned ? ['ETag'] : []),
          ...(api.rateLimited ? ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'] : []),
        ].sort(),
      );
      const headerParams = op!.parameters.filter((parameter) => parameter.in === 'header').map(({ name }) => name);
      // Writes of one versioned record take If-Match and may answer 412; reads of one answer 304.
      const conditionalRead = route.method === 'GET' && Boolean(route.versioned);
      expect(headerParams.sort(), path).toEqual(
        [
          ...(write ? ['Idempotency-Key'] : []),
          ...(route.conditional ? ['If-Match'] : []),
          ...(conditionalRead ? ['If-None-Match'] : []),
        ].sort(),
      );
      expect(Boolean(op!.responses['412']), path).toBe(Boolean(route.conditional));
      expect(Boolean(op!.responses['304']), path).toBe(conditionalRead);
    }
    // Every route that answers or writes one record does so.
    const conditional = routes.filter(({ route }) => route.conditional).map(({ route }) => route.operationName);
    expect(conditional.sort()).toEqual([
      'RestDeleteOpportunity',
      'RestMoveOpportunityStage',
      'RestUpdateOpportunity',
      'RestUpdateOpportunityStage',
      'RestUpdatePipeline',
    ]);
    const ids = operations().map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('documents the Ruddr list query and the stage body with their limits', () => {
    const list = document.paths['/api/workspace/opportunity-stages']?.get;
    const parameters = Object.fromEntries((list?.parameters ?? []).map((parameter) => [parameter.name, parameter]));
    expect(Object.keys(parameters).sort()).toEqual(['endingBefore', 'limit', 'opportunityPipelineId', 'startingAfter']);
    expect(parameters.limit).toMatchObject({
      in: 'query',
      required: false,
      schema: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
    });

    const check = validator();
    const create =
      document.paths['/api/workspace/opportunity-stages']?.post?.requestBody?.content['application/json'].schema;
    expect(create?.required).toEqual(['name', 'probability', 'statusId', 'opportunityPipelineId']);
    const valid = {
      name: 'A',
      probability: 0.5,
      statusId: 'open',
      opportunityPipelineId: 'b9c85ac3-1a1d-4f31-a0c5-6e7d3d8ee0b2',
    };
    expect(check(create!, valid)).toEqual([]);
    for (const invalid of [{ probability: 1.5 }, { statusId: 'closed' }, { name: 'x'.repeat(256) }, { color: 'red' }]) {
      expect(check(create!, { ...valid, ...invalid }), JSON.stringify(invalid)).not.toEqual([]);
    }
  });
});

describe('the published examples against the document', () => {
  const pages = readApiDocs();

  it('finds every page with its example request and response', () => {
    expect(pages.map((page) => page.file.slice(0, 3))).toEqual(['000', '001', '002', '003', '004']);
    for (const page of pages) expect(page.responses, page.file).toHaveLength(1);
  });

  it.each(pages.map((page) => [page.file, page] as const))(
    '%s: the response example is valid for its route',
    (_file, page) => {
      const { op } = operationOf(page);
      const check = validator();
      const schema = successSchema(op);
      for (const example of page.responses) {
        expect(check(schema, example), JSON.stringify(example)).toEqual([]);
        // The check can fail: the same example with a field no answer has is refused.
        const mistyped = { ...(example as Record<string, unknown>), unexpectedField: true };
        expect(check(schema, mistyped)).not.toEqual([]);
      }
    },
  );

  it.each(pages.map((page) => [page.file, page] as const))(
    '%s: the request example fits its route’s body',
    (_file, page) => {
      const { op } = operationOf(page);
      const body = op.requestBody?.content['application/json'].schema;
      expect(body, page.file).toBeDefined();
      const errors = validator()(body!, JSON.parse(page.curl.data ?? 'null'));
      if (page.file.startsWith('004')) {
        // Ruddr's page shows placeholders: 123 is no probability, "<string>" no pipeline id.
        expect(errors.map((error) => error.split(' ')[0]).sort()).toEqual(['/opportunityPipelineId', '/probability']);
      } else {
        expect(errors).toEqual([]);
      }
    },
  );
});

describe('GET /docs', () => {
  it('serves the reference pages and their script from the gateway itself', async () => {
    for (const [path, lang] of [
      ['/docs', 'en'],
      ['/docs/pt-BR', 'pt-BR'],
    ] as const) {
      const response = await gateway().fetch(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
      const html = await response.text();
      expect(html).toContain(`<html lang="${lang}">`);
      expect(html).toContain(`/openapi.json?lang=${lang}`);
      // Every resource is the gateway's own: no absolute URL anywhere in the page.
      expect(html).not.toMatch(/https?:\/\//i);
    }
    const script = await gateway().fetch('/docs/scalar.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect((await script.text()).length).toBeGreaterThan(1_000_000);
  });

  it('describes each route in Brazilian Portuguese at ?lang=pt-BR, with the Idempotency-Key of writes', async () => {
    const pt = (await (await gateway().fetch('/openapi.json?lang=pt-BR')).json()) as OpenApiDocument;
    expect(pt.info.title).toBe('APIs REST do Pipeline Gateway');
    const move = pt.paths['/external/v1/opportunities/{id}/stage']?.patch;
    expect(move?.description).toContain('Requer permissao `opportunities:write`');
    // The published pt-BR page's title; every route has its own Portuguese summary.
    expect(move?.summary).toBe('Atualizar Estagio da Oportunidade');
    for (const [path, methods] of Object.entries(pt.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        expect(op.summary, `${method} ${path}`).not.toBe(
          document.paths[path]?.[method as keyof typeof methods]?.summary,
        );
      }
    }
    expect(move?.parameters.map((parameter) => parameter.name)).toContain('Idempotency-Key');
    expect(Object.keys(move?.responses ?? {})).toEqual(expect.arrayContaining(['409', '412', '422']));
    expect(move?.parameters.find((parameter) => parameter.name === 'If-Match')?.description).toContain(
      'Grava somente se o registro ainda estiver neste ETag',
    );
    const get = document.paths['/external/v1/opportunities/{id}']?.get;
    expect(get?.parameters.map((parameter) => parameter.name)).not.toContain('Idempotency-Key');
  });
});
