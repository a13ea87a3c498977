// Reads the published pages in ../shared/api-docs (beside the clone, as CI has it): each page's
// curl example, parsed the way a shell would, and its JSON response examples. The pages come as
// markdown (fenced blocks) or as text copied from the rendered site, where a code block's label
// is glued to the end of the block before it (`}'javascript`); both parse the same.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const API_DOCS_DIR = join(process.cwd(), '..', 'shared', 'api-docs');

export interface CurlExample {
  /** The words of the command as the shell passes them to curl, `curl` first. */
  argv: string[];
  method: string;
  url: string;
  headers: Array<[name: string, value: string]>;
  data: string | undefined;
}

export interface DocPage {
  file: string;
  curl: CurlExample;
  /** The JSON blocks of the page outside its curl command: its response examples. */
  responses: unknown[];
}

/** The words of the shell command starting at `start`, and where it ends. */
function shellWords(text: string, start: number): { words: string[]; end: number } {
  const words: string[] = [];
  let word: string | undefined;
  const finish = () => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  let i = start;
  while (i < text.length) {
    const char = text[i] as string;
    if (char === '\\' && text[i + 1] === '\n') {
      i += 2; // line continuation
    } else if (char === '\n') {
      break;
    } else if (char === ' ' || char === '\t') {
      finish();
      i++;
    } else if (char === "'" || char === '"') {
      const close = text.indexOf(char, i + 1);
      if (close < 0) throw new Error(`unclosed ${char} at ${i}`);
      const quoted = text.slice(i + 1, close);
      // Inside double quotes a backslash escapes only $ ` " \ (and a newline).
      word = (word ?? '') + (char === '"' ? quoted.replace(/\\([$`"\\\n])/g, '$1') : quoted);
      i = close + 1;
      if (i < text.length && !/\s/.test(text[i] as string)) break; // the rendered page's glued label
    } else if (char === '\\') {
      word = (word ?? '') + (text[i + 1] ?? '');
      i += 2;
    } else {
      word = (word ?? '') + char;
      i++;
    }
  }
  finish();
  return { words, end: i };
}

function curlExample(argv: string[]): CurlExample {
  const example: CurlExample = { argv, method: 'GET', url: '', headers: [], data: undefined };
  for (let i = 1; i < argv.length; i++) {
    const option = argv[i] as string;
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${option} without a value`);
      return next;
    };
    if (option === '--request' || option === '-X') example.method = value();
    else if (option === '--url') example.url = value();
    else if (option === '--header' || option === '-H') {
      const header = value();
      const colon = header.indexOf(':');
      example.headers.push([header.slice(0, colon).trim(), header.slice(colon + 1).trim()]);
    } else if (option === '--data' || option === '-d' || option === '--data-raw') {
      example.data = value();
      if (example.method === 'GET') example.method = 'POST';
    } else if (!option.startsWith('-') && !example.url) example.url = option;
    else throw new Error(`an option these pages do not use: ${option}`);
  }
  if (!example.url) throw new Error(`no URL in ${argv.join(' ')}`);
  return example;
}

/** The balanced {…} starting at `start` (strings respected), or undefined. */
function braces(text: string, start: number): string | undefined {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{') depth++;
    else if (char === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  return undefined;
}

/** Every JSON object that opens a line of the text. */
function jsonBlocks(text: string): unknown[] {
  const blocks: unknown[] = [];
  for (const match of text.matchAll(/^[ \t]*\{/gm)) {
    const block = braces(text, match.index + match[0].length - 1);
    if (!block) continue;
    try {
      blocks.push(JSON.parse(block));
    } catch {
      // Code in another language (the Node.js and Python examples' object literals).
    }
  }
  return blocks;
}

export function readPage(file: string): DocPage {
  const text = readFileSync(join(API_DOCS_DIR, file), 'utf8').replace(/\r\n/g, '\n');
  const commands = [...text.matchAll(/^[ \t]*curl\b/gm)];
  if (commands.length !== 1) throw new Error(`${file}: ${commands.length} curl commands, expected one`);
  const start = (commands[0]?.index ?? 0) + (commands[0]?.[0].indexOf('curl') ?? 0);
  const { words, end } = shellWords(text, start);
  // The request body is JSON too: only what lies outside the command is a response.
  return { file, curl: curlExample(words), responses: jsonBlocks(text.slice(0, start) + text.slice(end)) };
}

/** Every published page (the .txt files; README.md describes them). */
export function readApiDocs(): DocPage[] {
  return readdirSync(API_DOCS_DIR)
    .filter((file) => file.endsWith('.txt'))
    .sort()
    .map(readPage);
}

type JsonType = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';
const jsonType = (value: unknown): JsonType =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : (typeof value as 'boolean' | 'number' | 'string' | 'object');

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
    return item === undefined ? [] : (actual as unknown[]).flatMap((value, i) => shapeDifferences(value, item, exact, `${path}[${i}]`));
  }
  if (want !== 'object') return [];
  const [doc, act] = [documented as Record<string, unknown>, actual as Record<string, unknown>];
  const missing = Object.keys(doc).flatMap((key) =>
    key in act ? shapeDifferences(act[key], doc[key], exact, `${path}.${key}`) : [`${path}.${key}: documented, not answered`],
  );
  const extra = exact ? Object.keys(act).filter((key) => !(key in doc)).map((key) => `${path}.${key}: answered, not documented`) : [];
  return [...missing, ...extra];
}
