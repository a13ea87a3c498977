// The demo data: seeded into an empty database, usable at once with the development key, and the
// kept key the server prints at every embedded start.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddedDevKey, isEmpty, saveDevKey, seedDemo } from '../../src/demo-seed.js';
import { SCOPES } from '../../src/modules/api-key/scopes.js';
import { useGateway } from '../support/gateway.js';

const gateway = useGateway();
const tempDir = mkdtempSync(join(tmpdir(), 'gateway-seed-'));
const dataDir = join(tempDir, 'pglite');
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

let devKey = '';

describe('demo data', () => {
  it('seeds an empty database', async () => {
    const gw = gateway();
    expect(await isEmpty(gw.prisma)).toBe(true);
    const { workspace, key } = await seedDemo(gw.prisma, gw.services);
    expect(await isEmpty(gw.prisma)).toBe(false);
    expect(await gw.prisma.user.count({ where: { workspaceId: workspace.id } })).toBe(2);
    devKey = key;
  });

  it("answers the REST documentation's example opportunity with the development key", async () => {
    const response = await gateway().graphql(
      `query { opportunity(id: "opp_abc123def456") { name email company status dealCurrency responsibleUser { id } } }`,
      {},
      devKey,
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.opportunity).toEqual({
      name: 'John Doe',
      email: 'john@example.com',
      company: 'Acme Inc',
      status: 'qualified',
      dealCurrency: 'BRL',
      responsibleUser: { id: expect.stringMatching(/^usr_[a-z0-9]{12}$/) },
    });
  });

  it('spreads a dozen opportunities over every stage, closed ones dated', async () => {
    const response = await gateway().graphql(
      `query { opportunityPage(limit: 100) { totalCount nodes { status wonAt lostAt } } pipelines { stages { key } } }`,
      {},
      devKey,
    );
    expect(response.body.errors).toBeUndefined();
    const { opportunityPage, pipelines } = response.body.data ?? {};
    expect(opportunityPage.totalCount).toBe(12);
    const statuses = new Set(opportunityPage.nodes.map((node: { status: string }) => node.status));
    expect([...statuses].sort()).toEqual(pipelines[0].stages.map((stage: { key: string }) => stage.key).sort());
    for (const node of opportunityPage.nodes) {
      expect(node.wonAt !== null).toBe(node.status === 'won');
      expect(node.lostAt !== null).toBe(node.status === 'lost');
    }
  });

  it('gives the development key every scope', async () => {
    const response = await gateway().graphql(`query { apiKeys { scopes } }`, {}, devKey);
    expect(response.body.data?.apiKeys).toEqual([{ scopes: [...SCOPES] }]);
  });

  it('prints the kept key at a later start while it works, without seeding again', async () => {
    const gw = gateway();
    expect(await embeddedDevKey(gw.prisma, gw.services, dataDir)).toBeUndefined();

    saveDevKey(dataDir, devKey);
    const path = join(tempDir, 'dev-key.txt');
    expect(readFileSync(path, 'utf8').trim()).toBe(devKey);
    // Only its owner may read it.
    expect(statSync(path).mode & 0o077).toBe(0);
    expect(await embeddedDevKey(gw.prisma, gw.services, dataDir)).toEqual({ key: devKey, seeded: false, path });
    expect(await gw.prisma.workspace.count()).toBe(1);

    await gw.services.apiKeys.revoke((await gw.prisma.workspace.findFirstOrThrow()).id, devKey.slice(0, 16));
    expect(await embeddedDevKey(gw.prisma, gw.services, dataDir)).toBeUndefined();
  });
});
