// The GetRaze external API routes, through the same handler, schema and database as GraphQL.
import { describe, expect, it } from 'vitest';
import { useGateway, TEST_REQUEST_ID } from '../support/gateway.js';
import { rest } from '../support/rest.js';
import { GET, createOpportunity, dataOf } from './fixtures.js';

const gateway = useGateway();
const base = '/external/v1/opportunities';

describe('PATCH /external/v1/opportunities/:id/stage', () => {
  it('moves the stage and answers the documented envelope', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const created = await createOpportunity(gw, key, { name: 'John Doe' });
    const response = await rest(gw, 'PATCH', `${base}/${created.id}/stage`, { key, body: { status: 'won' } });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      success: true,
      data: {
        id: created.id,
        name: 'John Doe',
        status: 'won',
        won_at: expect.any(String),
        updated_at: expect.any(String),
      },
    });
    expect(response.body.data.lost_at).toBeNull();
    const history = dataOf(await gw.graphql(GET, { id: created.id }, key)).opportunity.history;
    expect(history.edges[0].node).toMatchObject({ source: 'rest', toStage: { key: 'won' } });
  });

  it('answers INVALID_STATUS with the valid values, VALIDATION_ERROR for a missing or non-string status, 404 for an unknown id', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const created = await createOpportunity(gw, key);
    const invalid = await rest(gw, 'PATCH', `${base}/${created.id}/stage`, { key, body: { status: 'archived' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ success: false, error: { code: 'INVALID_STATUS' } });
    expect(invalid.body.error.message).toContain('new, contacted, qualified, proposal, negotiation, won, lost');
    for (const body of [{}, { status: 7 }, { status: null }]) {
      const response = await rest(gw, 'PATCH', `${base}/${created.id}/stage`, { key, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error).toMatchObject({
        code: 'VALIDATION_ERROR',
        details: { fields: { status: expect.any(String) } },
      });
    }
    const missing = await rest(gw, 'PATCH', `${base}/opp_000000000000/stage`, { key, body: { status: 'won' } });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      success: false,
      error: { code: 'NOT_FOUND', message: 'Opportunity not found', details: { request_id: TEST_REQUEST_ID } },
    });
  });
});

describe('PUT /external/v1/opportunities/:id', () => {
  it('updates only the given fields and answers the documented fields', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const created = await createOpportunity(gw, key, {
      name: 'John Doe',
      email: 'john@example.com',
      company: 'Acme Inc',
      status: 'qualified',
    });
    const response = await rest(gw, 'PUT', `${base}/${created.id}`, {
      key,
      body: { deal_value: 100000, notes: 'Upgraded to enterprise package', position: 'CTO' },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      success: true,
      data: {
        id: created.id,
        name: 'John Doe',
        email: 'john@example.com',
        company: 'Acme Inc',
        status: 'qualified',
        deal_value: 100000,
        deal_currency: 'BRL',
        notes: 'Upgraded to enterprise package',
        position: 'CTO',
        updated_at: expect.any(String),
      },
    });
  });

  it('answers VALIDATION_ERROR with REST field names, writing nothing', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const created = await createOpportunity(gw, key);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ email: 'nope' }, 'email'],
      [{ deal_value: -1 }, 'deal_value'],
      [{ deal_value: 'abc' }, 'deal_value'],
      [{ deal_currency: 'ZZZ' }, 'deal_currency'],
      [{ responsible_user_id: 'usr_nobody' }, 'responsible_user_id'],
      [{ name: '' }, 'name'],
      [{ favourite_colour: 'blue' }, 'favourite_colour'],
      [{ dealValue: 5 }, 'dealValue'],
      [{ status: 'won' }, 'status'],
    ];
    for (const [body, field] of cases) {
      const response = await rest(gw, 'PUT', `${base}/${created.id}`, { key, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.success).toBe(false);
      expect(response.body.error.code, JSON.stringify(body)).toBe('VALIDATION_ERROR');
      expect(Object.keys(response.body.error.details.fields), JSON.stringify(response.body)).toEqual([field]);
    }
    const statusError = await rest(gw, 'PUT', `${base}/${created.id}`, { key, body: { status: 'won' } });
    expect(statusError.body.error.details.fields.status).toContain('/stage');
    expect((await gw.prisma.opportunity.findUniqueOrThrow({ where: { id: created.id } })).version).toBe(1);
    const missing = await rest(gw, 'PUT', `${base}/opp_000000000000`, { key, body: { notes: 'x' } });
    expect(missing.status).toBe(404);
  });
});

describe('the other opportunity routes', () => {
  it('creates (201, defaults), reads, lists with pagination and filters, deletes', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const created = await rest(gw, 'POST', base, { key, body: { name: 'Ana', deal_value: 10.5 } });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ name: 'Ana', status: 'new', deal_currency: 'BRL', deal_value: 10.5 });
    await rest(gw, 'POST', base, { key, body: { name: 'Bruno', status: 'won' } });
    await rest(gw, 'POST', base, { key, body: { name: 'Carla', status: 'won' } });
    expect((await rest(gw, 'POST', base, { key, body: { email: 'a@b.co' } })).body.error).toMatchObject({
      code: 'VALIDATION_ERROR',
      details: { fields: { name: expect.any(String) } },
    });

    const one = await rest(gw, 'GET', `${base}/${created.body.data.id}`, { key });
    expect(one.body).toEqual(created.body);
    expect((await rest(gw, 'GET', `${base}/opp_000000000000`, { key })).status).toBe(404);

    const list = await rest(gw, 'GET', `${base}?status=won&sort_by=name&sort_order=asc&limit=1&page=2`, { key });
    expect(list.status).toBe(200);
    expect(list.body.data.opportunities.map((o: { name: string }) => o.name)).toEqual(['Carla']);
    expect(list.body.data.pagination).toEqual({ page: 2, limit: 1, total: 2, total_pages: 2 });
    const defaults = await rest(gw, 'GET', base, { key });
    expect(defaults.body.data.pagination).toEqual({ page: 1, limit: 20, total: 3, total_pages: 1 });
    for (const query of ['limit=0', 'limit=101', 'limit=abc', 'page=0', 'sort_by=colour', 'sort_order=sideways']) {
      const bad = await rest(gw, 'GET', `${base}?${query}`, { key });
      expect(bad.status, query).toBe(400);
      expect(bad.body.error.code, query).toBe('VALIDATION_ERROR');
      expect(Object.keys(bad.body.error.details.fields), query).toEqual([query.split('=')[0]]);
    }

    const removed = await rest(gw, 'DELETE', `${base}/${created.body.data.id}`, { key });
    expect(removed.body).toEqual({ success: true, message: 'Opportunity deleted successfully' });
    expect((await rest(gw, 'DELETE', `${base}/${created.body.data.id}`, { key })).status).toBe(404);
  });
});

describe('REST failures before GraphQL', () => {
  it('answers malformed JSON, wrong content type, oversized bodies, unknown paths and wrong methods in the envelope', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const created = await createOpportunity(gw, key);
    const path = `${base}/${created.id}/stage`;
    const cases: Array<[Parameters<typeof rest>[3] & { method?: string; path?: string }, number, string]> = [
      [{ rawBody: '{"status": ', headers: { 'content-type': 'application/json' } }, 400, 'INVALID_JSON'],
      [
        { rawBody: 'status=won', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      [
        { rawBody: JSON.stringify({ status: 'x'.repeat(200_000) }), headers: { 'content-type': 'application/json' } },
        413,
        'PAYLOAD_TOO_LARGE',
      ],
      [{ path: '/external/v1/contacts' }, 404, 'NOT_FOUND'],
      [{ method: 'POST', body: {} }, 405, 'METHOD_NOT_ALLOWED'],
    ];
    for (const [options, status, code] of cases) {
      const response = await rest(gw, options.method ?? 'PATCH', options.path ?? path, { key, ...options });
      expect(response.status, code).toBe(status);
      expect(response.body).toMatchObject({
        success: false,
        error: { code, message: expect.any(String), details: expect.any(Object) },
      });
      expect(response.headers.get('content-type')).toContain('application/json');
    }
    expect((await gw.prisma.opportunity.findUniqueOrThrow({ where: { id: created.id } })).version).toBe(1);
  });

  it('authenticates by X-API-Key, Bearer or ?api_key=, with 401 codes and 403 naming the permission', async () => {
    const gw = gateway();
    const { key, workspace } = await gw.workspace();
    const created = await createOpportunity(gw, key);
    const path = `${base}/${created.id}`;
    expect((await rest(gw, 'GET', path, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    expect((await rest(gw, 'GET', `${path}?api_key=${key}`)).status).toBe(200);

    const missing = await rest(gw, 'GET', path);
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('MISSING_API_KEY');
    expect(missing.headers.get('www-authenticate')).toContain('Bearer');
    const invalid = await rest(gw, 'GET', path, { key: 'gr_live_unknownunknownunknownunknown0000' });
    expect(invalid.body.error.code).toBe('INVALID_API_KEY');
    expect(invalid.headers.get('www-authenticate')).toContain('invalid_token');

    const readOnly = await gw.key(workspace.id, ['opportunities:read']);
    const forbidden = await rest(gw, 'DELETE', path, { key: readOnly });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error).toMatchObject({
      code: 'INSUFFICIENT_PERMISSIONS',
      details: { required_permission: 'opportunities:delete' },
    });
    expect(forbidden.body.error.message).toContain('opportunities:delete');
  });
});
