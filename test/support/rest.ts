// Calling the REST routes through the same in-process handler as GraphQL.
import type { TestGateway } from './gateway.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies vary per route
export interface RestResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export async function rest(
  gw: TestGateway,
  method: string,
  path: string,
  options: { key?: string; body?: unknown; headers?: Record<string, string>; rawBody?: string } = {},
): Promise<RestResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers['x-api-key'] = options.key;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await gw.fetch(path, { method, headers, body });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${method} ${path} answered ${response.status} with a non-JSON body: ${text.slice(0, 200)}`);
  }
  return { status: response.status, headers: response.headers, body: parsed };
}
