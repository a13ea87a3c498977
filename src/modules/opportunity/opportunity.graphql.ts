// GraphQL surface of opportunities: the type, its queries and mutations. Rules live in the service.
import { z } from 'zod';
import { builder } from '../../builder.js';
import { decimal, matching, nameText, pageSize, refusing, userId, uuidId } from '../../graphql/validation.js';
import { DEAL_VALUE_MAX, SEARCH_MAX_LENGTH } from '../../limits.js';
import { EXPECTED_VERSION_FIELD } from '../../graphql/expected-version.js';
import { msg } from '../../i18n/messages.js';
import {
  createOpportunity,
  deleteOpportunity,
  moveOpportunityStage,
  opportunityWhere,
  pipelineSummary,
  updateOpportunity,
} from './opportunity.service.js';

const ChangeSource = builder.enumType('ChangeSource', {
  description: 'The entry point a change came through.',
  values: ['graphql', 'rest'] as const,
});

builder.prismaObject('User', {
  description: 'A person responsible for opportunities.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    email: t.expose('email', { type: 'EmailAddress' }),
  }),
});

builder.prismaObject('StageChange', {
  description: 'One stage move of an opportunity.',
  fields: (t) => ({
    id: t.exposeID('id'),
    fromStage: t.relation('fromStage'),
    toStage: t.relation('toStage'),
    changedAt: t.expose('changedAt', { type: 'DateTime' }),
    source: t.expose('source', { type: ChangeSource }),
    version: t.exposeInt('version', { description: "The opportunity's version this move produced." }),
    actorApiKeyId: t.exposeID('actorApiKeyId', { nullable: true, description: 'The API key that made the move.' }),
  }),
});

export const Opportunity = builder.prismaObject('Opportunity', {
  description: 'A deal in a pipeline.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    email: t.expose('email', { type: 'EmailAddress', nullable: true }),
    phone: t.exposeString('phone', { nullable: true }),
    company: t.exposeString('company', { nullable: true }),
    jobTitle: t.exposeString('jobTitle', { nullable: true, description: "The contact's job title." }),
    dealValue: t.field({
      type: 'Decimal',
      nullable: true,
      description: 'Exact, with two decimal places ("100000.10").',
      resolve: (opportunity) => opportunity.dealValue?.toFixed(2) ?? null,
    }),
    dealCurrency: t.expose('dealCurrency', { type: 'Currency' }),
    notes: t.exposeString('notes', { nullable: true }),
    responsibleUserId: t.exposeID('responsibleUserId', { nullable: true }),
    responsibleUser: t.relation('responsibleUser', { nullable: true }),
    pipelineId: t.exposeID('pipelineId'),
    pipeline: t.relation('pipeline'),
    stageId: t.exposeID('stageId'),
    stage: t.relation('stage'),
    status: t.string({
      description: "The key of the current stage (e.g. `negotiation`), REST's `status`.",
      resolve: (opportunity, _args, ctx) => ctx.services.stageKeys.load(opportunity.stageId),
    }),
    wonAt: t.expose('wonAt', { type: 'DateTime', nullable: true }),
    lostAt: t.expose('lostAt', { type: 'DateTime', nullable: true }),
    stageChangedAt: t.expose('stageChangedAt', { type: 'DateTime' }),
    version: t.exposeInt('version', { description: 'Bumped by every write.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    history: t.relatedConnection('history', {
      description: 'Stage moves, oldest first.',
      cursor: 'id',
      totalCount: true,
      query: () => ({ orderBy: { version: 'asc' } }),
    }),
  }),
});

const email = z.email();
const currency = matching(/^[A-Z]{3}$/, msg('currencyCode'));
const dealValue = decimal({ min: 0, max: DEAL_VALUE_MAX, maxDecimalPlaces: 2 });

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** The fields a caller edits, shared by create and update; optional, and `null` clears one. */
const editableFields = (t: PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>) => ({
  name: t.string({ validate: nameText.nullable() }),
  email: t.field({ type: 'EmailAddress', validate: email.nullable() }),
  phone: t.string({ validate: z.string().max(64).nullable() }),
  company: t.string({ validate: nameText.nullable() }),
  jobTitle: t.string({ validate: nameText.nullable() }),
  dealValue: t.field({ type: 'Decimal', validate: dealValue.nullable() }),
  dealCurrency: t.field({ type: 'Currency', validate: currency.nullable() }),
  notes: t.string({ validate: z.string().max(10000).nullable() }),
  responsibleUserId: t.id({ description: 'A user of the same workspace.', validate: userId.nullable() }),
});

const UpdateOpportunityInput = builder.inputType('UpdateOpportunityInput', {
  description: 'Only the fields given change; `null` clears a nullable field. The stage never changes here.',
  fields: (t) => ({ ...editableFields(t), expectedVersion: t.int(EXPECTED_VERSION_FIELD) }),
});

const CreateOpportunityInput = builder.inputType('CreateOpportunityInput', {
  description: 'A new opportunity. Without a stage it enters the first stage of the default pipeline.',
  fields: (t) => ({
    ...editableFields(t),
    name: t.string({ required: true, validate: nameText }),
    pipelineId: t.id({ description: 'Defaults to the workspace default pipeline.', validate: uuidId.nullable() }),
    stageId: t.id({ validate: uuidId.nullable() }),
    status: t.string({ description: 'A stage key of the pipeline (e.g. `new`).' }),
  }),
});

/** A move names its target by exactly one of stageId and status. */
// Loose: a plain object schema would strip the other fields from the validated input.
export const oneStageTarget = z
  .looseObject({ stageId: z.string().nullish(), status: z.string().nullish() })
  .refine((input) => !!input.stageId !== !!input.status, refusing(msg('stageIdOrStatus'), ['status']));

const MoveOpportunityStageInput = builder.inputType('MoveOpportunityStageInput', {
  description: 'Exactly one of stageId and status.',
  fields: (t) => ({
    stageId: t.id(),
    status: t.string({ description: "A stage key, resolved within the opportunity's pipeline." }),
    pipelineId: t.id({
      description: "Required to move into another pipeline: the target stage's pipeline (never implied).",
    }),
    expectedVersion: t.int(EXPECTED_VERSION_FIELD),
  }),
  validate: oneStageTarget,
});

const OpportunityFilter = builder.inputType('OpportunityFilter', {
  fields: (t) => ({
    pipelineId: t.id({ validate: uuidId.nullable() }),
    stageId: t.id({ validate: uuidId.nullable() }),
    status: t.string({ description: 'A stage key.' }),
    responsibleUserId: t.id({ validate: userId.nullable() }),
    search: t.string({
      description: `Case-insensitive match on name, email or company; at most ${SEARCH_MAX_LENGTH} characters.`,
      validate: z.string().max(SEARCH_MAX_LENGTH).nullable(),
    }),
  }),
});

const OpportunityOrderField = builder.enumType('OpportunityOrderField', {
  values: {
    CREATED_AT: { value: 'createdAt' },
    UPDATED_AT: { value: 'updatedAt' },
    NAME: { value: 'name' },
    DEAL_VALUE: { value: 'dealValue' },
  } as const,
});
const OrderDirection = builder.enumType('OrderDirection', {
  values: { ASC: { value: 'asc' }, DESC: { value: 'desc' } } as const,
});
const OpportunityOrder = builder.inputType('OpportunityOrder', {
  fields: (t) => ({
    field: t.field({ type: OpportunityOrderField, required: true }),
    direction: t.field({ type: OrderDirection, defaultValue: 'desc' }),
  }),
});

function orderByOf(
  order:
    { field: 'createdAt' | 'updatedAt' | 'name' | 'dealValue'; direction?: 'asc' | 'desc' | null } | null | undefined,
) {
  const direction = order?.direction ?? 'desc';
  // The id breaks ties, so pages never overlap or skip.
  return [{ [order?.field ?? 'createdAt']: direction }, { id: direction }];
}

const OpportunityPage = builder
  .objectRef<{
    where: ReturnType<typeof opportunityWhere>;
    orderBy: ReturnType<typeof orderByOf>;
    page: number;
    limit: number;
  }>('OpportunityPage')
  .implement({
    description: 'A page of opportunities, by page number (what the REST API offers).',
    fields: (t) => ({
      nodes: t.prismaField({
        type: ['Opportunity'],
        resolve: (query, page, _args, ctx) =>
          ctx.prisma.opportunity.findMany({
            ...query,
            where: page.where,
            orderBy: page.orderBy,
            skip: (page.page - 1) * page.limit,
            take: page.limit,
          }),
      }),
      totalCount: t.int({ resolve: (page, _args, ctx) => ctx.prisma.opportunity.count({ where: page.where }) }),
      page: t.exposeInt('page'),
      limit: t.exposeInt('limit'),
    }),
  });

const StageCurrencyTotal = builder
  .objectRef<{ currency: string; count: number; totalValue: string; weightedValue: string }>('StageCurrencyTotal')
  .implement({
    fields: (t) => ({
      currency: t.field({ type: 'Currency', resolve: (row) => row.currency }),
      count: t.exposeInt('count'),
      totalValue: t.field({ type: 'Decimal', resolve: (row) => row.totalValue }),
      weightedValue: t.field({
        type: 'Decimal',
        description: 'Sum of deal value × stage probability.',
        resolve: (row) => row.weightedValue,
      }),
    }),
  });

const StageSummary = builder.objectRef<Awaited<ReturnType<typeof pipelineSummary>>[number]>('StageSummary').implement({
  description: "A stage's opportunities: how many, and their value per currency.",
  fields: (t) => ({
    stage: t.prismaField({ type: 'OpportunityStage', resolve: (_query, row) => row.stage }),
    count: t.exposeInt('count'),
    totals: t.field({ type: [StageCurrencyTotal], resolve: (row) => row.totals }),
  }),
});

const readScope = { scope: 'opportunities:read' } as const;
const writeScope = { scope: 'opportunities:write' } as const;

builder.queryFields((t) => ({
  opportunity: t.prismaField({
    type: 'Opportunity',
    nullable: true,
    authScopes: readScope,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, { id }, ctx) =>
      ctx.prisma.opportunity.findFirst({ ...query, where: { ...opportunityWhere(ctx), id } }),
  }),
  opportunities: t.prismaConnection({
    type: 'Opportunity',
    cursor: 'id',
    authScopes: readScope,
    totalCount: (_parent, args, ctx) =>
      ctx.prisma.opportunity.count({ where: opportunityWhere(ctx, args.filter ?? {}) }),
    args: {
      filter: t.arg({ type: OpportunityFilter }),
      orderBy: t.arg({ type: OpportunityOrder }),
    },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.opportunity.findMany({
        ...query,
        where: opportunityWhere(ctx, args.filter ?? {}),
        orderBy: orderByOf(args.orderBy),
      }),
  }),
  opportunityPage: t.field({
    type: OpportunityPage,
    authScopes: readScope,
    args: {
      filter: t.arg({ type: OpportunityFilter }),
      orderBy: t.arg({ type: OpportunityOrder }),
      page: t.arg.int({ defaultValue: 1, validate: z.number().int().min(1) }),
      limit: t.arg.int({ defaultValue: 20, validate: pageSize() }),
    },
    resolve: (_root, args, ctx) => ({
      where: opportunityWhere(ctx, args.filter ?? {}),
      orderBy: orderByOf(args.orderBy),
      page: args.page ?? 1,
      limit: args.limit ?? 20,
    }),
  }),
  pipelineSummary: t.field({
    type: [StageSummary],
    description: 'Per stage of a pipeline: count, total value and probability-weighted value.',
    authScopes: readScope,
    args: { pipelineId: t.arg.id({ required: true }) },
    resolve: (_root, { pipelineId }, ctx) => pipelineSummary(ctx, pipelineId),
  }),
}));

// The writes answer the row their statement returns: plain fields rather than prismaFields, which
// would map the client's selection to a Prisma query on every request for nothing. Relations a
// client selects load on demand.
builder.mutationFields((t) => ({
  createOpportunity: t.field({
    type: Opportunity,
    authScopes: writeScope,
    args: { input: t.arg({ type: CreateOpportunityInput, required: true }) },
    resolve: (_root, { input }, ctx) => createOpportunity(ctx, input),
  }),
  updateOpportunity: t.field({
    type: Opportunity,
    authScopes: writeScope,
    args: {
      id: t.arg.id({ required: true }),
      input: t.arg({ type: UpdateOpportunityInput, required: true }),
    },
    resolve: (_root, { id, input }, ctx) => updateOpportunity(ctx, id, input),
  }),
  moveOpportunityStage: t.field({
    type: Opportunity,
    description: 'Moves to a stage (by id or status key). Moving to the current stage changes nothing.',
    authScopes: writeScope,
    args: {
      id: t.arg.id({ required: true }),
      input: t.arg({ type: MoveOpportunityStageInput, required: true }),
    },
    resolve: (_root, { id, input }, ctx) => moveOpportunityStage(ctx, id, input),
  }),
  deleteOpportunity: t.prismaField({
    type: 'Opportunity',
    description: 'Deletes the opportunity and its history; answers it as it was.',
    authScopes: { scope: 'opportunities:delete' },
    args: { id: t.arg.id({ required: true }), expectedVersion: t.arg.int(EXPECTED_VERSION_FIELD) },
    resolve: (query, _root, { id, expectedVersion }, ctx) => deleteOpportunity(ctx, id, { expectedVersion }, query),
  }),
}));
