// The REST reference in a real browser, offline: Scalar renders every API from /openapi.json with
// code samples, in English at /docs and in Brazilian Portuguese at /docs/pt-BR.
import { describe, expect, it } from 'vitest';
import { useBrowser } from '../support/browser.js';
import { useGateway } from '../support/gateway.js';

const gateway = useGateway();
const browser = useBrowser(gateway);

describe('GET /docs in Chromium', () => {
  it('shows the routes with their code samples, loading nothing from outside the gateway', async () => {
    const session = browser();
    const page = await session.page();
    await page.goto(`${session.origin}/docs`);
    await page.getByText('Update Opportunity Stage').first().waitFor();
    // The code sample of the first route (cURL by default), with its method and path.
    const sample = page.locator('pre').filter({ hasText: 'curl' }).first();
    await sample.waitFor();
    expect(await sample.textContent()).toMatch(
      /--request PATCH[\s\S]*\/external\/v1\/opportunities\/|\/external\/v1\/opportunities\/[\s\S]*--request PATCH/,
    );
    // Both APIs are in the navigation.
    await page.getByText('Ruddr workspace API').first().waitFor();
    expect(session.blocked).toEqual([]);
  });

  it('speaks Brazilian Portuguese at /docs/pt-BR', async () => {
    const session = browser();
    const page = await session.page();
    await page.goto(`${session.origin}/docs/pt-BR`);
    await page.getByText('APIs REST do Pipeline Gateway').first().waitFor();
    await page.getByText('Atualizar Estagio da Oportunidade').first().waitFor();
    await expect.poll(() => page.getByText('Requer permissao').count()).toBeGreaterThan(0);
    expect(session.blocked).toEqual([]);
  });
});
