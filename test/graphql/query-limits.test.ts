// What one GraphQL request may ask for: each limit refuses before anything runs, with a code that
// names it and the limit's value; queries within the limits, GraphiQL's introspection with a key
// among them, still work. Introspection and suggestions need a valid key.
import { getIntrospectionQuery } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DEFAULT_QUERY_LIMITS } from '../../src/graphql/query-limits.js';
import { useGateway, type GraphQLResponse } from '../support/gateway.js';

const gateway = useGateway();

function expectRefusal(response: GraphQLResponse, code: string, limit: number) {
  expect(response.body.data ?? undefined).toBeUndefined();
  expect(response.body.errors?.map((error) => error.extensions)).toEqual([expect.objectContaining({ code, limit })]);
  expect(response.body.errors?.[0]?.message).toContain(String(limit));
}

/** `opportunity { pipeline { stages { pipeline { stages … } } } }`, `levels` pipeline/stages pairs deep. */
function nested(levels: number): string {
  let selection = 'id';
  for (let i = 0; i < levels; i++) selection = `pipeline { stages { ${selection} } }`;
  return `query Deep($id: ID!) { opportunity(id: $id) { ${selection} } }`;
}

const CREATE = `mutation Create($input: CreateOpportunityInput!) {
  createOpportunity(input: $input) { id history(first: 5000) { edges { node { id } } } }
}`;

describe('query limits', () => {
  it('refuses a query nested deeper than the limit (QUERY_TOO_DEEP), and answers one within it', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const within = await gw.graphql(nested(2), { id: '00000000-0000-4000-8000-000000000000' }, key);
    expect(within.body.errors).toBeUndefined();
    expectRefusal(
      await gw.graphql(nested(3), { id: '00000000-0000-4000-8000-000000000000' }, key),
      'QUERY_TOO_DEEP',
      DEFAULT_QUERY_LIMITS.depth,
    );
  });

  it('refuses more aliases than the limit (TOO_MANY_ALIASES)', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: pipelines { id }`).join(' ')} }`;
    expect((await gw.graphql(aliases(DEFAULT_QUERY_LIMITS.aliases), {}, key)).body.errors).toBeUndefined();
    expectRefusal(
      await gw.graphql(aliases(DEFAULT_QUERY_LIMITS.aliases + 1), {}, key),
      'TOO_MANY_ALIASES',
      DEFAULT_QUERY_LIMITS.aliases,
    );
  });

  it('refuses more tokens than the limit (TOO_MANY_TOKENS) and more directives (TOO_MANY_DIRECTIVES)', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    expectRefusal(
      await gw.graphql(`{ pipelines { ${'id '.repeat(1000)} } }`, {}, key),
      'TOO_MANY_TOKENS',
      DEFAULT_QUERY_LIMITS.tokens,
    );
    const directives = `{ pipelines { ${'... @include(if: true) { id } '.repeat(DEFAULT_QUERY_LIMITS.directives + 1)} } }`;
    expectRefusal(await gw.graphql(directives, {}, key), 'TOO_MANY_DIRECTIVES', DEFAULT_QUERY_LIMITS.directives);
  });

  it('refuses a document longer than the limit before parsing it (QUERY_TOO_LARGE), even of 1 MB', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const padded = (length: number) => `{ pipelines { id } }\n#${'x'.repeat(length)}`;
    expect((await gw.graphql(padded(DEFAULT_QUERY_LIMITS.characters - 30), {}, key)).body.errors).toBeUndefined();
    expectRefusal(
      await gw.graphql(padded(DEFAULT_QUERY_LIMITS.characters), {}, key),
      'QUERY_TOO_LARGE',
      DEFAULT_QUERY_LIMITS.characters,
    );
    expectRefusal(await gw.graphql(padded(1_000_000), {}, key), 'QUERY_TOO_LARGE', DEFAULT_QUERY_LIMITS.characters);
  });

  it('counts the page sizes the variables ask for (QUERY_TOO_COMPLEX), request by request', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const query = `query Page($first: Int!) {
      opportunities(first: $first) { edges { node { id pipeline { stages { id name } } } } }
    }`;
    expect((await gw.graphql(query, { first: 10 }, key)).body.errors).toBeUndefined();
    expectRefusal(await gw.graphql(query, { first: 1000 }, key), 'QUERY_TOO_COMPLEX', DEFAULT_QUERY_LIMITS.cost);
    // The same document again with a small page: the refusal is not remembered for the document.
    expect((await gw.graphql(query, { first: 10 }, key)).body.errors).toBeUndefined();
  });

  it('refuses again a document whose cost no variable changes (its verdict is kept per document)', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const fixed = `query Fixed($id: ID!) {
      opportunity(id: $id) { id }
      opportunities(first: 1000) { edges { node { id pipeline { stages { id name } } } } }
    }`;
    for (const id of ['opp_aaaaaaaaaaaa', 'opp_bbbbbbbbbbbb']) {
      expectRefusal(await gw.graphql(fixed, { id }, key), 'QUERY_TOO_COMPLEX', DEFAULT_QUERY_LIMITS.cost);
    }
  });

  it('refuses a mutation over the cost before it runs: nothing is written', async () => {
    const gw = gateway();
    const { key, workspace } = await gw.workspace();
    const before = await gw.prisma.opportunity.count({ where: { workspaceId: workspace.id } });
    expectRefusal(
      await gw.graphql(CREATE, { input: { name: 'Costly' } }, key),
      'QUERY_TOO_COMPLEX',
      DEFAULT_QUERY_LIMITS.cost,
    );
    expect(await gw.prisma.opportunity.count({ where: { workspaceId: workspace.id } })).toBe(before);
  });

  it('says the refusal in pt-BR when asked', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const response = await gw.graphql(nested(5), { id: 'x' }, key, { 'accept-language': 'pt-BR' });
    expect(response.body.errors?.[0]?.message).toBe(
      `A consulta tem mais de ${DEFAULT_QUERY_LIMITS.depth} niveis de aninhamento`,
    );
  });
});

describe('introspection and suggestions', () => {
  it('answers introspection to a valid key only; __typename stays free', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const introspection = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      inputValueDeprecation: true,
    });
    const withKey = await gw.graphql(introspection, {}, key);
    expect(withKey.body.errors).toBeUndefined();
    expect(withKey.body.data?.__schema).toBeDefined();

    for (const badKey of [undefined, 'gr_live_not_a_key']) {
      const refused = await gw.graphql(introspection, {}, badKey);
      expect(refused.body.data ?? undefined).toBeUndefined();
      expect(refused.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const typeQuery = await gw.graphql('{ __type(name: "Opportunity") { name } }', {}, badKey);
      expect(typeQuery.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    expect((await gw.graphql('{ __typename }')).body).toEqual({ data: { __typename: 'Query' } });
  });

  it('suggests field names to a valid key only', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const withKey = await gw.graphql('{ pipelinez { id } }', {}, key);
    expect(withKey.body.errors?.[0]?.message).toContain('Did you mean "pipeline", "pipelines"');
    const without = await gw.graphql('{ pipelinez { id } }');
    expect(without.body.errors?.[0]?.message).toBe('Cannot query field "pipelinez" on type "Query".');
  });
});

describe('strings that reach SQL', () => {
  it('refuses a search longer than 200 characters as a VALIDATION_ERROR naming the field', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const query =
      'query Search($search: String) { opportunities(first: 5, filter: { search: $search }) { edges { node { id } } } }';
    expect((await gw.graphql(query, { search: 'a'.repeat(200) }, key)).body.errors).toBeUndefined();
    const refused = await gw.graphql(query, { search: 'a'.repeat(201) }, key);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(JSON.stringify(refused.body.errors?.[0]?.extensions?.fields)).toContain('search');
  });
});
