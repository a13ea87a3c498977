// Managing API keys through GraphQL: the key is answered once, never stored or listed, the scopes
// are enforced, and a workspace sees and revokes only its own keys.
import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.js';
import { CREATE_KEY, createdKey, LIST_KEYS, RAW_KEY, REVOKE_KEY } from './operations.js';

const gateway = useGateway();
const PIPELINES = '{ pipelines { id } }';

describe('API keys through GraphQL', () => {
  it('answers a new key once; the database keeps only its SHA-256', async () => {
    const gw = gateway();
    const admin = await gw.workspace();
    const created = await gw.graphql(
      CREATE_KEY,
      { input: { name: '  CI  ', scopes: ['pipelines:read', 'pipelines:read', 'opportunities:read'] } },
      admin.key,
    );
    const { key, apiKey } = createdKey(created);
    expect(key).toMatch(RAW_KEY);
    expect(apiKey).toMatchObject({
      name: 'CI',
      prefix: key.slice(0, 16),
      scopes: ['pipelines:read', 'opportunities:read'],
      lastUsedAt: null,
      expiresAt: null,
      revokedAt: null,
    });

    const used = await gw.graphql(PIPELINES, {}, key);
    expect(used.body.errors).toBeUndefined();
    expect(used.body.data?.pipelines).toEqual([{ id: admin.pipeline.id }]);

    const listed = await gw.graphql(LIST_KEYS, {}, admin.key);
    expect(listed.body.errors).toBeUndefined();
    expect(listed.body.data?.apiKeys.map((k: { prefix: string }) => k.prefix)).toEqual([
      admin.key.slice(0, 16),
      apiKey.prefix,
    ]);
    // The public prefix holds the key's first characters; the rest must appear nowhere.
    const secretPart = key.slice(16);
    expect(JSON.stringify(listed.body)).not.toContain(secretPart);

    const row = await gw.prisma.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(row.secretHash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(secretPart);
  });

  it('never exposes the hash', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const fieldsOf = async (type: string) => {
      const response = await gw.graphql(
        `query($type: String!) { __type(name: $type) { fields { name } } }`,
        { type },
        key,
      );
      return response.body.data?.__type.fields.map((field: { name: string }) => field.name).sort();
    };
    expect(await fieldsOf('ApiKey')).toEqual([
      'createdAt',
      'expiresAt',
      'id',
      'lastUsedAt',
      'name',
      'prefix',
      'revokedAt',
      'scopes',
    ]);
    expect(await fieldsOf('CreateApiKeyPayload')).toEqual(['apiKey', 'key']);
  });

  it('refuses invalid input with per-field messages and creates nothing', async () => {
    const gw = gateway();
    const { workspace, key } = await gw.workspace();
    const response = await gw.graphql(
      CREATE_KEY,
      { input: { name: ' ', scopes: ['pipelines:read', 'bogus'], expiresAt: '2001-01-01T00:00:00Z' } },
      key,
    );
    expect(response.body.errors).toHaveLength(1);
    const error = response.body.errors?.[0];
    expect(error?.extensions?.code).toBe('VALIDATION_ERROR');
    const fields = error?.extensions?.fields as Record<string, string>;
    expect(Object.keys(fields).sort()).toEqual(['expiresAt', 'name', 'scopes']);
    expect(fields.scopes).toContain('bogus');
    // The message lists what is valid.
    expect(fields.scopes).toContain('apikeys:write');
    expect(await gw.prisma.apiKey.count({ where: { workspaceId: workspace.id } })).toBe(1);
  });

  it('revokes by id; revoking again changes nothing', async () => {
    const gw = gateway();
    const { workspace, key } = await gw.workspace();
    const target = await gw.key(workspace.id, ['pipelines:read']);
    const { id } = await gw.prisma.apiKey.findFirstOrThrow({ where: { prefix: target.slice(0, 16) } });

    const first = await gw.graphql(REVOKE_KEY, { id }, key);
    expect(first.body.errors).toBeUndefined();
    const revokedAt = first.body.data?.revokeApiKey.revokedAt;
    expect(Date.parse(revokedAt)).toBeGreaterThan(Date.now() - 60_000);

    const second = await gw.graphql(REVOKE_KEY, { id }, key);
    expect(second.body.errors).toBeUndefined();
    expect(second.body.data?.revokeApiKey.revokedAt).toBe(revokedAt);
  });

  it('requires apikeys:read to list and apikeys:write to create or revoke', async () => {
    const gw = gateway();
    const { workspace, key: admin } = await gw.workspace();
    const reader = await gw.key(workspace.id, ['apikeys:read']);
    const stranger = await gw.key(workspace.id, ['opportunities:read', 'apikeys:write']);
    const forbidden = (response: Awaited<ReturnType<typeof gw.graphql>>, scope: string) => {
      expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', requiredScope: scope });
    };

    expect((await gw.graphql(LIST_KEYS, {}, reader)).body.errors).toBeUndefined();
    forbidden(await gw.graphql(LIST_KEYS, {}, stranger), 'apikeys:read');
    forbidden(
      await gw.graphql(CREATE_KEY, { input: { name: 'x', scopes: ['pipelines:read'] } }, reader),
      'apikeys:write',
    );

    const { id } = await gw.prisma.apiKey.findFirstOrThrow({ where: { prefix: admin.slice(0, 16) } });
    forbidden(await gw.graphql(REVOKE_KEY, { id }, reader), 'apikeys:write');
    expect(await gw.prisma.apiKey.count({ where: { workspaceId: workspace.id } })).toBe(3);
    expect((await gw.prisma.apiKey.findUniqueOrThrow({ where: { id } })).revokedAt).toBeNull();
  });

  it("keeps workspaces apart: another workspace's key id is NOT_FOUND like an unknown one", async () => {
    const gw = gateway();
    const a = await gw.workspace();
    const b = await gw.workspace();
    const { id: aKeyId } = await gw.prisma.apiKey.findFirstOrThrow({ where: { workspaceId: a.workspace.id } });

    const listed = await gw.graphql(LIST_KEYS, {}, b.key);
    expect(listed.body.data?.apiKeys.map((k: { prefix: string }) => k.prefix)).toEqual([b.key.slice(0, 16)]);

    const foreign = await gw.graphql(REVOKE_KEY, { id: aKeyId }, b.key);
    const unknown = await gw.graphql(REVOKE_KEY, { id: randomUUID() }, b.key);
    expect(foreign.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(foreign.body).toEqual(unknown.body);

    expect((await gw.prisma.apiKey.findUniqueOrThrow({ where: { id: aKeyId } })).revokedAt).toBeNull();
    expect((await gw.graphql(PIPELINES, {}, a.key)).body.errors).toBeUndefined();
  });
});
