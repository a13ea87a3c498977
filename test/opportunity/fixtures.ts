// GraphQL documents and small helpers shared by the opportunity tests.
import type { TestGateway } from '../support/gateway.js';
import { dataOf } from '../support/assertions.js';

export { dataOf, onlyError } from '../support/assertions.js';

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

export async function createOpportunity(gw: TestGateway, key: string, input: Record<string, unknown> = {}) {
  const response = await gw.graphql(CREATE, { input: { name: 'Jane Roe', ...input } }, key);
  return dataOf(response).createOpportunity;
}
