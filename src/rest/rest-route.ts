// A REST route is a GraphQL operation plus a mapping: path, query and body → variables; the
// operation's data → the documented body. Routes run through the same schema, context, auth,
// validation and errors as /graphql (see rest-router.ts), so no rule exists twice.
import type { z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RestInput {
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body (undefined when the route takes none). */
  body: unknown;
}

/** Data of the GraphQL operation, keyed by its root fields. */
export type OperationData = Record<string, unknown>;

/** `Scope` is the permission names of the domains serving the route (the kit knows none). */
export interface RestRoute<Scope extends string = string> {
  method: HttpMethod;
  /** Express-style path relative to the API's base path: `/opportunities/:id/stage`. */
  path: string;
  summary: string;
  /** The permission the operation needs (documentation; the schema enforces it). */
  scope: Scope;
  /** The GraphQL document executed for this route. */
  operation: string;
  variables(input: RestInput): Record<string, unknown>;
  respond(data: OperationData): unknown;
  /** The REST name of a GraphQL input field, for per-field errors (`dealValue` → `deal_value`). */
  restFieldName?(graphqlField: string): string;
  /** HTTP status of a success (200 unless said). */
  successStatus?: number;
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

/** Routes whose `scope` is one of `Scope`. */
export function defineRoutes<Scope extends string>(
  routes: ReadonlyArray<RestRoute<Scope>>,
): ReadonlyArray<RestRoute<Scope>> {
  return routes;
}
