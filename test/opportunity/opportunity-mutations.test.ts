import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.js';
import { CREATE, GET, UPDATE, createOpportunity, dataOf, onlyError } from './fixtures.js';

const gateway = useGateway();

describe('the writes’ answers', () => {
  it('load the relations a client selects: pipeline, stage and history', async () => {
    const gw = gateway();
    const { key, pipeline, stage } = await gw.workspace();
    const relations = `id pipeline { id name } stage { id key } history(first: 5) { totalCount edges { node { toStage { key } } } }`;
    const created = dataOf(
      await gw.graphql(
        `mutation($input: CreateOpportunityInput!) { createOpportunity(input: $input) { ${relations} } }`,
        {
          input: { name: 'Related' },
        },
        key,
      ),
    ).createOpportunity;
    expect(created).toMatchObject({ pipeline: { id: pipeline.id }, stage: { id: stage('new').id } });
    const moved = dataOf(
      await gw.graphql(
        `mutation($id: ID!) { moveOpportunityStage(id: $id, input: { status: "qualified" }) { ${relations} } }`,
        { id: created.id },
        key,
      ),
    ).moveOpportunityStage;
    expect(moved).toMatchObject({
      pipeline: { name: pipeline.name },
      stage: { key: 'qualified' },
      history: { totalCount: 1, edges: [{ node: { toStage: { key: 'qualified' } } }] },
    });
    const updated = dataOf(
      await gw.graphql(
        `mutation($id: ID!) { updateOpportunity(id: $id, input: { notes: "n" }) { ${relations} } }`,
        { id: created.id },
        key,
      ),
    ).updateOpportunity;
    expect(updated).toMatchObject({ stage: { key: 'qualified' }, history: { totalCount: 1 } });
  });
});

describe('createOpportunity', () => {
  it('enters the first stage of the default pipeline with defaults', async () => {
    const gw = gateway();
    const { key, pipeline, stage } = await gw.workspace();
    const created = await createOpportunity(gw, key, { email: 'jane@example.com', company: 'Acme Inc' });
    expect(created).toMatchObject({
      name: 'Jane Roe',
      email: 'jane@example.com',
      company: 'Acme Inc',
      status: 'new',
      stageId: stage('new').id,
      pipelineId: pipeline.id,
      dealCurrency: 'BRL',
      dealValue: null,
      version: 1,
      wonAt: null,
      lostAt: null,
    });
    expect(created.id).toMatch(/^opp_[a-z0-9]{12}$/);
  });

  it('keeps an exact deal value', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const created = await createOpportunity(gw, key, { dealValue: '100000.10', dealCurrency: 'USD' });
    expect(created).toMatchObject({ dealValue: '100000.10', dealCurrency: 'USD' });
    const fromNumber = await createOpportunity(gw, key, { dealValue: 100000.1 });
    expect(fromNumber.dealValue).toBe('100000.10');
    const row = await gw.prisma.opportunity.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.dealValue?.toFixed(2)).toBe('100000.10');
  });

  it('created straight into a won stage is stamped won', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const created = await createOpportunity(gw, key, { status: 'won' });
    expect(created.status).toBe('won');
    expect(created.wonAt).toBeTruthy();
  });

  it('answers per-field validation errors and writes nothing', async () => {
    const gw = gateway();
    const { key, workspace } = await gw.workspace();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: '' }, 'name'],
      [{ name: 'x'.repeat(256) }, 'name'],
      [{ email: 'not-an-email' }, 'email'],
      [{ dealValue: -1 }, 'dealValue'],
      [{ dealValue: '10.123' }, 'dealValue'],
      [{ dealValue: 'lots' }, 'dealValue'],
      [{ dealCurrency: 'XXY' }, 'dealCurrency'],
      [{ responsibleUserId: 'usr_nobody' }, 'responsibleUserId'],
      [{ unknownField: 1 }, 'unknownField'],
    ];
    for (const [input, field] of cases) {
      const error = onlyError(await gw.graphql(CREATE, { input: { name: 'Valid', ...input } }, key));
      expect(error.extensions?.code, JSON.stringify(input)).toBe('VALIDATION_ERROR');
      expect(Object.keys(error.extensions?.fields as object), JSON.stringify(input)).toContain(field);
    }
    expect(await gw.prisma.opportunity.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  it('rejects an unknown status with the valid values', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const error = onlyError(await gw.graphql(CREATE, { input: { name: 'X', status: 'archived' } }, key));
    expect(error.extensions).toMatchObject({ code: 'INVALID_STATUS' });
    expect(error.message).toContain('new, contacted, qualified, proposal, negotiation, won, lost');
  });

  it("accepts a responsible user of the workspace, not another workspace's", async () => {
    const gw = gateway();
    const a = await gw.workspace();
    const b = await gw.workspace();
    const user = await gw.prisma.user.create({
      data: { id: 'usr_a00000000001', workspaceId: a.workspace.id, name: 'Ana', email: 'ana@example.com' },
    });
    const created = await createOpportunity(gw, a.key, { responsibleUserId: user.id });
    expect(created.responsibleUserId).toBe(user.id);
    const error = onlyError(await gw.graphql(CREATE, { input: { name: 'X', responsibleUserId: user.id } }, b.key));
    expect(error.extensions).toMatchObject({
      code: 'VALIDATION_ERROR',
      fields: { responsibleUserId: expect.any(String) },
    });
  });
});

describe('updateOpportunity', () => {
  it('changes only the given fields, clears with null, bumps the version, keeps the stage', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const created = await createOpportunity(gw, key, {
      email: 'jane@example.com',
      phone: '+55 11 9999-0000',
      notes: 'first call',
      status: 'qualified',
    });
    const updated = dataOf(
      await gw.graphql(UPDATE, { id: created.id, input: { dealValue: 100000, notes: 'Upgraded', phone: null } }, key),
    ).updateOpportunity;
    expect(updated).toMatchObject({
      id: created.id,
      name: 'Jane Roe',
      email: 'jane@example.com',
      phone: null,
      notes: 'Upgraded',
      dealValue: '100000.00',
      status: 'qualified',
      stageId: created.stageId,
      stageChangedAt: created.stageChangedAt,
      version: 2,
    });
    expect(new Date(updated.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(created.updatedAt).getTime());
  });

  it('an update that changes nothing is a no-op: same version, same updatedAt', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const created = await createOpportunity(gw, key, { notes: 'keep', dealValue: '100.10', email: 'a@b.co' });
    for (const input of [{}, { notes: 'keep', name: 'Jane Roe' }, { dealValue: 100.1, email: 'a@b.co', phone: null }]) {
      const updated = dataOf(await gw.graphql(UPDATE, { id: created.id, input }, key)).updateOpportunity;
      expect(updated, JSON.stringify(input)).toEqual(created);
    }
    const changed = dataOf(
      await gw.graphql(UPDATE, { id: created.id, input: { notes: 'new', name: 'Jane Roe' } }, key),
    );
    expect(changed.updateOpportunity).toMatchObject({ notes: 'new', version: 2 });
  });

  it('refuses null for required fields and invalid values, writing nothing', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const created = await createOpportunity(gw, key);
    for (const input of [
      { name: null },
      { dealCurrency: null },
      { email: 'nope' },
      { dealValue: -5 },
      { name: '  ' },
    ]) {
      const error = onlyError(await gw.graphql(UPDATE, { id: created.id, input }, key));
      expect(error.extensions?.code, JSON.stringify(input)).toBe('VALIDATION_ERROR');
      expect(Object.keys(error.extensions?.fields as object)).toEqual(Object.keys(input));
    }
    const current = dataOf(await gw.graphql(GET, { id: created.id }, key)).opportunity;
    expect(current.version).toBe(1);
  });

  it('cannot change the stage', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const created = await createOpportunity(gw, key);
    const error = onlyError(await gw.graphql(UPDATE, { id: created.id, input: { status: 'won' } }, key));
    expect(error.extensions).toMatchObject({ code: 'VALIDATION_ERROR', fields: { status: expect.any(String) } });
  });

  it('answers NOT_FOUND for an unknown id', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const error = onlyError(await gw.graphql(UPDATE, { id: 'opp_doesnotexist', input: { notes: 'x' } }, key));
    expect(error.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('deleteOpportunity', () => {
  it('deletes with its history, then answers NOT_FOUND', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const created = await createOpportunity(gw, key);
    await gw.graphql(
      `mutation($id: ID!) { moveOpportunityStage(id: $id, input: {status: "won"}) { id } }`,
      { id: created.id },
      key,
    );
    const remove = `mutation($id: ID!) { deleteOpportunity(id: $id) { id name } }`;
    expect(dataOf(await gw.graphql(remove, { id: created.id }, key)).deleteOpportunity).toEqual({
      id: created.id,
      name: 'Jane Roe',
    });
    expect(dataOf(await gw.graphql(GET, { id: created.id }, key)).opportunity).toBeNull();
    expect(await gw.prisma.stageChange.count({ where: { opportunityId: created.id } })).toBe(0);
    expect(onlyError(await gw.graphql(remove, { id: created.id }, key)).extensions?.code).toBe('NOT_FOUND');
  });
});
