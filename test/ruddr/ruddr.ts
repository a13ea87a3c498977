// Calling the Ruddr workspace API (Bearer tokens, {"status", "message", "errors"} failures).
import { expect } from 'vitest';
import type { TestGateway } from '../support/gateway.js';
import { rest, type RestResponse } from '../support/rest.js';

export const STAGES = '/api/workspace/opportunity-stages';
export const PIPELINES = '/api/workspace/opportunity-pipelines';

/** A well-formed id no record has. */
export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

export const STAGE_KEYS = [
  'createdAt',
  'description',
  'id',
  'isActive',
  'name',
  'opportunityPipelineId',
  'probability',
  'statusId',
];
export const PIPELINE_KEYS = ['createdAt', 'description', 'id', 'isActive', 'name'];

export function ruddr(
  gw: TestGateway,
  method: string,
  path: string,
  {
    token,
    headers,
    ...options
  }: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<RestResponse> {
  return rest(gw, method, path, {
    ...options,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
}

/** Asserts a failure in Ruddr's shape whose errors[] names exactly these fields. */
export function expectRuddrError(response: RestResponse, status: number, fields: readonly string[] = []) {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(Object.keys(response.body).sort()).toEqual(['errors', 'message', 'status']);
  expect(response.body.status).toBe(status);
  expect(response.body.message).toEqual(expect.stringMatching(/\S/));
  const errors = response.body.errors as Array<Record<string, unknown>>;
  for (const error of errors)
    expect(error).toEqual({ field: expect.any(String), message: expect.stringMatching(/\S/) });
  expect(errors.map((error) => error.field).sort(), JSON.stringify(errors)).toEqual([...fields].sort());
  return response.body as { status: number; message: string; errors: Array<{ field: string; message: string }> };
}
