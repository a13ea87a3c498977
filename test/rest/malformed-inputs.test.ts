// Client mistakes that used to answer 500 or a masked INTERNAL_SERVER_ERROR: each is now refused
// at its entry point with 400 VALIDATION_ERROR naming the field, in the API's envelope, and writes
// nothing. Data exceptions that still reach the database are recognised as the client's too.
import { describe, expect, it } from 'vitest';
import { isDataException } from '../../src/db/errors.js';
import { createOpportunity, CREATE, onlyError } from '../opportunity/fixtures.js';
import { TEST_REQUEST_ID, useGateway } from '../support/gateway.js';
import { rest } from '../support/rest.js';

const gateway = useGateway();
const base = '/external/v1/opportunities';

describe('REST', () => {
  it('answers a malformed percent-escape in a path id with 400 naming the parameter, in each API envelope', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const getraze = await rest(gw, 'PATCH', `${base}/%ZZ/stage`, { key, body: { status: 'won' } });
    expect(getraze.status).toBe(400);
    expect(getraze.body).toEqual({
      success: false,
      error: {
        code: 'VALIDATION_ERROR',
        message: 'Invalid field values',
        details: { fields: { id: 'The path has a malformed percent-escape' }, request_id: TEST_REQUEST_ID },
      },
    });
    const ruddr = await rest(gw, 'GET', '/api/workspace/opportunity-stages/%E0%A4%A', {
      headers: { authorization: `Bearer ${key}`, 'accept-language': 'pt-BR' },
    });
    expect(ruddr.status).toBe(400);
    expect(ruddr.body).toMatchObject({
      status: 400,
      errors: [{ field: 'id', message: 'O caminho tem um escape de porcentagem malformado' }],
    });
  });

  it('refuses deal values beyond the column and malformed responsible user ids, writing nothing', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const created = await createOpportunity(gw, key, { dealValue: '10.00' });
    for (const [body, field] of [
      [{ deal_value: 1e308 }, 'deal_value'],
      [{ deal_value: '12345678901234567890.12' }, 'deal_value'],
      [{ deal_value: '10000000000000000' }, 'deal_value'],
      [{ deal_value: -0.01 }, 'deal_value'],
      [{ deal_value: 1.001 }, 'deal_value'],
      [{ responsible_user_id: 'u'.repeat(10_000) }, 'responsible_user_id'],
      [{ responsible_user_id: `usr_${'a'.repeat(29)}` }, 'responsible_user_id'],
    ] as const) {
      const response = await rest(gw, 'PUT', `${base}/${created.id}`, { key, body });
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(Object.keys(response.body.error.details.fields)).toEqual([field]);
    }
    const listed = await rest(gw, 'GET', `${base}?responsible_user_id=${'u'.repeat(10_000)}`, { key });
    expect(listed.status).toBe(400);
    expect(Object.keys(listed.body.error.details.fields)).toEqual(['responsible_user_id']);
    const row = await gw.prisma.opportunity.findUniqueOrThrow({ where: { id: created.id } });
    expect([row.version, row.dealValue?.toString()]).toEqual([created.version, '10']);

    const largest = await rest(gw, 'PUT', `${base}/${created.id}`, {
      key,
      body: { deal_value: '9999999999999999.99' },
    });
    expect(largest.status).toBe(200);
    const stored = await gw.prisma.opportunity.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored.dealValue?.toFixed(2)).toBe('9999999999999999.99');
  });
});

describe('GraphQL', () => {
  it('refuses ids that cannot exist in filters and in createOpportunity with VALIDATION_ERROR naming the field', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const list = `query List($filter: OpportunityFilter) { opportunities(filter: $filter) { totalCount } }`;
    for (const [filter, field, message] of [
      [{ stageId: 'nope' }, 'filter.stageId', 'Must be a UUID'],
      [{ pipelineId: '00000000-0000-0000-0000-00000000000g' }, 'filter.pipelineId', 'Must be a UUID'],
      [
        { responsibleUserId: 'u'.repeat(10_000) },
        'filter.responsibleUserId',
        'Must be a user id (usr_ and at most 28 lowercase letters or digits)',
      ],
    ] as const) {
      const error = onlyError(await gw.graphql(list, { filter }, key));
      expect(error.extensions).toEqual({
        code: 'VALIDATION_ERROR',
        fields: { [field]: message },
        requestId: TEST_REQUEST_ID,
      });
    }
    const before = await gw.prisma.opportunity.count();
    for (const [input, field] of [
      [{ pipelineId: 'nope' }, 'pipelineId'],
      [{ stageId: 'nope' }, 'stageId'],
      [{ dealValue: '99999999999999999.99' }, 'dealValue'],
    ] as const) {
      const error = onlyError(await gw.graphql(CREATE, { input: { name: 'Jane', ...input } }, key));
      expect(error.extensions?.code).toBe('VALIDATION_ERROR');
      expect(Object.keys(error.extensions?.fields as object)).toEqual([field]);
    }
    expect(await gw.prisma.opportunity.count()).toBe(before);
  });
});

describe('malformed ids in GraphQL id arguments', () => {
  const byId = {
    opportunity: `query Q($id: ID!) { opportunity(id: $id) { id } }`,
    updateOpportunity: `mutation M($id: ID!) { updateOpportunity(id: $id, input: { notes: "x" }) { id } }`,
    moveOpportunityStage: `mutation M($id: ID!) { moveOpportunityStage(id: $id, input: { status: "won" }) { id } }`,
    deleteOpportunity: `mutation M($id: ID!) { deleteOpportunity(id: $id) { id } }`,
    pipeline: `query Q($id: ID!) { pipeline(id: $id) { id } }`,
    opportunityStage: `query Q($id: ID!) { opportunityStage(id: $id) { id } }`,
    updatePipeline: `mutation M($id: ID!) { updatePipeline(id: $id, input: { name: "x" }) { id } }`,
    updateOpportunityStage: `mutation M($id: ID!) { updateOpportunityStage(id: $id, input: { name: "x" }) { id } }`,
  };
  const MALFORMED = [
    'garbage',
    'opp_',
    'opp_ABC123DEF456',
    `opp_${'a'.repeat(29)}`,
    '00000000-0000-0000-0000-00000000000g',
  ];

  it('answer VALIDATION_ERROR naming the argument (after the key is checked), writing nothing', async () => {
    const gw = gateway();
    const { key, pipeline } = await gw.workspace();
    const before = await gw.prisma.pipeline.findUniqueOrThrow({ where: { id: pipeline.id } });
    for (const [field, document] of Object.entries(byId)) {
      const takesOpportunityId = /^(opportunity|updateOpportunity|moveOpportunityStage|deleteOpportunity)$/.test(field);
      for (const id of MALFORMED.filter((value) => takesOpportunityId || !value.startsWith('opp_'))) {
        const response = await gw.graphql(document, { id }, key, { 'accept-language': 'pt-BR' });
        const error = onlyError(response);
        expect(error.extensions, `${field}(${id})`).toEqual({
          code: 'VALIDATION_ERROR',
          reason: 'MALFORMED_ID',
          argument: 'id',
          fields: {
            id: takesOpportunityId
              ? 'Deve ser um id de oportunidade (opp_ e no maximo 28 letras minusculas ou digitos)'
              : 'Deve ser um UUID',
          },
          requestId: TEST_REQUEST_ID,
        });
        expect(error.path).toEqual([field]);
      }
      expect(onlyError(await gw.graphql(document, { id: 'garbage' }, 'gr_live_wrong')).extensions?.code).toBe(
        'UNAUTHENTICATED',
      );
    }
    expect(await gw.prisma.pipeline.findUniqueOrThrow({ where: { id: pipeline.id } })).toEqual(before);
  });

  it('keep their REST answers: 404 for a malformed path id, 400 for the body it came with, 401 without a key', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const notFound = {
      success: false,
      error: { code: 'NOT_FOUND', message: 'Oportunidade nao encontrada', details: { request_id: TEST_REQUEST_ID } },
    };
    for (const id of ['garbage', 'opp_ABC123DEF456', encodeURIComponent('x'.repeat(300))]) {
      for (const [method, path, body] of [
        ['GET', `${base}/${id}`, undefined],
        ['PUT', `${base}/${id}`, { notes: 'x' }],
        ['PATCH', `${base}/${id}/stage`, { status: 'won' }],
        ['DELETE', `${base}/${id}`, undefined],
      ] as const) {
        const headers = { 'accept-language': 'pt-BR' };
        const missing = await rest(gw, method, path, { key, body, headers });
        expect([missing.status, missing.body], `${method} ${path}`).toEqual([404, notFound]);
        expect((await rest(gw, method, path, { body })).status).toBe(401);
      }
      const invalid = await rest(gw, 'PUT', `${base}/${id}`, { key, body: { deal_value: -5 } });
      expect(invalid.status).toBe(400);
      expect(Object.keys(invalid.body.error.details.fields)).toEqual(['deal_value']);
    }
  });
});

describe('data exceptions that reach the database', () => {
  it('are recognised from the real errors of this database (string too long, numeric out of range, bad uuid)', async () => {
    const gw = gateway();
    const { key, workspace } = await gw.workspace();
    const created = await createOpportunity(gw, key);
    const failures = await Promise.all([
      gw.prisma.opportunity
        .update({ where: { id: created.id }, data: { name: 'x'.repeat(300) } })
        .catch((e: unknown) => e),
      gw.prisma.$executeRaw`UPDATE opportunity SET deal_value = 1e20 WHERE id = ${created.id}`.catch((e: unknown) => e),
      gw.prisma.$queryRaw`SELECT ${'nope'}::uuid`.catch((e: unknown) => e),
      gw.prisma.pipeline.findFirst({ where: { id: 'nope', workspaceId: workspace.id } }).catch((e: unknown) => e),
    ]);
    for (const failure of failures) expect(isDataException(failure), String(failure)).toBe(true);
    expect(isDataException(new Error('connection terminated'))).toBe(false);
  });
});
