// A REST route is a GraphQL operation plus a mapping: path, query and body → variables; the
// operation's data → the documented body. Routes run through the same schema, context, auth,
// validation and errors as /graphql (see rest-router.ts), so no rule exists twice. The operation
// is a typed document (src/rest/graphql.ts): TypeScript checks the variables a route names and
// the data it reads against the schema, and the router validates every document when it is built.
import type { TadaDocumentNode } from 'gql.tada';
import { getOperationAST, type DocumentNode } from 'graphql';
import type { z } from 'zod';
import type { Versioned } from './entity-tag.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RestInput {
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body (undefined when the route takes none). */
  body: unknown;
  /**
   * The version the client's If-Match names, for a `conditional` route to pass on as the
   * operation's `expectedVersion`; undefined without If-Match or with `*`.
   */
  expectedVersion?: number;
}

/**
 * The variables of a document, each by its name, the required ones required. Their values are
 * the client's (a body field, a query parameter) and are the schema's to check, hence `unknown`.
 */
export type RouteVariables<Variables> = { [Name in keyof Variables]: unknown };

/** What every route says besides its operation. */
interface RouteBase<Scope extends string> {
  method: HttpMethod;
  /** Express-style path relative to the API's base path: `/opportunities/:id/stage`. */
  path: string;
  summary: string;
  /** The permission the operation needs (documentation; the schema enforces it). */
  scope: Scope;
  /** The REST name of a GraphQL input field, for per-field errors (`dealValue` → `deal_value`). */
  restFieldName?(graphqlField: string): string;
  /**
   * The operation's arguments that take a record's id from the path, with the record's entity
   * (`{ id: 'Opportunity' }`). GraphQL refuses a malformed id as a VALIDATION_ERROR naming the
   * argument (reason MALFORMED_ID); a REST path with one answers as an id naming no record does,
   * NOT_FOUND (the documented 404).
   */
  pathIds?: Readonly<Record<string, string>>;
  /** HTTP status of a success (200 unless said). */
  successStatus?: number;
  /**
   * The route writes the versioned record named by `:id`: If-Match applies, a tag of another
   * version answers PRECONDITION_FAILED (412), and the operation's version check answers the same.
   */
  conditional?: boolean;
  /** Schemas for the OpenAPI document only: validation happens in the GraphQL schema. */
  docs: {
    description?: string;
    /** The summary and description in Brazilian Portuguese, for `/docs/pt-BR`. */
    'pt-BR'?: { summary: string; description?: string };
    body?: z.ZodType;
    query?: z.ZodObject;
    response: z.ZodType;
  };
}

/** A route as written: its operation typed, so its variables and its data are checked. */
export interface RouteDefinition<Scope extends string, Result, Variables> extends RouteBase<Scope> {
  operation: TadaDocumentNode<Result, Variables>;
  variables(input: RestInput): RouteVariables<Variables>;
  respond(data: Result): unknown;
  /** The one record the answer carries, for its ETag (and a GET's If-None-Match); null: none. */
  versioned?(data: Result): Versioned | null;
}

/** A route as the router runs it: `Scope` is the permission names of the domains serving it (the kit knows none). */
export interface RestRoute<Scope extends string = string> extends RouteBase<Scope> {
  operation: DocumentNode;
  /** The operation's name, e.g. `RestUpdateOpportunity` (its OpenAPI operationId). */
  operationName: string;
  variables(input: RestInput): Record<string, unknown>;
  /** The data of a successful run of `operation`. */
  respond(data: Record<string, unknown>): unknown;
  versioned?(data: Record<string, unknown>): Versioned | null;
}

export function defineRoute<Scope extends string, Result, Variables>(
  definition: RouteDefinition<Scope, Result, Variables>,
): RestRoute<Scope> {
  const operationName = getOperationAST(definition.operation)?.name?.value;
  if (!operationName) throw new Error(`the operation of ${definition.method} ${definition.path} has no name`);
  const { versioned } = definition;
  return {
    ...definition,
    operationName,
    // The data is what this document answered: the router validated the document against the
    // schema when it was built, and a run that failed never reaches here, so it has its type.
    respond: (data) => definition.respond(data as Result),
    versioned: versioned && ((data) => versioned(data as Result)),
  };
}
