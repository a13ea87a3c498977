// The error codes every entry point shares. GraphQL answers them in `extensions.code`; the REST
// layer maps the same codes to its status codes and envelopes. Domains add their own codes in
// their folder (e.g. modules/opportunity/opportunity.errors.ts) through `GatewayError`.
// Messages come from the catalog (src/i18n/catalog.ts), so each can be said in the caller's language.
import { GraphQLError } from 'graphql';
import { DEFAULT_LOCALE, type Locale, type MessageId } from './i18n/catalog.js';
import { isCatalogMessage, msg, render, type CatalogMessage } from './i18n/messages.js';

export const CommonErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  VALIDATION_ERROR: 'VALIDATION_ERROR',
  CONFLICT: 'CONFLICT',
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  DATABASE_BUSY: 'DATABASE_BUSY',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

/** Why a request is unauthenticated; the REST layer answers these as its own codes. */
export type AuthFailure = 'MISSING_API_KEY' | 'INVALID_API_KEY' | 'EXPIRED_API_KEY';

/** Per-field messages, keyed by the input field's GraphQL name (e.g. `dealValue`). */
export type FieldErrors = Readonly<Record<string, CatalogMessage>>;

export interface GatewayErrorOptions {
  /** Public details, answered in `extensions` next to `code`. */
  extensions?: Record<string, unknown>;
  /** Per-field messages, answered as `extensions.fields` in the caller's language. */
  fields?: FieldErrors;
  httpStatus?: number;
  /** Headers of the HTTP answer (e.g. Retry-After); the REST layer copies the ones it knows. */
  httpHeaders?: Record<string, string>;
}

/** What an error says in one language. */
export interface SaidError {
  message: string;
  extensions: Record<string, unknown>;
}

/** What a GatewayError is built from, as JSON (a stored answer keeps it to be said again later). */
export interface GatewayErrorRecord {
  code: string;
  message: CatalogMessage;
  options: GatewayErrorOptions;
}

/**
 * An expected failure: its message and extensions reach the client unmasked. It is said in
 * English here and in the caller's language by `inLocale` (src/i18n/localized-errors.ts).
 */
export class GatewayError extends GraphQLError {
  readonly code: string;

  constructor(
    code: string,
    readonly catalogMessage: CatalogMessage,
    private readonly options: GatewayErrorOptions = {},
  ) {
    const { message, extensions } = said(code, catalogMessage, options, DEFAULT_LOCALE);
    super(message, { extensions });
    this.code = code;
  }

  inLocale(locale: Locale): SaidError {
    return said(this.code, this.catalogMessage, this.options, locale);
  }

  toRecord(): GatewayErrorRecord {
    return { code: this.code, message: this.catalogMessage, options: this.options };
  }

  /**
   * The error a record was made from; undefined when the catalog no longer has one of its
   * messages (a record may outlive the version of the gateway that stored it).
   */
  static fromRecord({ code, message, options }: GatewayErrorRecord): GatewayError | undefined {
    const messages = [message, ...Object.values(options.fields ?? {})];
    return messages.every(isCatalogMessage) ? new GatewayError(code, message, options) : undefined;
  }
}

function said(code: string, message: CatalogMessage, options: GatewayErrorOptions, locale: Locale): SaidError {
  const fields =
    options.fields &&
    Object.fromEntries(Object.entries(options.fields).map(([field, text]) => [field, render(text, locale)]));
  return {
    message: render(message, locale),
    extensions: {
      code,
      ...options.extensions,
      ...(fields ? { fields } : {}),
      ...(options.httpStatus || options.httpHeaders
        ? { http: { status: options.httpStatus, headers: options.httpHeaders } }
        : {}),
    },
  };
}

export function notFound(entity: string, id: string): GatewayError {
  return new GatewayError(CommonErrorCode.NOT_FOUND, msg('notFound', { entity, id }), { extensions: { entity } });
}

export function validationError(
  fields: FieldErrors,
  message: CatalogMessage = msg('invalidFieldValues'),
): GatewayError {
  return new GatewayError(CommonErrorCode.VALIDATION_ERROR, message, { fields });
}

export function unauthenticated(reason: AuthFailure): GatewayError {
  const messages = {
    MISSING_API_KEY: 'missingApiKey',
    INVALID_API_KEY: 'invalidApiKey',
    EXPIRED_API_KEY: 'expiredApiKey',
  } as const satisfies Record<AuthFailure, MessageId>;
  return new GatewayError(CommonErrorCode.UNAUTHENTICATED, msg(messages[reason], { reason }), {
    extensions: { reason },
  });
}

export function forbidden(scope: string): GatewayError {
  return new GatewayError(CommonErrorCode.FORBIDDEN, msg('forbidden', { scope }), {
    extensions: { requiredScope: scope },
  });
}

export function databaseUnavailable(): GatewayError {
  return new GatewayError(CommonErrorCode.DATABASE_UNAVAILABLE, msg('databaseUnavailable'), { httpStatus: 503 });
}

/** The version a write expects its record to be at (optimistic concurrency; REST's If-Match). */
export interface VersionPrecondition {
  expectedVersion?: number | null;
}

/** Why a CONFLICT is a stale `expectedVersion` (the REST layer answers it 412 PRECONDITION_FAILED). */
export const VERSION_MISMATCH = 'VERSION_MISMATCH';

/**
 * The write named a version (`expectedVersion`, or REST If-Match) that is no longer the record's:
 * someone else wrote it since. Nothing was written; `currentVersion` says what to read again.
 */
export function versionMismatch(entity: string, id: string, expectedVersion: number, currentVersion: number) {
  return new GatewayError(
    CommonErrorCode.CONFLICT,
    msg('versionMismatch', { entity, id, expectedVersion, currentVersion }),
    { extensions: { reason: VERSION_MISMATCH, entity, currentVersion, expectedVersion } },
  );
}

/** Why a VALIDATION_ERROR is an id argument that no record can have (the REST layer answers it 404). */
export const MALFORMED_ID = 'MALFORMED_ID';

/**
 * An id argument whose format no record's id has (`opportunity(id: "x")`): refused before any
 * query, naming the argument; `extensions.argument` names it for the REST layer too.
 */
export function malformedId(argument: string, message: CatalogMessage): GatewayError {
  return new GatewayError(CommonErrorCode.VALIDATION_ERROR, msg('invalidFieldValues'), {
    fields: { [argument]: message },
    extensions: { reason: MALFORMED_ID, argument },
  });
}

/** Seconds a client is told to wait before retrying a request the database was too busy for. */
export const DATABASE_BUSY_RETRY_AFTER_SECONDS = 1;

/**
 * The database is up but could not serve the request in time: no pool connection came free, a
 * lock was held too long, or the statement ran out of time. Retrying shortly may succeed.
 */
export function databaseBusy(): GatewayError {
  const retryAfter = DATABASE_BUSY_RETRY_AFTER_SECONDS;
  return new GatewayError(CommonErrorCode.DATABASE_BUSY, msg('databaseBusy'), {
    extensions: { retryAfter },
    httpStatus: 503,
    httpHeaders: { 'retry-after': String(retryAfter) },
  });
}
