// What differs between the REST APIs the gateway reproduces: base path, where keys may come from,
// and how a failure is answered (status, envelope, code names). Each API is assembled in its own
// folder under src/vendors.
import type { z } from 'zod';
import type { Locale } from '../i18n/catalog.js';
import { MALFORMED_ID } from '../errors.js';
import { msg, render } from '../i18n/messages.js';
import type { RestRoute } from './rest-route.js';

/** A failure as the GraphQL layer (or the router itself) reported it. */
export interface RestFailure {
  /** The shared code (`extensions.code` in GraphQL, e.g. NOT_FOUND, VALIDATION_ERROR). */
  code: string;
  message: string;
  extensions: Record<string, unknown>;
  /** The request's id (X-Request-Id), which every error envelope repeats. */
  requestId?: string;
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
  /**
   * Count every request against the gateway's rate limiter, per presented key, and announce the
   * standing in `X-RateLimit-*` headers; over the limit, answer RATE_LIMIT_EXCEEDED (429).
   */
  rateLimited?: boolean;
  /** The headers a key may come in (both unless said; Ruddr's API takes only Authorization). */
  keyHeaders?: readonly KeyHeader[];
  /** What the OpenAPI document says of the API as a whole (src/rest/openapi.ts). */
  docs?: RestApiDocs;
  /**
   * The answer to a failure, whose message is already in `locale` (the API's own words must be
   * too); `route` is given for failures the GraphQL layer reported.
   */
  failure(failure: RestFailure, route: RestRoute | undefined, locale: Locale): RestReply;
}

export type KeyHeader = 'authorization' | 'x-api-key';

/** Security schemes of the OpenAPI document: X-API-Key header, `?api_key=`, Authorization: Bearer. */
export type SecuritySchemeName = 'ApiKeyAuth' | 'ApiKeyQuery' | 'BearerAuth';

export interface RestApiDocs {
  /** The body of every failure of this API. */
  error: z.ZodType;
  /** The ways to send a key, any one of which authenticates. */
  security: readonly SecuritySchemeName[];
}

/** HTTP status of each shared error code. */
const STATUS_BY_CODE: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  IDEMPOTENCY_KEY_IN_USE: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMIT_EXCEEDED: 429,
  DATABASE_UNAVAILABLE: 503,
  DATABASE_BUSY: 503,
  INTERNAL_SERVER_ERROR: 500,
};

/**
 * Per-field messages of a VALIDATION_ERROR under the REST names: GraphQL reports input fields
 * (`pipelineId`), which the route renames (`opportunityPipelineId`); the router's own failures
 * (no route given) already use REST names.
 */
export function restFieldErrors(failure: RestFailure, route: RestRoute | undefined): Record<string, string> {
  const fields = (failure.extensions.fields ?? {}) as Record<string, string>;
  const rename = route?.restFieldName ?? ((name: string) => name);
  return Object.fromEntries(Object.entries(fields).map(([name, message]) => [rename(name), message]));
}

/**
 * A failure the GraphQL layer reported, as the route answers it: an id argument of `route.pathIds`
 * refused for its format (MALFORMED_ID) is an id that names no record, NOT_FOUND.
 */
export function pathIdFailure(failure: RestFailure, route: RestRoute | undefined, locale: Locale): RestFailure {
  const { reason, argument } = failure.extensions;
  const entity = reason === MALFORMED_ID && typeof argument === 'string' ? route?.pathIds?.[argument] : undefined;
  if (entity === undefined) return failure;
  return {
    ...failure,
    code: 'NOT_FOUND',
    message: render(msg('notFound', { entity }), locale),
    extensions: { code: 'NOT_FOUND', entity },
  };
}

/** Any other expected code (VALIDATION_ERROR, INVALID_STATUS, INVALID_JSON, …) is the client's mistake: 400. */
export function httpStatusOf(code: string): number {
  return STATUS_BY_CODE[code] ?? 400;
}
