// GraphiQL in a real browser, offline (test/support/browser.ts aborts every request outside the
// gateway's origin): the page renders from the gateway alone, its headers pane holds the place for
// the key, a query run with the development key shows its result, and the schema docs load.
import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo-seed.js';
import { useBrowser } from '../support/browser.js';
import { useGateway } from '../support/gateway.js';

const gateway = useGateway();
const browser = useBrowser(gateway);

describe('GraphiQL in Chromium', () => {
  it('renders from the gateway alone, runs a query with the development key and shows its docs', async () => {
    const gw = gateway();
    const devKey = (await seedDemo(gw.prisma, gw.services)).key;
    const session = browser();
    const page = await session.page();
    // Within the test's own timeout, so a missing element is reported as such.
    page.setDefaultTimeout(15_000);
    await page.goto(`${session.origin}/graphql`);
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
    // Monaco draws the lines in view, and the pane may still be growing to its full height.
    await expect.poll(async () => response.innerText()).toContain('"negotiation"');

    // With the key, the schema loads: the docs list the root types.
    await page.getByRole('button', { name: /Re-fetch GraphQL schema/ }).click();
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    const docs = page.locator('.graphiql-doc-explorer');
    await docs.getByText('Root Types').waitFor();
    expect(await docs.innerText()).toMatch(/mutation: Mutation/);

    expect(session.blocked).toEqual([]);
  });
});
