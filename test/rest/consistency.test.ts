// REST and GraphQL are two doors to the same rules and rows: a mix of writes through both leaves
// one state, read the same through both, with each stage move recorded with the door it came in.
import { describe, expect, it } from 'vitest';
import { MOVE, UPDATE, dataOf } from '../opportunity/fixtures.js';
import { useGateway } from '../support/gateway.js';
import { rest } from '../support/rest.js';

const gateway = useGateway();
const base = '/external/v1/opportunities';

const READ = `query Read($id: ID!) { opportunity(id: $id) {
  id name email phone company jobTitle dealValue dealCurrency notes responsibleUserId status pipelineId stageId
  wonAt lostAt stageChangedAt version createdAt updatedAt
  history { edges { node { fromStage { key } toStage { key } source version } } } } }`;

describe('REST and GraphQL together', () => {
  it('agree on the state, the version and the stage history after writes through both', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();

    const created = await rest(gw, 'POST', base, {
      key,
      body: { name: 'Ana Souza', email: 'ana@example.com', deal_value: 1000, status: 'new' },
    });
    expect(created.status).toBe(201);
    const id: string = created.body.data.id;
    expect(created.body.data.version).toBe(1);

    const moved = dataOf(await gw.graphql(MOVE, { id, input: { status: 'qualified' } }, key)).moveOpportunityStage;
    expect([moved.status, moved.version]).toEqual(['qualified', 2]);

    const updated = await rest(gw, 'PUT', `${base}/${id}`, {
      key,
      body: { deal_value: 2500.5, notes: 'Sent through REST', position: 'CFO' },
    });
    expect([updated.status, updated.body.data.version, updated.body.data.status]).toEqual([200, 3, 'qualified']);

    const won = await rest(gw, 'PATCH', `${base}/${id}/stage`, { key, body: { status: 'won' } });
    expect([won.status, won.body.data.version, won.body.data.status]).toEqual([200, 4, 'won']);

    const edited = dataOf(
      await gw.graphql(UPDATE, { id, input: { company: 'Acme Ltda', dealCurrency: 'USD' } }, key),
    ).updateOpportunity;
    expect(edited.version).toBe(5);

    const viaRest = await rest(gw, 'GET', `${base}/${id}`, { key });
    expect(viaRest.status).toBe(200);
    const { history, ...viaGraphql } = dataOf(await gw.graphql(READ, { id }, key)).opportunity;

    expect(viaRest.body.data).toMatchObject({
      name: 'Ana Souza',
      email: 'ana@example.com',
      company: 'Acme Ltda',
      position: 'CFO',
      notes: 'Sent through REST',
      deal_value: 2500.5,
      deal_currency: 'USD',
      status: 'won',
      won_at: expect.any(String),
      lost_at: null,
      version: 5,
    });
    // Field by field, under each API's names.
    expect(viaRest.body.data).toEqual({
      id: viaGraphql.id,
      name: viaGraphql.name,
      email: viaGraphql.email,
      phone: viaGraphql.phone,
      company: viaGraphql.company,
      position: viaGraphql.jobTitle,
      status: viaGraphql.status,
      deal_value: Number(viaGraphql.dealValue),
      deal_currency: viaGraphql.dealCurrency,
      notes: viaGraphql.notes,
      responsible_user_id: viaGraphql.responsibleUserId,
      pipeline_id: viaGraphql.pipelineId,
      stage_id: viaGraphql.stageId,
      won_at: viaGraphql.wonAt,
      lost_at: viaGraphql.lostAt,
      stage_changed_at: viaGraphql.stageChangedAt,
      version: viaGraphql.version,
      created_at: viaGraphql.createdAt,
      updated_at: viaGraphql.updatedAt,
    });
    expect(viaGraphql.dealValue).toBe('2500.50');

    // Only stage moves are history, each with the door it came through and the version it made.
    expect(history.edges.map((edge: { node: unknown }) => edge.node)).toEqual([
      { fromStage: { key: 'new' }, toStage: { key: 'qualified' }, source: 'graphql', version: 2 },
      { fromStage: { key: 'qualified' }, toStage: { key: 'won' }, source: 'rest', version: 4 },
    ]);
  });
});
