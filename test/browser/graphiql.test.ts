// GraphiQL in a real browser (Debian's chromium, driven by playwright-core), with every request
// outside the gateway's own origin aborted, as on a machine without internet access: the page
// renders, its headers pane holds the place for the key, a query run with the development key
// shows its result, and the schema docs load. A failing test leaves a screenshot in
// test-results/browser/.
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { seedDemo } from '../../src/db/seed.js';
import { createServices } from '../../src/services.js';
import { createGateway, type Gateway } from '../../src/yoga.js';
import { openTestDatabase, type TestDatabase } from '../support/database.js';

const CHROMIUM = '/usr/bin/chromium';
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
const SCREENSHOTS = 'test-results/browser';

let database: TestDatabase;
let gateway: Gateway;
let server: Server;
let browser: Browser;
let origin: string;
let devKey: string;

beforeAll(async () => {
  database = await openTestDatabase();
  const services = createServices(database.db);
  devKey = (await seedDemo(database.db.prisma, services)).key;
  gateway = createGateway({ db: database.db, services, logging: false });
  server = createServer(gateway);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await gateway?.dispose();
  await database?.drop();
});

/** A page on which every request to another origin is aborted and recorded. */
async function offlinePage(name: string): Promise<{ page: Page; outside: string[] }> {
  const page = await browser.newPage();
  // Within the test's own timeout, so a missing element is reported as such.
  page.setDefaultTimeout(15_000);
  const outside: string[] = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin) return route.continue();
    outside.push(url);
    return route.abort();
  });
  onTestFailed(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
  });
  return { page, outside };
}

describe('GraphiQL', () => {
  it('renders from the gateway alone, runs a query with the development key and shows its docs', async () => {
    const { page, outside } = await offlinePage('graphiql');
    await page.goto(`${origin}/graphql`);
    await page.locator('.graphiql-execute-button').waitFor();
    expect(await page.title()).toBe('Pipeline Gateway');

    // The headers pane holds the place for the key; the user puts theirs in.
    await page.getByRole('button', { name: 'Headers' }).click();
    const headers = page.locator('.graphiql-editor-tool .graphiql-editor').last();
    // Monaco lays spaces out as no-break spaces.
    await expect.poll(async () => (await headers.innerText()).replace(/\s+/g, ' ')).toContain('Bearer <your API key>');
    await headers.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText(JSON.stringify({ Authorization: `Bearer ${devKey}` }));
    // The editor closes brackets and quotes as they are typed: drop what it added.
    await page.keyboard.press('Shift+ControlOrMeta+End');
    await page.keyboard.press('Delete');

    await page.getByRole('button', { name: /Execute query/ }).click();
    const response = page.locator('.graphiql-response');
    await response.getByText('"Sales pipeline"').waitFor();
    expect(await response.innerText()).toContain('"negotiation"');

    // With the key, the schema loads: the docs list the root types.
    await page.getByRole('button', { name: /Re-fetch GraphQL schema/ }).click();
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    const docs = page.locator('.graphiql-doc-explorer');
    await docs.getByText('Root Types').waitFor();
    expect(await docs.innerText()).toMatch(/mutation: Mutation/);

    expect(outside).toEqual([]);
  });
});
