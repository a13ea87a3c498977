// What route mappings share to turn a REST request into GraphQL variables: a JSON body into an
// input with renamed fields, query parameters into typed arguments, and back from GraphQL field
// names to the REST ones for per-field errors. Validation itself stays the GraphQL schema's.
import { msg, type CatalogMessage } from '../i18n/messages.js';
import { restFailure } from './rest-failure.js';

/** How a REST body's fields become a GraphQL input. */
export interface BodyMapping {
  /** REST body field → GraphQL input field; any other body field is refused. */
  fields: Readonly<Record<string, string>>;
  /** Why a value is refused before GraphQL sees it (a rule of the REST API only), if it is. */
  refuse?(field: string, value: unknown): CatalogMessage | undefined;
  /** REST fields where a string that trims to empty means null. */
  blankIsNull?: readonly string[];
}

/** The GraphQL input for a REST body; unknown or refused fields answer VALIDATION_ERROR, naming each. */
export function inputFrom(body: unknown, mapping: BodyMapping): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    restFailure('VALIDATION_ERROR', msg('bodyNotObject'), { fields: {} });
  }
  const errors: Record<string, CatalogMessage> = {};
  const input: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(body)) {
    const graphqlField = mapping.fields[field];
    const refused = graphqlField === undefined ? msg('unknownField') : mapping.refuse?.(field, value);
    if (refused !== undefined) errors[field] = refused;
    else if (graphqlField !== undefined) {
      const blank = typeof value === 'string' && value.trim() === '' && mapping.blankIsNull?.includes(field);
      input[graphqlField] = blank ? null : value;
    }
  }
  if (Object.keys(errors).length) restFailure('VALIDATION_ERROR', msg('invalidFieldValues'), { fields: errors });
  return input;
}

/** The REST name of a GraphQL input field (for `RestRoute.restFieldName`), from REST → GraphQL pairs. */
export function restFieldNames(
  ...mappings: ReadonlyArray<Readonly<Record<string, string>>>
): (graphqlField: string) => string {
  const names = new Map(
    mappings.flatMap((fields) => Object.entries(fields).map(([rest, graphql]) => [graphql, rest] as const)),
  );
  return (graphqlField) => names.get(graphqlField) ?? graphqlField;
}

/** A query parameter as a GraphQL Int when it is one; anything else goes as text for the schema to refuse. */
export function intParam(query: URLSearchParams, name: string): number | string | undefined {
  const value = query.get(name);
  if (value === null || value === '') return undefined;
  return /^\d{1,9}$/.test(value) ? Number(value) : value;
}

/** A query parameter as text, omitted when absent or empty. */
export function textParam(query: URLSearchParams, name: string): string | undefined {
  return query.get(name) || undefined;
}
