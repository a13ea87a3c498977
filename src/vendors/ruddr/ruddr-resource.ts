// The four routes of a Ruddr resource (list, retrieve, create, update), built from four typed
// GraphQL operations of a domain that follows Ruddr's conventions (see RuddrOperations).
import { z } from 'zod';
import type { Scope } from '../../modules/api-key/scopes.js';
import { isUuid } from '../../db/ids.js';
import { msg } from '../../i18n/messages.js';
import { PAGE_SIZE } from '../../limits.js';
import { inputFrom, intParam, restFieldNames, textParam, type BodyMapping } from '../../rest/rest-input.js';
import { restFailure } from '../../rest/rest-failure.js';
import type { Versioned } from '../../rest/entity-tag.js';
import { defineRoute, type RestRoute } from '../../rest/rest-route.js';
import type { TadaDocumentNode } from 'gql.tada';

/** The path's id; Ruddr refuses a malformed one as a bad request, not as an unknown record. */
function idParam(params: Record<string, string>): string {
  const id = params.id ?? '';
  if (!isUuid(id)) restFailure('INVALID_PARAMETER', msg('invalidUuidParameter', { parameter: 'id' }));
  return id;
}

const withArticle = (noun: string) => `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;

/** The query of every Ruddr list: a page size and at most one cursor, the id of a listed record. */
const CursorQuery = z.object({
  limit: z
    .number()
    .int()
    .min(PAGE_SIZE.min)
    .max(PAGE_SIZE.max)
    .default(10)
    .meta({ description: `Page size, ${PAGE_SIZE.min}–${PAGE_SIZE.max}.` }),
  startingAfter: z.uuid().optional().meta({ description: 'Answer the records after this one (an id from the list).' }),
  endingBefore: z
    .uuid()
    .optional()
    .meta({ description: 'Answer the records just before this one (still newest first).' }),
});

/** An operation's data: its one root field (e.g. `opportunityStageList`) holding `T`. */
type Answer<T> = Readonly<Record<string, T>>;

/**
 * The operations of a resource, each answering in one root field, with the variables named here
 * (`never`: any type the schema gives them; a document needing other variables is refused):
 * `list(limit, startingAfter, endingBefore, …filters) { hasMore nodes }`, `get(id)`,
 * `create(input)` and `update(id, input)`, each node selected as `toRest` reads it, with its
 * `id` and `version` (the ETag; an update takes `input.expectedVersion` from If-Match).
 */
export interface RuddrOperations<Node extends Versioned> {
  list: TadaDocumentNode<
    Answer<{ hasMore: boolean; nodes: readonly Node[] }>,
    { limit: never; startingAfter: never; endingBefore: never }
  >;
  get: TadaDocumentNode<Answer<Node | null>, { id: never }>;
  create: TadaDocumentNode<Answer<Node>, { input: never }>;
  update: TadaDocumentNode<Answer<Node>, { id: never; input: never }>;
}

export interface RuddrResource<Node extends Versioned> {
  /** Below the base path, e.g. `/opportunity-stages`. */
  path: string;
  /** e.g. `opportunity stage`, `opportunity stages` (summaries). */
  noun: string;
  nouns: string;
  /** The same in Brazilian Portuguese, with the noun's indefinite article, for `/docs/pt-BR`. */
  nounPt: { one: string; many: string; article: 'um' | 'uma' };
  operations: RuddrOperations<Node>;
  /** The entity of the service's NOT_FOUND, e.g. `Opportunity stage`, so both say the same. */
  entity: string;
  scopes: { read: Scope; write: Scope };
  /** The body of create and update; create's required fields are the GraphQL input's. */
  body: BodyMapping;
  /** Fixed input of every create, for GraphQL defaults this API does not share. */
  createInput?: Record<string, unknown>;
  /** List query parameter → GraphQL list argument (an ID) of the list operation. */
  listFilters?: Readonly<Record<string, string>>;
  toRest(node: Node): Record<string, unknown>;
  docs: {
    object: z.ZodType;
    create: z.ZodType;
    update: z.ZodType;
    /** The filters' query parameters. */
    listFilters?: z.ZodObject;
    createDescription?: string;
    updateDescription?: string;
  };
}

/** The value of the one root field an operation answers in. */
function rootOf<T>(data: Answer<T>): T {
  const [value, ...others] = Object.values(data);
  if (value === undefined || others.length) throw new Error('a Ruddr operation must answer in one root field');
  return value;
}

export function ruddrResource<Node extends Versioned>(resource: RuddrResource<Node>): ReadonlyArray<RestRoute<Scope>> {
  const pt = resource.nounPt;
  const { operations, scopes, docs } = resource;
  const filters = Object.entries(resource.listFilters ?? {});
  const restFieldName = restFieldNames(resource.body.fields, resource.listFilters ?? {});
  const single = (data: Answer<Node | null>) => {
    const node = rootOf(data);
    if (!node) {
      restFailure('NOT_FOUND', msg('notFound', { entity: resource.entity }), {
        extensions: { entity: resource.entity },
      });
    }
    return resource.toRest(node);
  };
  return [
    defineRoute({
      method: 'GET',
      path: resource.path,
      summary: `List ${resource.nouns}`,
      scope: scopes.read,
      operation: operations.list,
      variables: ({ query }) => ({
        ...Object.fromEntries(filters.map(([param, arg]) => [arg, textParam(query, param)])),
        limit: intParam(query, 'limit'),
        startingAfter: textParam(query, 'startingAfter'),
        endingBefore: textParam(query, 'endingBefore'),
      }),
      respond: (data) => {
        const list = rootOf(data);
        return { results: list.nodes.map((node) => resource.toRest(node)), hasMore: list.hasMore };
      },
      restFieldName,
      docs: {
        description: `${resource.nouns.charAt(0).toUpperCase()}${resource.nouns.slice(1)}, newest first, by cursor. \`hasMore\` says whether more lie beyond the page in the direction of travel.`,
        'pt-BR': {
          summary: `Listar ${pt.many}`,
          description: `${pt.many.charAt(0).toUpperCase()}${pt.many.slice(1)}, do mais novo ao mais antigo, por cursor. \`hasMore\` diz se ha mais alem da pagina no sentido percorrido.`,
        },
        query: docs.listFilters ? CursorQuery.extend(docs.listFilters.shape) : CursorQuery,
        response: z.object({ results: z.array(docs.object), hasMore: z.boolean() }),
      },
    }),
    defineRoute({
      method: 'GET',
      path: `${resource.path}/:id`,
      summary: `Retrieve ${withArticle(resource.noun)}`,
      scope: scopes.read,
      operation: operations.get,
      variables: ({ params }) => ({ id: idParam(params) }),
      respond: single,
      versioned: rootOf,
      docs: { 'pt-BR': { summary: `Obter ${pt.article} ${pt.one}` }, response: docs.object },
    }),
    defineRoute({
      method: 'POST',
      path: resource.path,
      summary: `Create ${withArticle(resource.noun)}`,
      scope: scopes.write,
      operation: operations.create,
      variables: ({ body }) => ({ input: { ...resource.createInput, ...inputFrom(body, resource.body) } }),
      respond: single,
      versioned: rootOf,
      restFieldName,
      docs: {
        description: docs.createDescription,
        'pt-BR': { summary: `Criar ${pt.article} ${pt.one}` },
        body: docs.create,
        response: docs.object,
      },
    }),
    defineRoute({
      method: 'PATCH',
      path: `${resource.path}/:id`,
      summary: `Update ${withArticle(resource.noun)}`,
      scope: scopes.write,
      operation: operations.update,
      conditional: true,
      variables: ({ params, body, expectedVersion }) => ({
        id: idParam(params),
        input: { ...inputFrom(body, resource.body), expectedVersion },
      }),
      respond: single,
      versioned: rootOf,
      restFieldName,
      docs: {
        description: docs.updateDescription,
        'pt-BR': { summary: `Atualizar ${pt.article} ${pt.one}` },
        body: docs.update,
        response: docs.object,
      },
    }),
  ];
}
