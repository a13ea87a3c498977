// The Ruddr workspace API's opportunity stage and pipeline routes: the GraphQL operations of the
// pipeline module with Ruddr's field names (`statusId` ↔ `status`, `opportunityPipelineId` ↔ `pipelineId`)
// and its probability as a JSON number. Rules (lengths, 0..1 with 4 places, workspace ownership)
// are the GraphQL schema's and the service's.
import { z } from 'zod';
import { msg } from '../../i18n/messages.js';
import { DESCRIPTION_MAX_LENGTH, NAME_MAX_LENGTH } from '../../limits.js';
import type { Scope } from '../../modules/api-key/scopes.js';
import { graphql } from '../../rest/graphql.js';
import type { RestRoute } from '../../rest/rest-route.js';
import { ruddrResource } from './ruddr-resource.js';

/** What the stage routes select of a stage: the fields `toRest` reads. */
const StageFields = graphql(`
  fragment RuddrStage on OpportunityStage {
    id
    name
    description
    probability
    status
    isActive
    pipelineId
    createdAt
    version
  }
`);
const stageOperations = {
  list: graphql(
    `
      query RestListOpportunityStage($limit: Int, $startingAfter: ID, $endingBefore: ID, $pipelineId: ID) {
        opportunityStageList(
          limit: $limit
          startingAfter: $startingAfter
          endingBefore: $endingBefore
          pipelineId: $pipelineId
        ) {
          hasMore
          nodes {
            ...RuddrStage
          }
        }
      }
    `,
    [StageFields],
  ),
  get: graphql(
    `
      query RestGetOpportunityStage($id: ID!) {
        opportunityStage(id: $id) {
          ...RuddrStage
        }
      }
    `,
    [StageFields],
  ),
  create: graphql(
    `
      mutation RestCreateOpportunityStage($input: CreateOpportunityStageInput!) {
        createOpportunityStage(input: $input) {
          ...RuddrStage
        }
      }
    `,
    [StageFields],
  ),
  update: graphql(
    `
      mutation RestUpdateOpportunityStage($id: ID!, $input: UpdateOpportunityStageInput!) {
        updateOpportunityStage(id: $id, input: $input) {
          ...RuddrStage
        }
      }
    `,
    [StageFields],
  ),
};

/** What the pipeline routes select of a pipeline: the fields `toRest` reads. */
const PipelineFields = graphql(`
  fragment RuddrPipeline on Pipeline {
    id
    name
    description
    isActive
    createdAt
    version
  }
`);
const pipelineOperations = {
  list: graphql(
    `
      query RestListPipeline($limit: Int, $startingAfter: ID, $endingBefore: ID) {
        pipelineList(limit: $limit, startingAfter: $startingAfter, endingBefore: $endingBefore) {
          hasMore
          nodes {
            ...RuddrPipeline
          }
        }
      }
    `,
    [PipelineFields],
  ),
  get: graphql(
    `
      query RestGetPipeline($id: ID!) {
        pipeline(id: $id) {
          ...RuddrPipeline
        }
      }
    `,
    [PipelineFields],
  ),
  create: graphql(
    `
      mutation RestCreatePipeline($input: CreatePipelineInput!) {
        createPipeline(input: $input) {
          ...RuddrPipeline
        }
      }
    `,
    [PipelineFields],
  ),
  update: graphql(
    `
      mutation RestUpdatePipeline($id: ID!, $input: UpdatePipelineInput!) {
        updatePipeline(id: $id, input: $input) {
          ...RuddrPipeline
        }
      }
    `,
    [PipelineFields],
  ),
};

// Documentation schemas (OpenAPI); the answers have exactly these fields.
const StatusId = z.enum(['open', 'won', 'lost']).meta({ description: 'The status of the stage.' });
const Name = z.string().min(1).max(NAME_MAX_LENGTH);
const Description = z
  .string()
  .max(DESCRIPTION_MAX_LENGTH)
  .nullable()
  .meta({ description: `Max ${DESCRIPTION_MAX_LENGTH} characters; empty is stored as null.` });
const Probability = z.number().min(0).max(1).meta({
  description: 'The win probability at this stage, between 0 and 1, at most 4 decimal places.',
  example: 0.75,
});

const StageSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  probability: Probability,
  statusId: StatusId,
  isActive: z.boolean(),
  opportunityPipelineId: z.uuid().meta({ description: 'The parent opportunity pipeline.' }),
  createdAt: z.iso.datetime(),
});
const StageBodyFields = {
  name: Name,
  description: Description,
  probability: Probability,
  statusId: StatusId,
  isActive: z.boolean(),
  opportunityPipelineId: z.uuid().meta({ description: 'A pipeline of the workspace.' }),
};

const PipelineSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  isActive: z.boolean(),
  createdAt: z.iso.datetime(),
});
const PipelineBodyFields = { name: Name, description: Description, isActive: z.boolean() };

const SCOPES = { read: 'pipelines:read', write: 'pipelines:write' } as const;

const opportunityStageRoutes = ruddrResource({
  path: '/opportunity-stages',
  noun: 'opportunity stage',
  nouns: 'opportunity stages',
  nounPt: { one: 'estagio de oportunidade', many: 'estagios de oportunidade', article: 'um' },
  operations: stageOperations,
  entity: 'Opportunity stage',
  scopes: SCOPES,
  body: {
    fields: {
      name: 'name',
      description: 'description',
      probability: 'probability',
      statusId: 'status',
      isActive: 'isActive',
      opportunityPipelineId: 'pipelineId',
    },
    // GraphQL's Decimal also takes text ("0.5"); this API's probability is a JSON number only.
    refuse: (field, value) =>
      field === 'probability' && value !== null && typeof value !== 'number' ? msg('mustBeNumber') : undefined,
    blankIsNull: ['description'],
  },
  listFilters: { opportunityPipelineId: 'pipelineId' },
  toRest: (stage) => ({
    id: stage.id,
    name: stage.name,
    description: stage.description,
    // At most 4 decimal places, so the JSON number is the stored value exactly.
    probability: Number(stage.probability),
    statusId: stage.status,
    isActive: stage.isActive,
    opportunityPipelineId: stage.pipelineId,
    createdAt: stage.createdAt,
  }),
  docs: {
    object: StageSchema,
    create: z.strictObject({
      ...StageBodyFields,
      description: Description.optional(),
      isActive: z.boolean().default(true),
    }),
    update: z.strictObject(StageBodyFields).partial(),
    listFilters: z.object({
      opportunityPipelineId: z.uuid().optional().meta({ description: "Only this pipeline's stages." }),
    }),
    createDescription:
      'Requires `name`, `probability`, `statusId` and `opportunityPipelineId`; `isActive` defaults to true. ' +
      'The stage goes after the last stage of its pipeline. An `opportunityPipelineId` that is not a pipeline ' +
      'of the workspace answers 404.',
    updateDescription:
      'Only the fields given change; `description: null` (or an empty string) clears the description. ' +
      'A new `opportunityPipelineId` moves the stage after the last stage of that pipeline of the workspace ' +
      '(404 if it is none; 409 while the stage holds opportunities).',
  },
});

const opportunityPipelineRoutes = ruddrResource({
  path: '/opportunity-pipelines',
  noun: 'opportunity pipeline',
  nouns: 'opportunity pipelines',
  nounPt: { one: 'pipeline de oportunidades', many: 'pipelines de oportunidades', article: 'um' },
  operations: pipelineOperations,
  entity: 'Pipeline',
  scopes: SCOPES,
  body: { fields: { name: 'name', description: 'description', isActive: 'isActive' }, blankIsNull: ['description'] },
  // A Ruddr client creates the stages it wants (POST /opportunity-stages).
  createInput: { withDefaultStages: false },
  toRest: (pipeline) => ({
    id: pipeline.id,
    name: pipeline.name,
    description: pipeline.description,
    isActive: pipeline.isActive,
    createdAt: pipeline.createdAt,
  }),
  docs: {
    object: PipelineSchema,
    create: z.strictObject({
      ...PipelineBodyFields,
      description: Description.optional(),
      isActive: z.boolean().default(true),
    }),
    update: z.strictObject(PipelineBodyFields).partial(),
    createDescription: 'Requires `name`; `isActive` defaults to true. The pipeline starts without stages.',
    updateDescription: 'Only the fields given change; `description: null` (or an empty string) clears the description.',
  },
});

export const pipelineRoutes: ReadonlyArray<RestRoute<Scope>> = [
  ...opportunityPipelineRoutes,
  ...opportunityStageRoutes,
];
