// Why a request is refused: no key, a key that is not one, a revoked key (at once, despite the
// gateway's key cache) and an expired one.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.js';
import { CREATE_KEY, createdKey, expectAuthFailure, LIST_KEYS, REVOKE_KEY } from './operations.js';

const gateway = useGateway();

describe('API key authentication', () => {
  it('refuses a request without a key', async () => {
    expectAuthFailure(await gateway().graphql(LIST_KEYS), 'MISSING_API_KEY');
  });

  it('refuses a key that is not one', async () => {
    const gw = gateway();
    expectAuthFailure(await gw.graphql(LIST_KEYS, {}, 'not-a-key'), 'INVALID_API_KEY');
    expectAuthFailure(await gw.graphql(LIST_KEYS, {}, `gr_live_${'x'.repeat(40)}`), 'INVALID_API_KEY');
  });

  it('refuses a revoked key on the very next request', async () => {
    const gw = gateway();
    const admin = await gw.workspace();
    const created = await gw.graphql(
      CREATE_KEY,
      { input: { name: 'short-lived', scopes: ['apikeys:read'] } },
      admin.key,
    );
    const { key, apiKey } = createdKey(created);
    // This use puts the key, valid, in the gateway's cache.
    expect((await gw.graphql(LIST_KEYS, {}, key)).body.errors).toBeUndefined();

    expect((await gw.graphql(REVOKE_KEY, { id: apiKey.id }, admin.key)).body.errors).toBeUndefined();
    expectAuthFailure(await gw.graphql(LIST_KEYS, {}, key), 'INVALID_API_KEY');
    expect((await gw.graphql(LIST_KEYS, {}, admin.key)).body.errors).toBeUndefined();
  });

  it('refuses a key whose expiry has passed in the database', async () => {
    const gw = gateway();
    const { workspace } = await gw.workspace();
    const key = await gw.key(workspace.id, ['apikeys:read']);
    // Creation refuses a past expiry, so the test sets one; the key was never used, so no cache
    // entry hides the change.
    await gw.prisma.apiKey.update({
      where: { prefix: key.slice(0, 16) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expectAuthFailure(await gw.graphql(LIST_KEYS, {}, key), 'EXPIRED_API_KEY');
  });

  it('refuses a cached key once its expiry passes', async () => {
    const gw = gateway();
    const admin = await gw.workspace();
    const expiresAt = new Date(Date.now() + 3000);
    const created = await gw.graphql(
      CREATE_KEY,
      { input: { name: 'expiring', scopes: ['apikeys:read'], expiresAt: expiresAt.toISOString() } },
      admin.key,
    );
    const { key } = createdKey(created);
    expect((await gw.graphql(LIST_KEYS, {}, key)).body.errors).toBeUndefined();

    await sleep(Math.max(expiresAt.getTime() - Date.now() + 50, 0));
    expectAuthFailure(await gw.graphql(LIST_KEYS, {}, key), 'EXPIRED_API_KEY');
  });
});
