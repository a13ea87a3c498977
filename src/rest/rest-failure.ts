// A failure the REST layer raises itself (the router's, or a route mapping's) before or after the
// GraphQL operation runs, and its rendering in the caller's language for the API's envelope.
import type { Locale } from '../i18n/catalog.js';
import { localizeExtensions, say, type CatalogMessage } from '../i18n/messages.js';
import type { RestFailure } from './rest-api.js';

export class RouterFailure extends Error {
  constructor(
    readonly code: string,
    /** A catalog message, or an English text (translated when the catalog knows it). */
    readonly said: string | CatalogMessage,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(say(said, 'en'));
  }

  inLocale(locale: Locale): RestFailure {
    return {
      code: this.code,
      message: say(this.said, locale),
      extensions: localizeExtensions(this.extensions, locale),
    };
  }
}

/** Ends a REST request with a failure in the API's envelope (used by route mappings too). */
export function restFailure(
  code: string,
  message: string | CatalogMessage,
  extensions: Record<string, unknown> = {},
): never {
  throw new RouterFailure(code, message, extensions);
}
