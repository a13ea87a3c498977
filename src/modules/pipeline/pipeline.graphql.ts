// GraphQL surface of pipelines and their stages. Rules live in the service.
import type { ArgBuilder } from '@pothos/core';
import { z } from 'zod';
import { builder } from '../../builder.js';
import type PrismaTypes from '../../generated/pothos-types.js';
import {
  decimal,
  descriptionText,
  idArgument,
  matching,
  nameText,
  pageSize,
  UUID_ID,
} from '../../graphql/validation.js';
import { EXPECTED_VERSION_FIELD } from '../../graphql/expected-version.js';
import { PAGE_SIZE } from '../../limits.js';
import { msg } from '../../i18n/messages.js';
import {
  createOpportunityStage,
  createPipeline,
  DEFAULT_LIST_LIMIT,
  findOpportunityStage,
  findPipeline,
  listPipelines,
  opportunityStageList,
  pipelineList,
  STAGE_KEY,
  STAGE_KEY_MAX,
  updateOpportunityStage,
  updatePipeline,
  type CursorList,
} from './pipeline.service.js';

export const StageStatusEnum = builder.enumType('StageStatus', {
  description: 'What entering a stage means for an opportunity: still open, won, or lost.',
  values: ['open', 'won', 'lost'] as const,
});

builder.prismaObject('Pipeline', {
  description: 'An ordered set of stages opportunities move through.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    isActive: t.exposeBoolean('isActive'),
    isDefault: t.exposeBoolean('isDefault', { description: 'Where new opportunities go when no pipeline is named.' }),
    stages: t.relation('stages', { query: { orderBy: { position: 'asc' } } }),
    version: t.exposeInt('version', { description: 'Bumped by every write.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.prismaObject('OpportunityStage', {
  description: 'A step of a pipeline.',
  fields: (t) => ({
    id: t.exposeID('id'),
    key: t.exposeString('key', { description: 'Slug unique within the pipeline; the REST `status`.' }),
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    probability: t.expose('probability', { type: 'Decimal', description: 'Win probability, 0..1, exact.' }),
    status: t.expose('status', { type: StageStatusEnum }),
    isActive: t.exposeBoolean('isActive'),
    position: t.exposeInt('position', { description: 'Order on the board, ascending.' }),
    pipelineId: t.exposeID('pipelineId'),
    pipeline: t.relation('pipeline'),
    version: t.exposeInt('version', { description: 'Bumped by every write.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

type ListModel = 'Pipeline' | 'OpportunityStage';
type QueryOf<Model extends ListModel> = {
  include?: PrismaTypes[Model]['Include'];
  select?: PrismaTypes[Model]['Select'];
};

/** A page type of a cursor list; `nodes` is a prismaField, so its selection stays one Prisma query. */
function cursorListType<Model extends ListModel>(model: Model) {
  return builder.objectRef<CursorList<QueryOf<Model>, PrismaTypes[Model]['Shape']>>(`${model}List`).implement({
    description: `A page of a newest-first list of ${model} records.`,
    fields: (t) => ({
      nodes: t.prismaField({
        type: [model],
        // For a generic Model, TS cannot reduce Pothos's query type to QueryOf<Model>; for each
        // concrete model the two are the same type.
        resolve: (query, list) => list.nodes(query as QueryOf<Model>),
      }),
      hasMore: t.boolean({
        description: 'Whether more records lie beyond this page, in the direction of travel.',
        resolve: (list) => list.hasMore(),
      }),
    }),
  });
}

const PipelineList = cursorListType('Pipeline');
const OpportunityStageList = cursorListType('OpportunityStage');

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;
type InputFields = PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>;

const probability = decimal({ min: 0, max: 1, maxDecimalPlaces: 4 });
const position = z.number().int().min(0);
const stageKey = matching(STAGE_KEY, msg('stageKeyFormat'), z.string().max(STAGE_KEY_MAX));

/** The pipeline fields a caller edits, shared by create and update; optional here. */
const pipelineFields = (t: InputFields) => ({
  name: t.string({ validate: nameText }),
  description: t.string({ validate: descriptionText, description: 'An empty string is stored as null.' }),
  isActive: t.boolean(),
});

const CreatePipelineInput = builder.inputType('CreatePipelineInput', {
  fields: (t) => ({
    ...pipelineFields(t),
    name: t.string({ required: true, validate: nameText }),
    isActive: t.boolean({ required: true, defaultValue: true }),
    withDefaultStages: t.boolean({
      required: true,
      defaultValue: true,
      description: "Start with the default stages (new … won, lost), as a new workspace's pipeline does.",
    }),
  }),
});

const UpdatePipelineInput = builder.inputType('UpdatePipelineInput', {
  description: 'Only the fields given change; `null` clears the description and is refused elsewhere.',
  fields: (t) => ({ ...pipelineFields(t), expectedVersion: t.int(EXPECTED_VERSION_FIELD) }),
});

/** The stage fields a caller edits, shared by create and update; optional here. */
const stageFields = (t: InputFields) => ({
  name: t.string({ validate: nameText }),
  description: t.string({ validate: descriptionText, description: 'An empty string is stored as null.' }),
  probability: t.field({ type: 'Decimal', validate: probability, description: '0..1, at most 4 decimal places.' }),
  status: t.field({ type: StageStatusEnum }),
  isActive: t.boolean(),
  position: t.int({ validate: position, description: 'Order on the board, ascending.' }),
});

const CreateOpportunityStageInput = builder.inputType('CreateOpportunityStageInput', {
  fields: (t) => ({
    ...stageFields(t),
    pipelineId: t.id({ required: true }),
    key: t.string({
      validate: stageKey,
      description: 'A slug unique within the pipeline; derived from the name when omitted (then -2, -3… if taken).',
    }),
    name: t.string({ required: true, validate: nameText }),
    probability: t.field({
      type: 'Decimal',
      required: true,
      validate: probability,
      description: '0..1, at most 4 decimal places.',
    }),
    status: t.field({ type: StageStatusEnum, required: true }),
    isActive: t.boolean({ required: true, defaultValue: true }),
    position: t.int({ validate: position, description: 'Defaults to after the last stage.' }),
  }),
});

const UpdateOpportunityStageInput = builder.inputType('UpdateOpportunityStageInput', {
  description: 'Only the fields given change; `null` clears the description and is refused elsewhere.',
  fields: (t) => ({
    ...stageFields(t),
    pipelineId: t.id({
      description:
        'Moves the stage to another pipeline of the workspace (after its last stage unless position is given). ' +
        'Refused while the stage holds opportunities.',
    }),
    expectedVersion: t.int(EXPECTED_VERSION_FIELD),
  }),
});

const readScope = { scope: 'pipelines:read' } as const;
const writeScope = { scope: 'pipelines:write' } as const;

/** The arguments of both lists: a page size and one cursor, an id of a record of the list. */
const cursorArgs = (arg: ArgBuilder<Types>) => ({
  limit: arg.int({
    defaultValue: DEFAULT_LIST_LIMIT,
    validate: pageSize(),
    description: `${PAGE_SIZE.min}..${PAGE_SIZE.max}.`,
  }),
  startingAfter: arg.id({ description: 'Answer the records after this one.' }),
  endingBefore: arg.id({ description: 'Answer the records just before this one (still newest first).' }),
});

builder.queryFields((t) => ({
  pipeline: t.prismaField({
    type: 'Pipeline',
    nullable: true,
    authScopes: readScope,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, { id }, ctx) => findPipeline(ctx, idArgument(id, UUID_ID), query),
  }),
  pipelines: t.prismaField({
    type: ['Pipeline'],
    description: 'Every pipeline, oldest first.',
    authScopes: readScope,
    resolve: (query, _root, _args, ctx) => listPipelines(ctx, query),
  }),
  pipelineList: t.field({
    type: PipelineList,
    description: 'Pipelines, newest first, by cursor (the REST list).',
    authScopes: readScope,
    args: cursorArgs(t.arg),
    resolve: (_root, args, ctx) => pipelineList(ctx, args),
  }),
  opportunityStage: t.prismaField({
    type: 'OpportunityStage',
    nullable: true,
    authScopes: readScope,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, { id }, ctx) => findOpportunityStage(ctx, idArgument(id, UUID_ID), query),
  }),
  opportunityStageList: t.field({
    type: OpportunityStageList,
    description: 'Stages, newest first, by cursor (the REST list).',
    authScopes: readScope,
    args: { ...cursorArgs(t.arg), pipelineId: t.arg.id({ description: "Only this pipeline's stages." }) },
    resolve: (_root, args, ctx) => opportunityStageList(ctx, args),
  }),
}));

builder.mutationFields((t) => ({
  createPipeline: t.prismaField({
    type: 'Pipeline',
    authScopes: writeScope,
    args: { input: t.arg({ type: CreatePipelineInput, required: true }) },
    resolve: (query, _root, { input }, ctx) => createPipeline(ctx, input, query),
  }),
  updatePipeline: t.prismaField({
    type: 'Pipeline',
    authScopes: writeScope,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdatePipelineInput, required: true }) },
    resolve: (query, _root, { id, input }, ctx) => updatePipeline(ctx, idArgument(id, UUID_ID), input, query),
  }),
  createOpportunityStage: t.prismaField({
    type: 'OpportunityStage',
    authScopes: writeScope,
    args: { input: t.arg({ type: CreateOpportunityStageInput, required: true }) },
    resolve: (query, _root, { input }, ctx) => createOpportunityStage(ctx, input, query),
  }),
  updateOpportunityStage: t.prismaField({
    type: 'OpportunityStage',
    authScopes: writeScope,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateOpportunityStageInput, required: true }) },
    resolve: (query, _root, { id, input }, ctx) => updateOpportunityStage(ctx, idArgument(id, UUID_ID), input, query),
  }),
}));
