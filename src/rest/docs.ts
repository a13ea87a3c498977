// Serves the REST reference: `GET /openapi.json` (src/rest/openapi.ts) and `GET /docs` (English) and
// `GET /docs/pt-BR`: Scalar's API reference over that document, with code samples and a try-it
// that takes the key. Scalar's script comes from the installed package, not a CDN, and its fonts,
// telemetry and AI agent are off, so the page works without internet access.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'graphql-yoga';
import type { Locale } from '../i18n/catalog.js';
import type { RestApi } from './rest-api.js';
import { openApiDocument } from './openapi.js';

const SCALAR_SCRIPT = '/docs/scalar.js';

interface DocsPage {
  lang: string;
  /** Scalar's own locale for its interface texts. */
  scalarLocale: string;
  title: string;
}

const PAGES: Record<string, DocsPage> = {
  '/docs': { lang: 'en', scalarLocale: 'en', title: 'Pipeline Gateway — REST reference' },
  '/docs/pt-BR': { lang: 'pt-BR', scalarLocale: 'pt', title: 'Pipeline Gateway — referencia REST' },
};

function pageHtml(page: DocsPage): string {
  const configuration = {
    url: `/openapi.json?lang=${page.lang}`,
    withDefaultFonts: false,
    telemetry: false,
    agent: { disabled: true },
    showDeveloperTools: 'never',
    documentDownloadType: 'json',
    defaultHttpClient: { targetKey: 'shell', clientKey: 'curl' },
    authentication: { preferredSecurityScheme: 'ApiKeyAuth' },
    localization: { locale: page.scalarLocale },
  };
  // JSON in a script element: `<` escaped so no value can close it.
  const json = JSON.stringify(configuration).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="${page.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title}</title></head>
<body><div id="reference"></div>
<script src="${SCALAR_SCRIPT}"></script>
<script>Scalar.createApiReference('#reference', ${json});</script>
</body></html>
`;
}

/** Scalar's standalone bundle (about 5 MB), read and compressed on the first request for it. */
function scalarScript(): () => Promise<{ plain: Buffer; gzip: Buffer }> {
  let loaded: Promise<{ plain: Buffer; gzip: Buffer }> | undefined;
  return () =>
    (loaded ??= (async () => {
      // The package exports no path to its browser build; it sits beside its main entry.
      const main = createRequire(import.meta.url).resolve('@scalar/api-reference');
      const path = join(dirname(main), 'browser', 'standalone.js');
      const plain = await readFile(path);
      return { plain, gzip: gzipSync(plain) };
    })());
}

/** `GET /openapi.json[?lang=pt-BR]`, `GET /docs`, `GET /docs/pt-BR` and Scalar's script. */
export function useApiDocs(apis: readonly RestApi[]): Plugin {
  // Built on the first request for it: a process that never serves its docs need not hold them.
  const documents: Partial<Record<Locale, string>> = {};
  const documentIn = (locale: Locale) => (documents[locale] ??= JSON.stringify(openApiDocument(apis, locale)));
  const pages = Object.fromEntries(Object.entries(PAGES).map(([path, page]) => [path, pageHtml(page)]));
  const script = scalarScript();
  return {
    onRequest({ request, url, endResponse }) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      const respond = (body: BodyInit, headers: Record<string, string>) =>
        endResponse(new Response(request.method === 'HEAD' ? null : body, { headers }));
      if (url.pathname === '/openapi.json') {
        const lang = url.searchParams.get('lang');
        const document = documentIn(lang === 'pt-BR' ? 'pt-BR' : 'en');
        return respond(document, { 'content-type': 'application/json; charset=utf-8' });
      }
      const page = pages[url.pathname];
      if (page) return respond(page, { 'content-type': 'text/html; charset=utf-8' });
      if (url.pathname === SCALAR_SCRIPT) {
        return script().then(({ plain, gzip }) => {
          const gzipped = /\bgzip\b/.test(request.headers.get('accept-encoding') ?? '');
          respond(new Uint8Array(gzipped ? gzip : plain), {
            'content-type': 'text/javascript; charset=utf-8',
            'cache-control': 'public, max-age=3600',
            vary: 'accept-encoding',
            ...(gzipped ? { 'content-encoding': 'gzip' } : {}),
          });
        });
      }
    },
  };
}
