// What the bench sends: the raw server's two statements, the gateway's two write statements sent
// bare, and the gateway's four ways to move an opportunity or update it, each a random
// opportunity with a random open stage or note.
import type { Fixture } from './fixture.js';
import type { RequestPlan } from './load.js';

export type Kind = 'move' | 'update';

export interface NamedPlan {
  name: string;
  kind: Kind;
  /**
   * Who answers: the raw server (bench/baseline-server.ts, the reference), the gateway's statements
   * sent bare (bench/gateway-statement-server.ts), or the gateway.
   */
  server: 'raw' | 'statement' | 'gateway';
  plan: RequestPlan;
}

export function requestPlans(fixture: Fixture): NamedPlan[] {
  const json = { 'content-type': 'application/json' };
  const auth = { ...json, 'x-api-key': fixture.rawKey };
  const stageKeys = fixture.openStages.map((stage) => stage.key);
  const gateway = { headers: auth, ids: fixture.gatewayIds };
  // The variables are a template of their own: JSON.stringify would escape the {placeholders}' quotes.
  const graphqlBody = (query: string, variables: string) =>
    `${JSON.stringify({ query }).slice(0, -1)},"variables":${variables}}`;
  return [
    {
      name: 'raw UPDATE (move)',
      kind: 'move',
      server: 'raw',
      plan: {
        method: 'POST',
        path: '/move',
        body: '{"id":"{id}","value":"{stage}"}',
        headers: json,
        graphql: false,
        ids: fixture.baselineIds,
        stages: fixture.openStages.map((stage) => stage.id),
      },
    },
    {
      name: 'raw UPDATE (update)',
      kind: 'update',
      server: 'raw',
      plan: {
        method: 'POST',
        path: '/update',
        body: '{"id":"{id}","value":"note {note}"}',
        headers: json,
        graphql: false,
        ids: fixture.baselineIds,
        stages: [],
      },
    },
    {
      name: "gateway's move statement, bare",
      kind: 'move',
      server: 'statement',
      plan: {
        method: 'POST',
        path: '/move',
        body: '{"id":"{id}","value":"{stage}"}',
        headers: json,
        graphql: false,
        ids: fixture.statementIds,
        stages: stageKeys,
      },
    },
    {
      name: "gateway's update statement, bare",
      kind: 'update',
      server: 'statement',
      plan: {
        method: 'POST',
        path: '/update',
        body: '{"id":"{id}","value":"note {note}"}',
        headers: json,
        graphql: false,
        ids: fixture.statementIds,
        stages: [],
      },
    },
    {
      name: 'GraphQL moveOpportunityStage',
      kind: 'move',
      server: 'gateway',
      plan: {
        ...gateway,
        method: 'POST',
        path: '/graphql',
        body: graphqlBody(
          'mutation($id: ID!, $status: String!) { moveOpportunityStage(id: $id, input: {status: $status}) { id status version updatedAt } }',
          '{"id":"{id}","status":"{stage}"}',
        ),
        graphql: true,
        stages: stageKeys,
      },
    },
    {
      name: 'REST PATCH …/stage',
      kind: 'move',
      server: 'gateway',
      plan: {
        ...gateway,
        method: 'PATCH',
        path: '/external/v1/opportunities/{id}/stage',
        body: '{"status":"{stage}"}',
        graphql: false,
        stages: stageKeys,
      },
    },
    {
      name: 'GraphQL updateOpportunity',
      kind: 'update',
      server: 'gateway',
      plan: {
        ...gateway,
        method: 'POST',
        path: '/graphql',
        body: graphqlBody(
          'mutation($id: ID!, $notes: String) { updateOpportunity(id: $id, input: {notes: $notes}) { id notes version updatedAt } }',
          '{"id":"{id}","notes":"note {note}"}',
        ),
        graphql: true,
        stages: [],
      },
    },
    {
      name: 'REST PUT …/:id',
      kind: 'update',
      server: 'gateway',
      plan: {
        ...gateway,
        method: 'PUT',
        path: '/external/v1/opportunities/{id}',
        body: '{"notes":"note {note}"}',
        graphql: false,
        stages: [],
      },
    },
  ];
}
