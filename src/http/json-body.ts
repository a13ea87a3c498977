// Reading a JSON request body without trusting it: bounded in bytes while it streams, decoded as
// strict UTF-8 (invalid bytes are refused, never replaced by U+FFFD), bounded in nesting before
// JSON.parse sees it, and free of the NUL character, which no text column can store. Both entry
// points use it: the GraphQL endpoint (src/graphql/request-body.ts) and the REST router.
import { CommonErrorCode, GatewayError } from '../errors.js';
import { msg } from '../i18n/messages.js';
import { GRAPHQL_BODY_MAX_BYTES, JSON_MAX_DEPTH } from '../limits.js';

export interface JsonBodyLimits {
  maxBytes: number;
  /** Arrays and objects nested in each other. */
  maxDepth: number;
}

export const DEFAULT_JSON_BODY_LIMITS: JsonBodyLimits = { maxBytes: GRAPHQL_BODY_MAX_BYTES, maxDepth: JSON_MAX_DEPTH };

export type JsonBodyRefusal =
  | { reason: 'tooLarge'; limit: number }
  | { reason: 'notUtf8' }
  | { reason: 'tooDeep'; limit: number }
  | { reason: 'malformed' }
  /** `path` names the value holding the character: `input.name`, `tags[2]`. */
  | { reason: 'nulCharacter'; path: string };

export type JsonBody = { ok: true; value: unknown; empty: boolean } | ({ ok: false } & JsonBodyRefusal);

/**
 * The body's bytes, refusing as soon as more than `maxBytes` arrived. A body with a valid
 * Content-Length within the limit is read whole: HTTP's framing holds it to that length, and the
 * whole read skips the web-stream machinery. Any other body is counted chunk by chunk.
 */
export async function readBytes(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) return undefined;
  if (declared !== null && /^\d+$/.test(declared)) return new Uint8Array(await request.arrayBuffer());
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The deepest nesting of arrays and objects in a JSON text, stopping once past `limit`. Strings are skipped. */
function nestingExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c)
        i++; // backslash: skip the escaped character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x7b || char === 0x5b) {
      if (++depth > limit) return true;
    } else if (char === 0x7d || char === 0x5d) depth--;
  }
  return false;
}

/** Where a parsed value holds a NUL character (in a string or a key), if anywhere; its depth must be bounded. */
export function nulPath(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\0') ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i], `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const keyPath = path ? `${path}.${key}` : key;
      if (key.includes('\0')) return keyPath;
      const found = nulPath(item, keyPath);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** The JSON value of a body's bytes, or why it is refused. An empty (or blank) body is `empty`. */
export function parseJsonBytes(bytes: Uint8Array, limits: JsonBodyLimits = DEFAULT_JSON_BODY_LIMITS): JsonBody {
  if (bytes.byteLength > limits.maxBytes) return { ok: false, reason: 'tooLarge', limit: limits.maxBytes };
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return { ok: false, reason: 'notUtf8' };
  }
  if (text.trim() === '') return { ok: true, value: undefined, empty: true };
  if (nestingExceeds(text, limits.maxDepth)) return { ok: false, reason: 'tooDeep', limit: limits.maxDepth };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  // Only a text with an escaped NUL can hold one (JSON refuses the raw control character).
  const path = text.includes('\\u0000') ? nulPath(value, '') : undefined;
  if (path !== undefined) return { ok: false, reason: 'nulCharacter', path };
  return { ok: true, value, empty: false };
}

/** A request's JSON body: read within `maxBytes`, then parsed as `parseJsonBytes` says. */
export async function readJsonBody(
  request: Request,
  limits: JsonBodyLimits = DEFAULT_JSON_BODY_LIMITS,
): Promise<JsonBody> {
  const bytes = await readBytes(request, limits.maxBytes);
  if (!bytes) return { ok: false, reason: 'tooLarge', limit: limits.maxBytes };
  return parseJsonBytes(bytes, limits);
}

/** The gateway's answer to a refused body, the same on every entry point. */
export function bodyRefusalError(refusal: JsonBodyRefusal): GatewayError {
  switch (refusal.reason) {
    case 'tooLarge':
      return new GatewayError('PAYLOAD_TOO_LARGE', msg('payloadTooLarge', { limit: refusal.limit }), {
        extensions: { limit: refusal.limit },
        httpStatus: 413,
      });
    case 'notUtf8':
      return new GatewayError('INVALID_JSON', msg('bodyNotUtf8'), { httpStatus: 400 });
    case 'tooDeep':
      return new GatewayError('INVALID_JSON', msg('jsonTooDeep', { limit: refusal.limit }), {
        extensions: { limit: refusal.limit },
        httpStatus: 400,
      });
    case 'malformed':
      return new GatewayError('INVALID_JSON', msg('invalidJson'), { httpStatus: 400 });
    case 'nulCharacter':
      return new GatewayError(CommonErrorCode.VALIDATION_ERROR, msg('invalidFieldValues'), {
        fields: { [refusal.path]: msg('nulCharacter') },
        httpStatus: 400,
      });
  }
}
