// Assertions on GraphQL responses, shared by the domain tests.
import { expect } from 'vitest';
import type { GraphQLResponse } from './gateway.js';

/** The single error of a response, asserting there is exactly one. */
export function onlyError(response: GraphQLResponse) {
  expect(response.body.errors, JSON.stringify(response.body)).toHaveLength(1);
  return response.body.errors![0]!;
}

/** The data of a response, asserting it has no errors. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response shapes vary per query
export function dataOf<T = Record<string, any>>(response: GraphQLResponse): T {
  expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
  return response.body.data as T;
}
