// The fixture of the published examples is consistent: each example's curl words say exactly the
// method, URL, headers and body recorded beside them, so a test replaying either replays the page.
import { describe, expect, it } from 'vitest';
import { readApiDocs, type CurlExample } from '../support/api-docs.js';

/** What curl makes of its words (the options these pages use). */
function curlRequest(argv: string[]): Omit<CurlExample, 'argv'> {
  const request: Omit<CurlExample, 'argv'> = { method: 'GET', url: '', headers: [], data: undefined };
  for (let i = 1; i < argv.length; i++) {
    const option = argv[i] as string;
    const value = () => argv[++i] ?? '';
    if (option === '--request' || option === '-X') request.method = value();
    else if (option === '--url') request.url = value();
    else if (option === '--header' || option === '-H') {
      const header = value();
      const colon = header.indexOf(':');
      request.headers.push([header.slice(0, colon).trim(), header.slice(colon + 1).trim()]);
    } else if (option === '--data' || option === '-d' || option === '--data-raw') {
      request.data = value();
      if (request.method === 'GET') request.method = 'POST';
    } else if (!option.startsWith('-') && !request.url) request.url = option;
    else throw new Error(`an option the pages do not use: ${option}`);
  }
  return request;
}

describe('test/fixtures/api-docs.json', () => {
  const pages = readApiDocs();

  it('holds the five published pages, each with one example and a documented response', () => {
    expect(pages.map((page) => page.file.slice(0, 3))).toEqual(['000', '001', '002', '003', '004']);
    for (const page of pages) expect(page.responses.length, page.file).toBeGreaterThan(0);
  });

  it.each(pages.map((page) => [page.file, page.curl] as const))(
    '%s: the curl words say the recorded request',
    (_file, curl) => {
      expect(curl.argv[0]).toBe('curl');
      const { argv, ...recorded } = curl;
      expect(curlRequest(argv)).toEqual(recorded);
    },
  );

  it('the request bodies are JSON', () => {
    for (const page of pages)
      if (page.curl.data !== undefined) expect(() => JSON.parse(page.curl.data as string), page.file).not.toThrow();
  });
});
