// Saying a catalog message in a language. The gateway's own errors carry a message id and its
// parameters and are rendered from them; texts of third-party code (graphql-js coercion, Pothos'
// connection arguments) are recognised by their catalog template first (`recognise`).
import { CATALOG, DEFAULT_LOCALE, type Locale, type MessageId, type ParamNames, type ParamsOf } from './catalog.js';

/** A catalog message with the values it is built from. */
export interface CatalogMessage {
  readonly id: MessageId;
  readonly params: Readonly<Record<string, unknown>>;
}

/** The parameters argument: required exactly when the message has placeholders. */
type ParamsArg<Id extends MessageId> = [ParamNames<Id>] extends [never]
  ? [params?: ParamsOf<Id>]
  : [params: ParamsOf<Id>];

export function msg<Id extends MessageId>(id: Id, ...[params]: ParamsArg<Id>): CatalogMessage {
  return { id, params: params ?? {} };
}

export function isCatalogMessage(value: unknown): value is CatalogMessage {
  if (typeof value !== 'object' || value === null) return false;
  const { id, params } = value as Partial<Record<keyof CatalogMessage, unknown>>;
  return typeof id === 'string' && Object.hasOwn(CATALOG, id) && typeof params === 'object' && params !== null;
}

function format(value: unknown): string {
  return Array.isArray(value) ? value.map(format).join(', ') : String(value);
}

const PLACEHOLDER = /\{(\w+)\}/g;

export function render(message: CatalogMessage, locale: Locale): string {
  const params = Object.fromEntries(Object.entries(message.params).map(([name, value]) => [name, format(value)]));
  const template = CATALOG[message.id][locale];
  if (typeof template === 'function') return template(params);
  return template.replace(PLACEHOLDER, (placeholder, name: string) => params[name] ?? placeholder);
}

/** Each English template as a pattern that finds its parameters in a text, in catalog order. */
const PATTERNS = Object.entries(CATALOG).map(([id, entry]) => {
  const names: string[] = [];
  const source = entry.en
    .split(PLACEHOLDER)
    // split() with a capture group alternates literal text and placeholder names.
    .map((part, i) => {
      if (i % 2 === 0) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(part);
      return '([\\s\\S]+?)';
    })
    .join('');
  return { id: id as MessageId, names, thirdParty: 'from' in entry, pattern: new RegExp(`^${source}$`) };
});

function match(text: string, patterns: typeof PATTERNS): CatalogMessage | undefined {
  for (const { id, names, pattern } of patterns) {
    const found = pattern.exec(text);
    if (found) return { id, params: Object.fromEntries(names.map((name, i) => [name, found[i + 1]])) };
  }
  return undefined;
}

const THIRD_PARTY_PATTERNS = PATTERNS.filter(({ thirdParty }) => thirdParty);

/** The catalog message a third-party text says, with its parameters as they appear in the text. */
export function recognise(text: string): CatalogMessage | undefined {
  return match(text, THIRD_PARTY_PATTERNS);
}

// The REST layer (src/rest, src/modules/*/*.rest.ts) still raises some failures as English
// texts, recognised here by any catalog template; once each is a catalog message, `say` and
// `localizeExtensions` take catalog messages only and this recognition goes.

/** A message in the locale: a catalog message rendered, a REST layer's text recognised (else left as it is). */
export function say(message: string | CatalogMessage, locale: Locale): string {
  if (typeof message !== 'string') return render(message, locale);
  if (locale === DEFAULT_LOCALE) return message;
  const known = match(message, PATTERNS);
  return known ? render(known, locale) : message;
}

/** Error extensions with the per-field messages (`fields`) in the locale; other members as they are. */
export function localizeExtensions<T extends Readonly<Record<string, unknown>>>(extensions: T, locale: Locale): T {
  const { fields } = extensions;
  if (locale === DEFAULT_LOCALE || typeof fields !== 'object' || fields === null) return extensions;
  const localized = Object.fromEntries(
    Object.entries(fields).map(([field, text]) => [field, typeof text === 'string' ? say(text, locale) : text]),
  );
  return { ...extensions, fields: localized };
}
