// The strict JSON body reader: refuses what it must (size, encoding, nesting, syntax, NUL) and
// passes everything else through unchanged.
import { describe, expect, it } from 'vitest';
import { parseJsonBytes, readJsonBody } from '../../src/http/json-body.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const limits = { maxBytes: 1000, maxDepth: 4 };

describe('parseJsonBytes', () => {
  it('parses valid JSON, Unicode included, and calls a blank body empty', () => {
    expect(parseJsonBytes(bytes('{"name":"Ação 🚀","n":[1,{"a":null}]}'), limits)).toEqual({
      ok: true,
      value: { name: 'Ação 🚀', n: [1, { a: null }] },
      empty: false,
    });
    expect(parseJsonBytes(bytes('  \n'), limits)).toEqual({ ok: true, value: undefined, empty: true });
  });

  it('refuses invalid UTF-8 instead of replacing it', () => {
    const invalid = new Uint8Array([...bytes('{"name":"'), 0xc3, 0x28, ...bytes('"}')]);
    expect(parseJsonBytes(invalid, limits)).toEqual({ ok: false, reason: 'notUtf8' });
  });

  it('refuses nesting past the limit before parsing, brackets inside strings not counted', () => {
    expect(parseJsonBytes(bytes('[[[[1]]]]'), limits).ok).toBe(true);
    expect(parseJsonBytes(bytes('[[[[[1]]]]]'), limits)).toEqual({ ok: false, reason: 'tooDeep', limit: 4 });
    expect(parseJsonBytes(bytes('{"a":"[[[[[[[[\\"{{{{{"}'), limits).ok).toBe(true);
    expect(
      parseJsonBytes(bytes('['.repeat(10_000) + ']'.repeat(10_000)), { maxBytes: 100_000, maxDepth: 32 }),
    ).toMatchObject({ reason: 'tooDeep' });
  });

  it('refuses malformed JSON and oversized bodies', () => {
    expect(parseJsonBytes(bytes('{"a":'), limits)).toEqual({ ok: false, reason: 'malformed' });
    expect(parseJsonBytes(bytes(`"${'x'.repeat(1000)}"`), limits)).toEqual({
      ok: false,
      reason: 'tooLarge',
      limit: 1000,
    });
  });

  it('names where a NUL character is, in a value or a key', () => {
    expect(parseJsonBytes(bytes('{"input":{"tags":["a","b\\u0000"]}}'), limits)).toEqual({
      ok: false,
      reason: 'nulCharacter',
      path: 'input.tags[1]',
    });
    expect(parseJsonBytes(bytes('{"na\\u0000me":1}'), limits)).toEqual({
      ok: false,
      reason: 'nulCharacter',
      path: 'na\0me',
    });
    expect(parseJsonBytes(bytes('{"text":"\\\\u0000 is how JSON writes NUL"}'), limits).ok).toBe(true);
  });
});

describe('readJsonBody', () => {
  it('stops reading a streamed body once it passes the limit, whatever Content-Length says', async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(bytes('x'.repeat(400)));
      },
    });
    const request = new Request('http://gateway.test/', {
      method: 'POST',
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(await readJsonBody(request, limits)).toEqual({ ok: false, reason: 'tooLarge', limit: 1000 });
    expect(pulled).toBeLessThan(6);
  });
});
