// GraphQL surface of pipelines and their stages.
import { builder } from '../../builder.js';

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
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const readScope = { scope: 'pipelines:read' } as const;

builder.queryFields((t) => ({
  pipelines: t.prismaField({
    type: ['Pipeline'],
    authScopes: readScope,
    resolve: (query, _root, _args, ctx) =>
      ctx.prisma.pipeline.findMany({
        ...query,
        where: { workspaceId: ctx.auth.ok ? ctx.auth.key.workspaceId : '' },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      }),
  }),
}));
