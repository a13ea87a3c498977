// Saying a catalog message in a language: from its id and parameters (the gateway's own errors),
// or from a text that some code only gave as English (a zod message, a coercion error, a route
// mapping's refusal), recognised by its catalog template. A text the catalog does not know stays
// English: better an English message than none.
import { CATALOG, DEFAULT_LOCALE, type Locale, type MessageId, type ParamNames, type ParamsOf } from './catalog.js';

/** A catalog message with the values it is built from. */
export interface CatalogMessage {
  readonly id: MessageId;
  readonly params: Readonly<Record<string, unknown>>;
}

/** The parameters argument: required exactly when the message has placeholders. */
type ParamsArg<Id extends MessageId> = [ParamNames<Id>] extends [never] ? [params?: ParamsOf<Id>] : [params: ParamsOf<Id>];

export function msg<Id extends MessageId>(id: Id, ...[params]: ParamsArg<Id>): CatalogMessage {
  return { id, params: params ?? {} };
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

/** The English text of a catalog message, for code that only takes a string (zod messages). */
export function english<Id extends MessageId>(id: Id, ...params: ParamsArg<Id>): string {
  return render(msg(id, ...params), DEFAULT_LOCALE);
}

/** Each English template as a pattern that finds its parameters in a text, tried in catalog order. */
const PATTERNS = Object.entries(CATALOG).map(([id, { en }]) => {
  const names: string[] = [];
  const source = en
    .split(PLACEHOLDER)
    // split() with a capture group alternates literal text and placeholder names.
    .map((part, i) => {
      if (i % 2 === 0) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(part);
      return '([\\s\\S]+?)';
    })
    .join('');
  return { id: id as MessageId, names, pattern: new RegExp(`^${source}$`) };
});

/** The catalog message a text says, with its parameters as they appear in the text. */
export function recognise(text: string): CatalogMessage | undefined {
  for (const { id, names, pattern } of PATTERNS) {
    const match = pattern.exec(text);
    if (match) return { id, params: Object.fromEntries(names.map((name, i) => [name, match[i + 1]])) };
  }
  return undefined;
}

/** A message in the locale: a catalog message rendered, a text recognised (else left as it is). */
export function say(message: string | CatalogMessage, locale: Locale): string {
  if (typeof message !== 'string') return render(message, locale);
  if (locale === DEFAULT_LOCALE) return message;
  const known = recognise(message);
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
