// The four routes of a Ruddr resource (list, retrieve, create, update), built from the GraphQL
// operations of a domain that follows Ruddr's conventions (see RuddrResource).
import { z } from 'zod';
import type { Scope } from '../../modules/api-key/scopes.js';
import { isUuid } from '../../db/ids.js';
import { inputFrom, intParam, restFieldNames, textParam, type BodyMapping } from '../../rest/rest-input.js';
import { restFailure } from '../../rest/rest-failure.js';
import { defineRoutes, type OperationData, type RestRoute } from '../../rest/rest-route.js';

/** The path's id; Ruddr refuses a malformed one as a bad request, not as an unknown record. */
function idParam(params: Record<string, string>): string {
  const id = params.id ?? '';
  if (!isUuid(id)) restFailure('INVALID_PARAMETER', "Parameter 'id' is not a valid UUID.");
  return id;
}

const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);
const withArticle = (noun: string) => `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;

/** The query of every Ruddr list: a page size and at most one cursor, the id of a listed record. */
const CursorQuery = z.object({
  limit: z.number().int().min(1).max(100).default(10).meta({ description: 'Page size, 1–100.' }),
  startingAfter: z.uuid().optional().meta({ description: 'Answer the records after this one (an id from the list).' }),
  endingBefore: z
    .uuid()
    .optional()
    .meta({ description: 'Answer the records just before this one (still newest first).' }),
});

/**
 * A resource served as GraphQL type `graphqlType`, whose module has the queries `<type>(id)` and
 * `<type>List(limit, startingAfter, endingBefore, …filters)` and the mutations `create<Type>(input)`
 * and `update<Type>(id, input)` with inputs `Create<Type>Input` / `Update<Type>Input`.
 */
export interface RuddrResource<Node> {
  /** Below the base path, e.g. `/opportunity-stages`. */
  path: string;
  /** e.g. `opportunity stage`, `opportunity stages` (summaries). */
  noun: string;
  nouns: string;
  graphqlType: string;
  /** The fields selected, those `toRest` reads. */
  selection: string;
  /** The entity of the service's NOT_FOUND, e.g. `Opportunity stage`, so both say the same. */
  entity: string;
  scopes: { read: Scope; write: Scope };
  /** The body of create and update; create's required fields are the GraphQL input's. */
  body: BodyMapping;
  /** Fixed input of every create, for GraphQL defaults this API does not share. */
  createInput?: Record<string, unknown>;
  /** List query parameter → GraphQL list argument (an ID). */
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

export function ruddrResource<Node>(resource: RuddrResource<Node>): ReadonlyArray<RestRoute<Scope>> {
  const { graphqlType: type, selection, scopes, docs } = resource;
  const one = lowerFirst(type);
  const filters = Object.entries(resource.listFilters ?? {});
  const restFieldName = restFieldNames(resource.body.fields, resource.listFilters ?? {});
  const single = (field: string) => (data: OperationData) => {
    const node = data[field] as Node | null;
    if (!node) restFailure('NOT_FOUND', `${resource.entity} not found`, { entity: resource.entity });
    return resource.toRest(node);
  };
  return defineRoutes<Scope>([
    {
      method: 'GET',
      path: resource.path,
      summary: `List ${resource.nouns}`,
      scope: scopes.read,
      operation: `query RestList${type}($limit: Int, $startingAfter: ID, $endingBefore: ID${filters.map(([, arg]) => `, $${arg}: ID`).join('')}) {
        ${one}List(limit: $limit, startingAfter: $startingAfter, endingBefore: $endingBefore${filters.map(([, arg]) => `, ${arg}: $${arg}`).join('')}) {
          hasMore nodes { ${selection} } } }`,
      variables: ({ query }) => ({
        limit: intParam(query, 'limit'),
        startingAfter: textParam(query, 'startingAfter'),
        endingBefore: textParam(query, 'endingBefore'),
        ...Object.fromEntries(filters.map(([param, arg]) => [arg, textParam(query, param)])),
      }),
      respond: (data) => {
        const list = data[`${one}List`] as { hasMore: boolean; nodes: Node[] };
        return { results: list.nodes.map((node) => resource.toRest(node)), hasMore: list.hasMore };
      },
      restFieldName,
      docs: {
        description: `${resource.nouns.charAt(0).toUpperCase()}${resource.nouns.slice(1)}, newest first, by cursor. \`hasMore\` says whether more lie beyond the page in the direction of travel.`,
        query: docs.listFilters ? CursorQuery.extend(docs.listFilters.shape) : CursorQuery,
        response: z.object({ results: z.array(docs.object), hasMore: z.boolean() }),
      },
    },
    {
      method: 'GET',
      path: `${resource.path}/:id`,
      summary: `Retrieve ${withArticle(resource.noun)}`,
      scope: scopes.read,
      operation: `query RestGet${type}($id: ID!) { ${one}(id: $id) { ${selection} } }`,
      variables: ({ params }) => ({ id: idParam(params) }),
      respond: single(one),
      docs: { response: docs.object },
    },
    {
      method: 'POST',
      path: resource.path,
      summary: `Create ${withArticle(resource.noun)}`,
      scope: scopes.write,
      operation: `mutation RestCreate${type}($input: Create${type}Input!) { create${type}(input: $input) { ${selection} } }`,
      variables: ({ body }) => ({ input: { ...resource.createInput, ...inputFrom(body, resource.body) } }),
      respond: single(`create${type}`),
      restFieldName,
      docs: { description: docs.createDescription, body: docs.create, response: docs.object },
    },
    {
      method: 'PATCH',
      path: `${resource.path}/:id`,
      summary: `Update ${withArticle(resource.noun)}`,
      scope: scopes.write,
      operation: `mutation RestUpdate${type}($id: ID!, $input: Update${type}Input!) {
        update${type}(id: $id, input: $input) { ${selection} } }`,
      variables: ({ params, body }) => ({ id: idParam(params), input: inputFrom(body, resource.body) }),
      respond: single(`update${type}`),
      restFieldName,
      docs: { description: docs.updateDescription, body: docs.update, response: docs.object },
    },
  ]);
}
