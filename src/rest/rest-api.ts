// What differs between the REST APIs the gateway reproduces: base path, where keys may come from,
// and how a failure is answered (status, envelope, code names). Routes are in the domains' folders.
import type { RestRoute } from './rest-route.js';

/** A failure as the GraphQL layer (or the router itself) reported it. */
export interface RestFailure {
  /** The shared code (`extensions.code` in GraphQL, e.g. NOT_FOUND, VALIDATION_ERROR). */
  code: string;
  message: string;
  extensions: Record<string, unknown>;
}

export interface RestReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface RestApi {
  name: string;
  /** e.g. `/external/v1`; every path below it is this API's (unknown ones answer its 404). */
  basePath: string;
  routes: readonly RestRoute[];
  /** A key from somewhere other than the Authorization / X-API-Key headers. */
  apiKeyFrom?(url: URL): string | undefined;
  /** The answer to a failure; `route` is given for failures the GraphQL layer reported. */
  failure(failure: RestFailure, route: RestRoute | undefined): RestReply;
}

/** HTTP status of each shared error code. */
const STATUS_BY_CODE: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMIT_EXCEEDED: 429,
  DATABASE_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
};

/** Any other expected code (VALIDATION_ERROR, INVALID_STATUS, INVALID_JSON, …) is the client's mistake: 400. */
export function httpStatusOf(code: string): number {
  return STATUS_BY_CODE[code] ?? 400;
}
