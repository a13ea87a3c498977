// Who may see and change what: scopes, missing keys, and workspace isolation.
import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.js';
import { CREATE, GET, MOVE, UPDATE, createOpportunity, dataOf, onlyError } from './fixtures.js';

const gateway = useGateway();
const DELETE = `mutation($id: ID!) { deleteOpportunity(id: $id) { id } }`;

describe('opportunity access', () => {
  it('without a key every operation is UNAUTHENTICATED', async () => {
    const gw = gateway();
    const error = onlyError(await gw.graphql(CREATE, { input: { name: 'X' } }));
    expect(error.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'MISSING_API_KEY' });
    const bad = onlyError(await gw.graphql(GET, { id: 'opp_x' }, 'gr_live_not-a-real-key-000000000000000000'));
    expect(bad.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'INVALID_API_KEY' });
  });

  it('each operation needs its scope and names it when missing', async () => {
    const gw = gateway();
    const { key, workspace } = await gw.workspace();
    const created = await createOpportunity(gw, key);
    const readOnly = await gw.key(workspace.id, ['opportunities:read']);
    const writeOnly = await gw.key(workspace.id, ['opportunities:write']);

    expect(dataOf(await gw.graphql(GET, { id: created.id }, readOnly)).opportunity.id).toBe(created.id);
    for (const [query, variables] of [
      [CREATE, { input: { name: 'X' } }],
      [UPDATE, { id: created.id, input: { notes: 'x' } }],
      [MOVE, { id: created.id, input: { status: 'won' } }],
    ] as const) {
      const error = onlyError(await gw.graphql(query, variables, readOnly));
      expect(error.extensions).toMatchObject({ code: 'FORBIDDEN', requiredScope: 'opportunities:write' });
    }
    expect(onlyError(await gw.graphql(GET, { id: created.id }, writeOnly)).extensions).toMatchObject({
      code: 'FORBIDDEN',
      requiredScope: 'opportunities:read',
    });
    expect(onlyError(await gw.graphql(DELETE, { id: created.id }, writeOnly)).extensions).toMatchObject({
      code: 'FORBIDDEN',
      requiredScope: 'opportunities:delete',
    });
    const unchanged = await gw.prisma.opportunity.findUniqueOrThrow({ where: { id: created.id } });
    expect(unchanged.version).toBe(1);
  });

  it("another workspace's id answers exactly like an id that does not exist", async () => {
    const gw = gateway();
    const a = await gw.workspace();
    const b = await gw.workspace();
    const created = await createOpportunity(gw, a.key);

    expect(dataOf(await gw.graphql(GET, { id: created.id }, b.key)).opportunity).toBeNull();
    for (const [query, variables] of [
      [UPDATE, { input: { notes: 'x' } }],
      [MOVE, { input: { status: 'won' } }],
      [DELETE, {}],
    ] as const) {
      const theirs = onlyError(await gw.graphql(query, { ...variables, id: created.id }, b.key));
      const missing = onlyError(await gw.graphql(query, { ...variables, id: 'opp_000000000000' }, b.key));
      expect(theirs.extensions).toEqual(missing.extensions);
      expect(theirs.message).toBe(missing.message);
    }
    const list = dataOf(await gw.graphql(`{ opportunities { totalCount edges { node { id } } } }`, {}, b.key));
    expect(list.opportunities.totalCount).toBe(0);
    const summary = onlyError(
      await gw.graphql(`query($p: ID!) { pipelineSummary(pipelineId: $p) { count } }`, { p: a.pipeline.id }, b.key),
    );
    expect(summary.extensions?.code).toBe('NOT_FOUND');
    expect((await gw.prisma.opportunity.findUniqueOrThrow({ where: { id: created.id } })).version).toBe(1);
  });
});

describe('opportunity queries', () => {
  it('lists with filters, search, order, pages and a total count', async () => {
    const gw = gateway();
    const { key, stage } = await gw.workspace();
    await createOpportunity(gw, key, { name: 'Alpha', company: 'Acme Inc', dealValue: 300 });
    await createOpportunity(gw, key, { name: 'Bravo', email: 'bravo@acme.io', dealValue: 100, status: 'won' });
    await createOpportunity(gw, key, { name: 'Charlie', dealValue: 200, status: 'won' });

    const LIST = `query($filter: OpportunityFilter, $orderBy: OpportunityOrder, $first: Int, $after: String) {
      opportunities(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { name status } } } }`;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a response shape
    const names = (data: Record<string, any>) =>
      data.opportunities.edges.map((edge: { node: { name: string } }) => edge.node.name);

    const won = dataOf(
      await gw.graphql(LIST, { filter: { status: 'won' }, orderBy: { field: 'NAME', direction: 'ASC' } }, key),
    );
    expect(names(won)).toEqual(['Bravo', 'Charlie']);
    expect(won.opportunities.totalCount).toBe(2);
    const byStage = dataOf(await gw.graphql(LIST, { filter: { stageId: stage('new').id } }, key));
    expect(names(byStage)).toEqual(['Alpha']);
    const search = dataOf(
      await gw.graphql(LIST, { filter: { search: 'ACME' }, orderBy: { field: 'NAME', direction: 'ASC' } }, key),
    );
    expect(names(search)).toEqual(['Alpha', 'Bravo']);
    const byValue = dataOf(await gw.graphql(LIST, { orderBy: { field: 'DEAL_VALUE', direction: 'DESC' } }, key));
    expect(names(byValue)).toEqual(['Alpha', 'Charlie', 'Bravo']);

    const first = dataOf(await gw.graphql(LIST, { first: 2, orderBy: { field: 'NAME', direction: 'ASC' } }, key));
    expect(names(first)).toEqual(['Alpha', 'Bravo']);
    expect(first.opportunities.pageInfo.hasNextPage).toBe(true);
    const rest = dataOf(
      await gw.graphql(
        LIST,
        { first: 2, after: first.opportunities.pageInfo.endCursor, orderBy: { field: 'NAME', direction: 'ASC' } },
        key,
      ),
    );
    expect(names(rest)).toEqual(['Charlie']);

    const PAGE = `query($page: Int, $limit: Int) { opportunityPage(page: $page, limit: $limit, orderBy: {field: NAME, direction: ASC}) {
      totalCount page limit nodes { name } } }`;
    expect(dataOf(await gw.graphql(PAGE, { page: 2, limit: 2 }, key)).opportunityPage).toEqual({
      totalCount: 3,
      page: 2,
      limit: 2,
      nodes: [{ name: 'Charlie' }],
    });
    const badLimit = onlyError(await gw.graphql(PAGE, { page: 1, limit: 101 }, key));
    expect(badLimit.extensions).toMatchObject({ code: 'VALIDATION_ERROR', fields: { limit: expect.any(String) } });
  });

  it('refuses connection arguments it cannot honour as VALIDATION_ERROR naming them, where they were given', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    await createOpportunity(gw, key);
    const LIST = `query($first: Int, $last: Int, $before: String, $after: String) {
      opportunities(first: $first, last: $last, before: $before, after: $after) { totalCount } }`;
    const cases: Array<[Record<string, unknown>, string, Record<string, string>]> = [
      [
        { first: -1 },
        'Argument "first" must be a non-negative integer',
        { first: 'Argument "first" must be a non-negative integer' },
      ],
      [
        { before: 'x', first: 2 },
        'Arguments "before" and "first" are not supported at the same time',
        {
          before: 'Arguments "before" and "first" are not supported at the same time',
          first: 'Arguments "before" and "first" are not supported at the same time',
        },
      ],
      [{ after: 'not-a-cursor' }, 'Invalid cursor: not-a-cursor', {}],
    ];
    for (const [variables, message, fields] of cases) {
      const error = onlyError(await gw.graphql(LIST, variables, key));
      expect(error, JSON.stringify(variables)).toMatchObject({
        message,
        path: ['opportunities'],
        extensions: { code: 'VALIDATION_ERROR', fields },
      });
    }
  });

  it('summarises a pipeline per stage: count, total and probability-weighted value', async () => {
    const gw = gateway();
    const { key, pipeline } = await gw.workspace();
    await createOpportunity(gw, key, { dealValue: '1000.10', status: 'proposal' });
    await createOpportunity(gw, key, { dealValue: '500', status: 'proposal' });
    await createOpportunity(gw, key, { dealValue: '300', status: 'proposal', dealCurrency: 'USD' });
    await createOpportunity(gw, key, { status: 'new' });
    const data = dataOf(
      await gw.graphql(
        `query($p: ID!) { pipelineSummary(pipelineId: $p) { stage { key } count totals { currency count totalValue weightedValue } } }`,
        { p: pipeline.id },
        key,
      ),
    );
    const byKey = Object.fromEntries(
      data.pipelineSummary.map((row: { stage: { key: string } }) => [row.stage.key, row]),
    );
    expect(data.pipelineSummary).toHaveLength(7);
    expect(byKey.proposal).toEqual({
      stage: { key: 'proposal' },
      count: 3,
      totals: [
        { currency: 'BRL', count: 2, totalValue: '1500.10', weightedValue: '900.06' },
        { currency: 'USD', count: 1, totalValue: '300.00', weightedValue: '180.00' },
      ],
    });
    expect(byKey.new).toEqual({
      stage: { key: 'new' },
      count: 1,
      totals: [{ currency: 'BRL', count: 1, totalValue: '0.00', weightedValue: '0.00' }],
    });
    expect(byKey.won.count).toBe(0);
  });
});
