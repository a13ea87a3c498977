// A database that goes away mid-life: requests answer 503 DATABASE_UNAVAILABLE (never a masked
// 500), /ready answers 503, and the process carries on.
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/services.js';
import { createWorkspace } from '../../src/modules/workspace/workspace.service.js';
import { createGateway } from '../../src/yoga.js';
import { openTestDatabase, type TestDatabase } from '../support/database.js';

let database: TestDatabase | undefined;
afterAll(async () => {
  await database?.drop().catch(() => {});
});

describe('when the database goes away', () => {
  it('answers 503 DATABASE_UNAVAILABLE on GraphQL and REST, and /ready 503', async () => {
    database = await openTestDatabase();
    const services = createServices(database.db);
    const yoga = createGateway({ db: database.db, services, logging: false });
    const { workspace } = await createWorkspace(database.db.prisma, 'Doomed');
    const { rawKey } = await services.apiKeys.create({
      workspaceId: workspace.id,
      name: 'k',
      scopes: ['opportunities:read'],
    });
    const query = () =>
      yoga.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${rawKey}` },
        body: JSON.stringify({ query: '{ opportunities { totalCount } }' }),
      });
    expect((await query()).status).toBe(200);

    if (database.url) {
      // PostgreSQL: the database is dropped under the gateway's pool.
      const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE "${new URL(database.url).pathname.slice(1)}" WITH (FORCE)`);
      await admin.end();
    } else {
      await database.db.close();
    }

    const graphql = await query();
    expect(graphql.status).toBe(503);
    expect(
      ((await graphql.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code,
    ).toBe('DATABASE_UNAVAILABLE');
    // A key this instance has not cached needs the database to authenticate: 503 as well.
    const uncached = await yoga.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer gr_live_notcachednotcachednotcachednotcached00',
      },
      body: JSON.stringify({ query: '{ opportunities { totalCount } }' }),
    });
    expect(uncached.status).toBe(503);
    const rest = await yoga.fetch('http://gateway.test/external/v1/opportunities', {
      headers: { 'x-api-key': rawKey },
    });
    expect(rest.status).toBe(503);
    expect(await rest.json()).toMatchObject({ success: false, error: { code: 'SERVICE_UNAVAILABLE' } });
    expect((await yoga.fetch('http://gateway.test/ready')).status).toBe(503);
    await yoga.dispose();
  });
});
