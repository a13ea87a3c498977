// GraphQL documents and small helpers shared by the opportunity tests.
import { expect } from 'vitest';
import type { GraphQLResponse, TestGateway } from '../support/gateway.js';

export const OPPORTUNITY_FIELDS = `id name email phone company jobTitle dealValue dealCurrency notes
  responsibleUserId status stageId pipelineId wonAt lostAt stageChangedAt version createdAt updatedAt`;

export const CREATE = `mutation Create($input: CreateOpportunityInput!) {
  createOpportunity(input: $input) { ${OPPORTUNITY_FIELDS} } }`;
export const UPDATE = `mutation Update($id: ID!, $input: UpdateOpportunityInput!) {
  updateOpportunity(id: $id, input: $input) { ${OPPORTUNITY_FIELDS} } }`;
export const MOVE = `mutation Move($id: ID!, $input: MoveOpportunityStageInput!) {
  moveOpportunityStage(id: $id, input: $input) { ${OPPORTUNITY_FIELDS} } }`;
export const GET = `query Get($id: ID!) { opportunity(id: $id) { ${OPPORTUNITY_FIELDS}
  history { totalCount edges { node { fromStage { key } toStage { key } source version actorApiKeyId } } } } }`;

/** The single error of a response, asserting there is exactly one. */
export function onlyError(response: GraphQLResponse) {
  expect(response.body.errors, JSON.stringify(response.body)).toHaveLength(1);
  return response.body.errors![0]!;
}

export function dataOf<T = Record<string, any>>(response: GraphQLResponse): T { // eslint-disable-line @typescript-eslint/no-explicit-any -- response shapes vary per query
  expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
  return response.body.data as T;
}

export async function createOpportunity(gw: TestGateway, key: string, input: Record<string, unknown> = {}) {
  const response = await gw.graphql(CREATE, { input: { name: 'Jane Roe', ...input } }, key);
  return dataOf(response).createOpportunity;
}
