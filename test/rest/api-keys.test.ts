// Keys that stop working, over REST: an expired key says so (EXPIRED_API_KEY), a revoked key
// answers exactly as a key that never existed, so a caller learns nothing about revoked keys.
import { describe, expect, it } from 'vitest';
import { SCOPES } from '../../src/modules/api-key/scopes.js';
import { useGateway, type TestGateway, TEST_REQUEST_ID } from '../support/gateway.js';
import { rest } from '../support/rest.js';

const gateway = useGateway();
const base = '/external/v1/opportunities';

async function answer(gw: TestGateway, key: string) {
  const response = await rest(gw, 'GET', base, { key });
  return { status: response.status, body: response.body, challenge: response.headers.get('www-authenticate') };
}

describe('keys that no longer work', () => {
  it('EXPIRED_API_KEY (401) with a Bearer challenge naming invalid_token', async () => {
    const gw = gateway();
    const { workspace } = await gw.workspace();
    const { record, rawKey } = await gw.services.apiKeys.create({
      workspaceId: workspace.id,
      name: 'short-lived',
      scopes: SCOPES,
    });
    // Set before the key's first use, so no cached lookup hides it.
    await gw.prisma.apiKey.update({ where: { id: record.id }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    expect(await answer(gw, rawKey)).toEqual({
      status: 401,
      body: {
        success: false,
        error: {
          code: 'EXPIRED_API_KEY',
          message: 'The API key has expired',
          details: { request_id: TEST_REQUEST_ID },
        },
      },
      challenge: 'Bearer realm="external-api", error="invalid_token"',
    });
  });

  it('a revoked key, used before or not, answers exactly like an unknown key', async () => {
    const gw = gateway();
    const { workspace } = await gw.workspace();
    const used = await gw.services.apiKeys.create({ workspaceId: workspace.id, name: 'used', scopes: SCOPES });
    const unused = await gw.services.apiKeys.create({ workspaceId: workspace.id, name: 'unused', scopes: SCOPES });
    expect((await answer(gw, used.rawKey)).status).toBe(200);
    await gw.services.apiKeys.revoke(workspace.id, used.record.id);
    await gw.services.apiKeys.revoke(workspace.id, unused.record.id);

    const unknown = await answer(gw, 'gr_live_unknownunknownunknownunknown0000');
    expect(unknown).toEqual({
      status: 401,
      body: {
        success: false,
        error: {
          code: 'INVALID_API_KEY',
          message: 'The API key is invalid or has been revoked',
          details: { request_id: TEST_REQUEST_ID },
        },
      },
      challenge: 'Bearer realm="external-api", error="invalid_token"',
    });
    expect(await answer(gw, used.rawKey)).toEqual(unknown);
    expect(await answer(gw, unused.rawKey)).toEqual(unknown);
  });
});
