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
  // The bare servers' requests (bench/statement-server.ts): an id and a stage or a note.
  const bare = (path: string, body: string, ids: readonly string[], stages: readonly string[]) => ({
    method: 'POST' as const,
    path,
    body,
    headers: json,
    graphql: false,
    ids,
    stages,
  });
  const bareMove = (name: string, server: NamedPlan['server'], ids: readonly string[], stages: readonly string[]) => ({
    name,
    kind: 'move' as const,
    server,
    plan: bare('/move', '{"id":"{id}","value":"{stage}"}', ids, stages),
  });
  const bareUpdate = (name: string, server: NamedPlan['server'], ids: readonly string[]) => ({
    name,
    kind: 'update' as const,
    server,
    plan: bare('/update', '{"id":"{id}","value":"note {note}"}', ids, []),
  });
  return [
    bareMove(
      'raw UPDATE (move)',
      'raw',
      fixture.baselineIds,
      fixture.openStages.map((stage) => stage.id),
    ),
    bareUpdate('raw UPDATE (update)', 'raw', fixture.baselineIds),
    bareMove("gateway's move statement, bare", 'statement', fixture.statementIds, stageKeys),
    bareUpdate("gateway's update statement, bare", 'statement', fixture.statementIds),
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
