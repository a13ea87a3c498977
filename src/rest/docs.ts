// Serves the REST reference: `GET /openapi.json` (src/rest/openapi.ts) and `GET /docs`, the same
// document rendered on the server as one self-contained HTML page (no script, no CDN, so it works
// offline): per API its authentication and error envelope, per route its method, path, permission,
// parameters, body and answer as field tables.
import type { Plugin } from 'graphql-yoga';
import type { RestApi, SecuritySchemeName } from './rest-api.js';
import {
  errorComponent,
  openApiDocument,
  type JsonSchema,
  type OpenApiDocument,
  type OpenApiOperation,
} from './openapi.js';

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char,
  );

/** Escaped text with markdown's `code` spans. */
const inline = (text: string) => escape(text).replace(/`([^`]+)`/g, '<code>$1</code>');

/** The same, in paragraphs. */
const prose = (text: string) =>
  text
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${inline(paragraph)}</p>`)
    .join('');

const AUTH: Record<SecuritySchemeName, string> = {
  ApiKeyAuth: 'header `X-API-Key: <key>`',
  BearerAuth: 'header `Authorization: Bearer <key>`',
  ApiKeyQuery: 'query parameter `?api_key=<key>`',
};

const isSchema = (value: unknown): value is JsonSchema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A schema's type as a reader writes it: `string (uuid) | null`, `"open" | "won"`, `object[]`. */
function typeOf(schema: JsonSchema): string {
  if ('const' in schema) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  const variants = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(variants)) return variants.filter(isSchema).map(typeOf).join(' | ');
  const types = Array.isArray(schema.type)
    ? (schema.type as string[])
    : typeof schema.type === 'string'
      ? [schema.type]
      : [];
  if (!types.length) return 'any';
  return types
    .map((type) => {
      if (type === 'array') return `${isSchema(schema.items) ? typeOf(schema.items) : 'any'}[]`;
      return typeof schema.format === 'string' && type === 'string' ? `string (${schema.format})` : type;
    })
    .join(' | ');
}

const LIMITS: Array<[keyword: string, label: string]> = [
  ['minLength', 'min length'],
  ['maxLength', 'max length'],
  ['minimum', 'min'],
  ['maximum', 'max'],
];

/** Description, limits (a nullable field's too) and default, e.g. `Page size, 1–100; min 1; max 100; default 10`. */
function notes(schema: JsonSchema, prefix: string[] = []): string {
  const parts = [...prefix];
  if (typeof schema.description === 'string') parts.push(schema.description.replace(/\.$/, ''));
  const variants = [schema, ...[schema.anyOf ?? schema.oneOf ?? []].flat().filter(isSchema)];
  for (const variant of variants) {
    for (const [keyword, label] of LIMITS)
      if (variant[keyword] !== undefined) parts.push(`${label} ${String(variant[keyword])}`);
  }
  if (schema.default !== undefined) parts.push(`default ${JSON.stringify(schema.default)}`);
  return parts.join('; ');
}

interface Row {
  name: string;
  schema: JsonSchema;
  required: boolean;
  /** Where a parameter goes (`in path`, `in query`). */
  where?: string;
}

/** The object a field holds, if it holds one (possibly nullable, or a list of them). */
function objectIn(schema: JsonSchema): [JsonSchema, string] | undefined {
  if (isSchema(schema.properties)) return [schema, '.'];
  if (isSchema(schema.items)) {
    const inner = objectIn(schema.items);
    return inner && [inner[0], `[]${inner[1]}`];
  }
  const variants = schema.anyOf ?? schema.oneOf;
  return Array.isArray(variants) ? variants.filter(isSchema).map(objectIn).find(Boolean) : undefined;
}

/** Every field of an object schema, nested ones as `data.pagination.page` / `results[].id`. */
function rows(schema: JsonSchema, prefix = ''): Row[] {
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  return Object.entries(isSchema(schema.properties) ? schema.properties : {}).flatMap(([name, property]) => {
    if (!isSchema(property)) return [];
    const row = { name: prefix + name, schema: property, required: required.has(name) };
    const nested = objectIn(property);
    return [row, ...(nested ? rows(nested[0], `${prefix}${name}${nested[1]}`) : [])];
  });
}

function table(fields: Row[], showRequired: boolean): string {
  if (!fields.length) return '<p class="none">No fields.</p>';
  const head = `<tr><th>Field</th><th>Type</th>${showRequired ? '<th>Required</th>' : ''}<th>Notes</th></tr>`;
  const body = fields
    .map(
      (field) =>
        `<tr><td><code>${escape(field.name)}</code></td><td>${escape(typeOf(field.schema))}</td>` +
        (showRequired ? `<td>${field.required ? 'yes' : ''}</td>` : '') +
        `<td>${inline(notes(field.schema, field.where ? [field.where] : []))}</td></tr>`,
    )
    .join('');
  return `<table>${head}${body}</table>`;
}

function renderOperation(method: string, path: string, op: OpenApiOperation): string {
  const parameters = op.parameters.map((parameter) => ({
    name: parameter.name,
    schema: parameter.schema,
    required: parameter.required,
    where: `in ${parameter.in}`,
  }));
  const body = op.requestBody?.content['application/json'].schema;
  const responses = Object.entries(op.responses).map(([status, response]) => {
    const schema = response.content?.['application/json'].schema;
    return `<li><strong>${escape(status)}</strong> ${inline(response.description)}${schema ? table(rows(schema), false) : ''}</li>`;
  });
  return `<article id="${escape(op.operationId)}">
<h3><span class="method ${escape(method)}">${escape(method.toUpperCase())}</span> <code>${escape(path)}</code></h3>
<p class="summary">${escape(op.summary)}</p>${prose(op.description)}
<h4>Parameters</h4>${table(parameters, true)}
${body ? `<h4>Body (application/json)</h4>${table(rows(body), true)}` : ''}
<h4>Responses</h4><ul class="responses">${responses.join('')}</ul>
</article>`;
}

/** The API's operations, in the document's order. */
const operationsOf = (document: OpenApiDocument, api: RestApi) =>
  Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([, op]) => op.tags.includes(api.name))
      .map(([method, op]) => ({ method, path, op })),
  );

export function renderDocs(document: OpenApiDocument, apis: readonly RestApi[]): string {
  const sections = apis.map((api) => {
    const operations = operationsOf(document, api);
    const error = document.components.schemas[errorComponent(api)];
    const auth = (api.docs?.security ?? []).map((scheme) => AUTH[scheme]).join(', or ');
    return `<section id="${escape(api.basePath)}">
<h2>${escape(api.name)}</h2>
${prose(`Base path \`${api.basePath}\`. Authentication: ${auth || 'see each route'}.`)}
${error ? `<h4>Error envelope</h4>${table(rows(error), true)}` : ''}
${operations.map(({ method, path, op }) => renderOperation(method, path, op)).join('\n')}
</section>`;
  });
  const nav = apis
    .map((api) => {
      const links = operationsOf(document, api).map(
        ({ method, path, op }) =>
          `<li><a href="#${escape(op.operationId)}">${escape(method.toUpperCase())} ${escape(path)}</a></li>`,
      );
      return `<li>${escape(api.name)}<ul>${links.join('')}</ul></li>`;
    })
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(document.info.title)}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:72rem;padding:1rem 2rem;color:#1d232a}
code{font:13px ui-monospace,monospace;background:#f1f3f5;padding:0 .25em;border-radius:3px}
table{border-collapse:collapse;margin:.5rem 0 1rem;width:100%}th,td{border:1px solid #d5dae0;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}article{border-top:1px solid #d5dae0;padding-top:.5rem;margin-top:1.5rem}
.method{display:inline-block;min-width:4.5em;text-align:center;color:#fff;border-radius:3px;font-size:13px;padding:.1em .4em;background:#57606a}
.get{background:#1f6feb}.post{background:#1a7f37}.patch,.put{background:#9a6700}.delete{background:#cf222e}
.summary{font-weight:600}.none{color:#57606a}ul.responses{padding-left:1.2rem}
</style></head><body>
<h1>${escape(document.info.title)} <small>${escape(document.info.version)}</small></h1>
${prose(document.info.description)}
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI ${escape(document.openapi)}).</p>
<nav><ul>${nav}</ul></nav>
${sections.join('\n')}
</body></html>
`;
}

/** `GET /openapi.json` and `GET /docs`, built once from the served APIs. */
export function useApiDocs(apis: readonly RestApi[]): Plugin {
  const document = openApiDocument(apis);
  const json = JSON.stringify(document);
  const html = renderDocs(document, apis);
  const pages: Record<string, [body: string, type: string]> = {
    '/openapi.json': [json, 'application/json; charset=utf-8'],
    '/docs': [html, 'text/html; charset=utf-8'],
  };
  return {
    onRequest({ request, url, endResponse }) {
      const page = pages[url.pathname];
      if (!page || (request.method !== 'GET' && request.method !== 'HEAD')) return;
      endResponse(new Response(request.method === 'HEAD' ? null : page[0], { headers: { 'content-type': page[1] } }));
    },
  };
}
