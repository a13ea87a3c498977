// A route's typed document: TypeScript refuses a route that names a variable its document does not
// have, leaves out a required one or reads a field the document does not select (`npm run
// typecheck` fails on each @ts-expect-error below that stops being an error); at run time the
// route carries its operation's name, which it must have.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { graphql } from '../../src/rest/graphql.js';
import { defineRoute } from '../../src/rest/rest-route.js';

const GetStage = graphql(`
  query RestTestGetStage($id: ID!) {
    opportunityStage(id: $id) {
      id
      name
    }
  }
`);
const base = {
  method: 'GET',
  path: '/stages/:id',
  summary: 'Get a stage',
  scope: 'pipelines:read',
  docs: { response: z.object({}) },
} as const;

describe('defineRoute', () => {
  it('checks the variables by name and the data by the selection', () => {
    const route = defineRoute({
      ...base,
      operation: GetStage,
      variables: ({ params }) => ({ id: params.id }),
      respond: (data) => ({ name: data.opportunityStage?.name }),
    });
    expect(route.respond({ opportunityStage: { id: 'x', name: 'New' } })).toEqual({ name: 'New' });

    defineRoute({
      ...base,
      operation: GetStage,
      // @ts-expect-error -- the document's variable is `id`
      variables: ({ params }) => ({ stageId: params.id }),
      respond: (data) => data,
    });
    defineRoute({
      ...base,
      operation: GetStage,
      // @ts-expect-error -- `id` is required
      variables: () => ({}),
      respond: (data) => data,
    });
    defineRoute({
      ...base,
      operation: GetStage,
      variables: ({ params }) => ({ id: params.id }),
      // @ts-expect-error -- the document does not select `probability`
      respond: (data) => data.opportunityStage?.probability,
    });
  });

  it("names the route's operation, and refuses an operation without a name", () => {
    const route = defineRoute({ ...base, operation: GetStage, variables: () => ({ id: 'x' }), respond: () => ({}) });
    expect(route.operationName).toBe('RestTestGetStage');
    const anonymous = graphql(`
      query {
        pipelines {
          id
        }
      }
    `);
    expect(() => defineRoute({ ...base, operation: anonymous, variables: () => ({}), respond: () => ({}) })).toThrow(
      'the operation of GET /stages/:id has no name',
    );
  });
});
