// Queries and mutations run compiled by graphql-jit from a document's second execution
// (src/graphql/jit-execution.ts); where graphql-jit and graphql-js would answer differently, the
// answer is graphql-js'. Each case sends its document more than once, so the later answers come
// from the compiled document and must equal the first.
import { describe, expect, it } from 'vitest';
import { DEFAULT_COMPILE_ON_RUN } from '../../src/graphql/jit-execution.js';
import { useGateway } from '../support/gateway.js';

// As in production: graphql-js runs a document first, graphql-jit from its second run.
const gateway = useGateway({}, { compileOnRun: DEFAULT_COMPILE_ON_RUN });

const CREATE = `mutation($input: CreateOpportunityInput!) { createOpportunity(input: $input) { id } }`;

describe('compiled execution', () => {
  it('leaves out an input field whose variable the request left out, so a partial update keeps it', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const created = await gw.graphql(CREATE, { input: { name: 'Ada', notes: 'keep me', company: 'Acme' } }, key);
    const id = created.body.data?.createOpportunity.id as string;
    const update = `mutation($id: ID!, $notes: String, $company: String) {
      updateOpportunity(id: $id, input: { notes: $notes, company: $company }) { notes company }
    }`;

    for (const company of ['Initech', 'Globex', 'Hooli']) {
      const updated = await gw.graphql(update, { id, company }, key);
      expect(updated.body).toEqual({ data: { updateOpportunity: { notes: 'keep me', company } } });
    }
    const cleared = await gw.graphql(update, { id, notes: null, company: 'Umbrella' }, key);
    expect(cleared.body).toEqual({ data: { updateOpportunity: { notes: null, company: 'Umbrella' } } });
  });

  it("applies a required input field's default that the variables leave out", async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const create = `mutation($input: CreatePipelineInput!) {
      createPipeline(input: $input) { name isActive stages { key } }
    }`;
    for (const name of ['Renewals', 'Upsell', 'Partners']) {
      const created = await gw.graphql(create, { input: { name } }, key);
      expect(created.body.errors).toBeUndefined();
      expect(created.body.data?.createPipeline).toMatchObject({ name, isActive: true });
      expect(created.body.data?.createPipeline.stages.length).toBeGreaterThan(0);
    }
  });

  it('applies an optional input field default (the order direction) inside a variable', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    for (const name of ['A', 'B', 'C']) await gw.graphql(CREATE, { input: { name } }, key);
    const list = `query($orderBy: OpportunityOrder) { opportunities(first: 3, orderBy: $orderBy) { edges { node { name } } } }`;
    const names = async (orderBy: Record<string, string>) =>
      (
        (await gw.graphql(list, { orderBy }, key)).body.data?.opportunities.edges as Array<{ node: { name: string } }>
      ).map((edge) => edge.node.name);
    for (let run = 0; run < 2; run++) {
      expect(await names({ field: 'NAME' })).toEqual(['C', 'B', 'A']);
      expect(await names({ field: 'NAME', direction: 'ASC' })).toEqual(['A', 'B', 'C']);
    }
  });

  it("refuses bad variables in graphql-js' words, and locates a resolver's error in the document", async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    for (let run = 0; run < 3; run++) {
      const refused = await gw.graphql(CREATE, { input: { name: 'Ada', email: 'nope' } }, key);
      expect(refused.body.errors?.[0]?.extensions).toMatchObject({
        code: 'VALIDATION_ERROR',
        fields: { email: expect.stringContaining('nope') },
      });

      const anonymous = await gw.graphql(`{\n  pipelines { id }\n}`);
      // As graphql-js serialises it: errors first.
      expect(Object.keys(anonymous.body)).toEqual(['errors', 'data']);
      expect(anonymous.body.errors?.[0]).toMatchObject({
        path: ['pipelines'],
        locations: [{ line: 2, column: 3 }],
        extensions: { code: 'UNAUTHENTICATED' },
      });
    }
  });
});
