// Debian's Chromium driven by playwright-core (never a downloaded browser), serving the gateway
// over real HTTP. Every request outside the gateway's origin is aborted and recorded, so a page
// that needs the internet fails its test; a failing test leaves a screenshot in .data/screenshots.
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, type TestContext } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TestGateway } from './gateway.js';

export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
];

export interface BrowserSession {
  origin: string;
  /** A fresh page whose requests outside `origin` are aborted and listed in `blocked`. */
  page(): Promise<Page>;
  blocked: string[];
}

/** One Chromium and one HTTP server over the file's gateway; pages are closed after each test. */
export function useBrowser(gateway: () => TestGateway): () => BrowserSession {
  let browser: Browser | undefined;
  let server: Server | undefined;
  let session: BrowserSession | undefined;
  const pages: Page[] = [];

  beforeAll(async () => {
    const gw = gateway();
    server = createServer((request, response) => void gw.yoga.requestListener(request, response));
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', () => resolve()));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const blocked: string[] = [];
    session = {
      origin,
      blocked,
      page: async () => {
        if (!browser) throw new Error('the browser is not running');
        const page = await browser.newPage();
        await page.route('**/*', async (route) => {
          const url = route.request().url();
          if (url.startsWith(`${origin}/`) || url.startsWith('data:') || url.startsWith('blob:')) {
            await route.continue();
          } else {
            blocked.push(url);
            await route.abort();
          }
        });
        pages.push(page);
        return page;
      },
    };
  });

  afterEach(async (context: TestContext) => {
    if (context.task.result?.state === 'fail') {
      await mkdir('.data/screenshots', { recursive: true });
      const name = context.task.name.replace(/[^\w-]+/g, '_').slice(0, 80);
      await Promise.all(
        pages.map((page, index) => page.screenshot({ path: `.data/screenshots/${name}-${index}.png`, fullPage: true })),
      );
    }
    await Promise.all(pages.splice(0).map((page) => page.close()));
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  return () => {
    if (!session) throw new Error('useBrowser: the session starts in beforeAll');
    return session;
  };
}
