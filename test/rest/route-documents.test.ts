// The gateway is built only when every REST route's GraphQL document fits the schema: a route
// that misspells a field stops createGateway, instead of answering each client a 400.
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RestRoute } from '../../src/rest/rest-route.js';
import { getRazeApi } from '../../src/vendors/getraze/getraze-api.js';
import { restApis } from '../../src/vendors/apis.js';
import { createGateway } from '../../src/yoga.js';
import { useGateway } from '../support/gateway.js';

const gateway = useGateway();

const misspelled: RestRoute = {
  method: 'GET',
  path: '/opportunities/:id/name',
  summary: 'Get an opportunity name',
  scope: 'opportunities:read',
  operation: parse('query RestGetOpportunityName($id: ID!) { opportunity(id: $id) { nmae } }'),
  operationName: 'RestGetOpportunityName',
  variables: ({ params }) => ({ id: params.id }),
  respond: (data) => data,
  docs: { response: z.object({}) },
};

describe('route documents', () => {
  it('refuses to build a gateway with a route whose document does not fit the schema', () => {
    const { db, services } = gateway();
    const apis = [...restApis, { ...getRazeApi([misspelled]), basePath: '/external/v2' }];
    expect(() => createGateway({ db, services, apis, logging: false })).toThrow(
      'GetRaze external API v1, GET /opportunities/:id/name: the GraphQL document does not fit the schema: ' +
        'Cannot query field "nmae" on type "Opportunity". Did you mean "name"?',
    );
  });

  it('builds the gateway with every route of the served APIs', async () => {
    const { db, services } = gateway();
    const built = createGateway({ db, services, apis: restApis, logging: false });
    await built.dispose();
    expect(restApis.flatMap((api) => api.routes).length).toBeGreaterThan(0);
  });
});
