// The failures the REST layer raises itself (the router's, or a route mapping's) before or after
// the GraphQL operation runs, and their rendering in the caller's language for the API's envelope.
// Like every error of the gateway they are built from catalog messages (src/i18n/catalog.ts).
import { GatewayError, type GatewayErrorOptions } from '../errors.js';
import type { Locale } from '../i18n/catalog.js';
import type { CatalogMessage } from '../i18n/messages.js';
import type { RestFailure } from './rest-api.js';

export interface RestFailureOptions extends Pick<GatewayErrorOptions, 'extensions' | 'fields'> {
  /** Response headers of the failure (`Allow` of a 405). */
  headers?: Record<string, string>;
}

/** A failure of the REST layer; `fields` (if any) already use the REST names. */
export class RestRouterError extends GatewayError {
  readonly headers: Record<string, string>;

  constructor(code: string, message: CatalogMessage, { headers = {}, ...options }: RestFailureOptions = {}) {
    super(code, message, options);
    this.headers = headers;
  }
}

/** Ends a REST request with a failure in the API's envelope (used by route mappings too). */
export function restFailure(code: string, message: CatalogMessage, options?: RestFailureOptions): never {
  throw new RestRouterError(code, message, options);
}

/** A gateway error as the APIs' envelopes take it, said in `locale`. */
export function restFailureOf(error: GatewayError, locale: Locale): RestFailure {
  const { message, extensions } = error.inLocale(locale);
  return { code: error.code, message, extensions };
}
