// The published REST pages' examples, as the project's own data (test/fixtures/api-docs.json): each
// page's curl command, word by word as the shell passes it to curl, with its method, URL, headers and
// body, and the page's JSON response examples, verbatim.
import { readFileSync } from 'node:fs';

export interface CurlExample {
  /** The words of the command as the shell passes them to curl, `curl` first. */
  argv: string[];
  method: string;
  url: string;
  headers: Array<[name: string, value: string]>;
  data: string | undefined;
}

export interface DocPage {
  /** The published page the example comes from. */
  file: string;
  curl: CurlExample;
  /** The page's JSON blocks outside its curl command: its response examples. */
  responses: unknown[];
}

interface FixturePage {
  page: string;
  example: Omit<CurlExample, 'data'> & { body: string | null };
  responses: unknown[];
}

const FIXTURE = new URL('../fixtures/api-docs.json', import.meta.url);

/** Every published page, in the order of their file names. */
export function readApiDocs(): DocPage[] {
  const { pages } = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { pages: FixturePage[] };
  return pages.map(({ page, example: { body, ...curl }, responses }) => ({
    file: page,
    curl: { ...curl, data: body ?? undefined },
    responses,
  }));
}

type JsonType = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';
const jsonType = (value: unknown): JsonType =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'array'
      : (typeof value as 'boolean' | 'number' | 'string' | 'object');

/**
 * Where `actual` differs from the shape of `documented`: a documented key missing or of another
 * JSON type, recursively (array items against the documented first item). With `exact`, keys the
 * page does not document count too. Values may differ.
 */
export function shapeDifferences(actual: unknown, documented: unknown, exact: boolean, path = '$'): string[] {
  const [want, got] = [jsonType(documented), jsonType(actual)];
  if (want !== got) return [`${path}: documented ${want}, answered ${got}`];
  if (want === 'array') {
    const [item] = documented as unknown[];
    return item === undefined
      ? []
      : (actual as unknown[]).flatMap((value, i) => shapeDifferences(value, item, exact, `${path}[${i}]`));
  }
  if (want !== 'object') return [];
  const [doc, act] = [documented as Record<string, unknown>, actual as Record<string, unknown>];
  const missing = Object.keys(doc).flatMap((key) =>
    key in act
      ? shapeDifferences(act[key], doc[key], exact, `${path}.${key}`)
      : [`${path}.${key}: documented, not answered`],
  );
  const extra = exact
    ? Object.keys(act)
        .filter((key) => !(key in doc))
        .map((key) => `${path}.${key}: answered, not documented`)
    : [];
  return [...missing, ...extra];
}
