// GraphQL documents and small helpers shared by the pipeline tests.
import { expect } from 'vitest';
import type { GraphQLResponse, TestGateway } from '../support/gateway.js';
import { dataOf, onlyError } from '../support/assertions.js';

export { dataOf, onlyError } from '../support/assertions.js';

export const PIPELINE_FIELDS = 'id name description isActive isDefault stages { key position }';
export const STAGE_FIELDS = 'id key name description probability status isActive position pipelineId';

export const GET_PIPELINE = `query($id: ID!) { pipeline(id: $id) { ${PIPELINE_FIELDS} } }`;
export const GET_STAGE = `query($id: ID!) { opportunityStage(id: $id) { ${STAGE_FIELDS} } }`;
export const CREATE_PIPELINE = `mutation($input: CreatePipelineInput!) { createPipeline(input: $input) { ${PIPELINE_FIELDS} } }`;
export const UPDATE_PIPELINE = `mutation($id: ID!, $input: UpdatePipelineInput!) {
  updatePipeline(id: $id, input: $input) { ${PIPELINE_FIELDS} } }`;
export const CREATE_STAGE = `mutation($input: CreateOpportunityStageInput!) {
  createOpportunityStage(input: $input) { ${STAGE_FIELDS} } }`;
export const UPDATE_STAGE = `mutation($id: ID!, $input: UpdateOpportunityStageInput!) {
  updateOpportunityStage(id: $id, input: $input) { ${STAGE_FIELDS} } }`;
export const STAGE_LIST = `query($limit: Int, $startingAfter: ID, $endingBefore: ID, $pipelineId: ID) {
  opportunityStageList(limit: $limit, startingAfter: $startingAfter, endingBefore: $endingBefore, pipelineId: $pipelineId) {
    nodes { id key pipeline { id } } hasMore } }`;
export const PIPELINE_LIST = `query($limit: Int, $startingAfter: ID, $endingBefore: ID) {
  pipelineList(limit: $limit, startingAfter: $startingAfter, endingBefore: $endingBefore) { nodes { id name } hasMore } }`;

/** A well-formed id no record has. */
export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** Asserts a VALIDATION_ERROR naming exactly these input fields. */
export function expectInvalid(response: GraphQLResponse, ...fields: string[]) {
  const error = onlyError(response);
  expect(error.extensions?.code, error.message).toBe('VALIDATION_ERROR');
  expect(Object.keys(error.extensions?.fields as object).sort()).toEqual([...fields].sort());
  return error.extensions?.fields as Record<string, string>;
}

export function expectNotFound(response: GraphQLResponse, entity: string) {
  const error = onlyError(response);
  expect(error.extensions).toMatchObject({ code: 'NOT_FOUND', entity });
}

export async function createPipeline(gw: TestGateway, key: string, input: Record<string, unknown> = {}) {
  return dataOf(await gw.graphql(CREATE_PIPELINE, { input: { name: 'Enterprise', ...input } }, key)).createPipeline;
}

export async function createStage(gw: TestGateway, key: string, input: Record<string, unknown>) {
  return dataOf(
    await gw.graphql(CREATE_STAGE, { input: { name: 'Discovery', probability: '0.5', status: 'open', ...input } }, key),
  ).createOpportunityStage;
}

/** An opportunity sitting in a stage, written directly so these tests do not lean on the opportunity API. */
export async function placeOpportunity(
  gw: TestGateway,
  stage: { workspaceId: string; pipelineId: string; id: string },
) {
  return gw.prisma.opportunity.create({
    data: {
      id: `opp_${Math.random().toString(36).slice(2, 14).padEnd(12, '0')}`,
      workspaceId: stage.workspaceId,
      pipelineId: stage.pipelineId,
      stageId: stage.id,
      name: 'Held deal',
    },
  });
}
