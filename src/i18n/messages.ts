// Saying a catalog message in a language. The gateway's own errors carry a message id and its
// parameters and are rendered from them; texts of third-party code (graphql-js coercion, Pothos'
// connection arguments) are recognised by their catalog template first (`recognise`).
import { CATALOG, type Locale, type MessageId, type ParamNames, type ParamsOf } from './catalog.js';

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

/** Each third-party English template as a pattern that finds its parameters in a text, in catalog order. */
const THIRD_PARTY_PATTERNS = Object.entries(CATALOG)
  .filter(([, entry]) => 'from' in entry)
  .map(([id, entry]) => {
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
    return { id: id as MessageId, names, pattern: new RegExp(`^${source}$`) };
  });

/** The catalog message a third-party text says, with its parameters as they appear in the text. */
export function recognise(text: string): CatalogMessage | undefined {
  for (const { id, names, pattern } of THIRD_PARTY_PATTERNS) {
    const found = pattern.exec(text);
    if (found) return { id, params: Object.fromEntries(names.map((name, i) => [name, found[i + 1]])) };
  }
  return undefined;
}
