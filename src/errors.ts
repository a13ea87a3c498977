// The error codes every entry point shares. GraphQL answers them in `extensions.code`; the REST
// layer maps the same codes to its status codes and envelopes. Domains add their own codes in
// their folder (e.g. modules/opportunity/opportunity.errors.ts) through `GatewayError`.
import { GraphQLError } from 'graphql';

export const CommonErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  VALIDATION_ERROR: 'VALIDATION_ERROR',
  CONFLICT: 'CONFLICT',
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

/** Why a request is unauthenticated; the REST layer answers these as its own codes. */
export type AuthFailure = 'MISSING_API_KEY' | 'INVALID_API_KEY' | 'EXPIRED_API_KEY';

/** Per-field messages, keyed by the input field's GraphQL name (e.g. `dealValue`). */
export type FieldErrors = Record<string, string>;

export interface GatewayErrorOptions {
  /** Values the message was built from, so a translation can rebuild it. */
  params?: Record<string, unknown>;
  /** Public details, answered in `extensions` next to `code`. */
  extensions?: Record<string, unknown>;
  httpStatus?: number;
}

/** An expected failure: its message and extensions reach the client unmasked. */
export class GatewayError extends GraphQLError {
  readonly code: string;
  readonly params: Record<string, unknown>;

  constructor(code: string, message: string, options: GatewayErrorOptions = {}) {
    super(message, {
      extensions: {
        code,
        ...options.extensions,
        ...(options.httpStatus ? { http: { status: options.httpStatus } } : {}),
      },
    });
    this.code = code;
    this.params = options.params ?? {};
  }
}

export function notFound(entity: string, id: string): GatewayError {
  return new GatewayError(CommonErrorCode.NOT_FOUND, `${entity} not found`, {
    params: { entity, id },
    extensions: { entity },
  });
}

export function validationError(fields: FieldErrors, message = 'Invalid field values'): GatewayError {
  return new GatewayError(CommonErrorCode.VALIDATION_ERROR, message, { extensions: { fields } });
}

export function unauthenticated(reason: AuthFailure): GatewayError {
  const messages: Record<AuthFailure, string> = {
    MISSING_API_KEY: 'An API key is required (Authorization: Bearer <key> or X-API-Key: <key>)',
    INVALID_API_KEY: 'The API key is invalid or has been revoked',
    EXPIRED_API_KEY: 'The API key has expired',
  };
  return new GatewayError(CommonErrorCode.UNAUTHENTICATED, messages[reason], {
    params: { reason },
    extensions: { reason },
  });
}

export function forbidden(scope: string): GatewayError {
  return new GatewayError(CommonErrorCode.FORBIDDEN, `This API key lacks the permission ${scope}`, {
    params: { scope },
    extensions: { requiredScope: scope },
  });
}

export function databaseUnavailable(): GatewayError {
  return new GatewayError(
    CommonErrorCode.DATABASE_UNAVAILABLE,
    'The database is unavailable; try again shortly',
    { httpStatus: 503 },
  );
}
