// The error codes every entry point shares. GraphQL answers them in `extensions.code`; the REST
// layer maps the same codes to its status codes and envelopes. Domains add their own codes in
// their folder (e.g. modules/opportunity/opportunity.errors.ts) through `GatewayError`.
// Messages come from the catalog (src/i18n/catalog.ts), so each can be said in the caller's language.
import { GraphQLError } from 'graphql';
import { DEFAULT_LOCALE, type MessageId } from './i18n/catalog.js';
import { msg, render, type CatalogMessage } from './i18n/messages.js';

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
  /** Values a literal message was built from (a catalog message carries its own). */
  params?: Record<string, unknown>;
  /** Public details, answered in `extensions` next to `code`. */
  extensions?: Record<string, unknown>;
  httpStatus?: number;
}

/**
 * An expected failure: its message and extensions reach the client unmasked. Its message is a
 * catalog message (said in English here, in the caller's language by src/i18n/localized-errors.ts)
 * or a literal English text, which is translated when the catalog knows it.
 */
export class GatewayError extends GraphQLError {
  readonly code: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly catalogMessage: CatalogMessage | undefined;

  constructor(code: string, message: string | CatalogMessage, options: GatewayErrorOptions = {}) {
    super(typeof message === 'string' ? message : render(message, DEFAULT_LOCALE), {
      extensions: {
        code,
        ...options.extensions,
        ...(options.httpStatus ? { http: { status: options.httpStatus } } : {}),
      },
    });
    this.code = code;
    this.catalogMessage = typeof message === 'string' ? undefined : message;
    this.params = this.catalogMessage?.params ?? options.params ?? {};
  }
}

export function notFound(entity: string, id: string): GatewayError {
  return new GatewayError(CommonErrorCode.NOT_FOUND, msg('notFound', { entity, id }), { extensions: { entity } });
}

export function validationError(fields: FieldErrors, message: string | CatalogMessage = msg('invalidFieldValues')): GatewayError {
  return new GatewayError(CommonErrorCode.VALIDATION_ERROR, message, { extensions: { fields } });
}

export function unauthenticated(reason: AuthFailure): GatewayError {
  const messages = {
    MISSING_API_KEY: 'missingApiKey',
    INVALID_API_KEY: 'invalidApiKey',
    EXPIRED_API_KEY: 'expiredApiKey',
  } as const satisfies Record<AuthFailure, MessageId>;
  return new GatewayError(CommonErrorCode.UNAUTHENTICATED, msg(messages[reason], { reason }), { extensions: { reason } });
}

export function forbidden(scope: string): GatewayError {
  return new GatewayError(CommonErrorCode.FORBIDDEN, msg('forbidden', { scope }), { extensions: { requiredScope: scope } });
}

export function databaseUnavailable(): GatewayError {
  return new GatewayError(CommonErrorCode.DATABASE_UNAVAILABLE, msg('databaseUnavailable'), { httpStatus: 503 });
}
