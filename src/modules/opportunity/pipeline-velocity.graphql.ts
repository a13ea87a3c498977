// GraphQL surface of stage velocity: pipelineVelocity.
import { builder } from '../../builder.js';
import { idArgument, UUID_ID } from '../../graphql/validation.js';
import { pipelineVelocity, type StageVelocity } from './pipeline-velocity.service.js';

const StageVelocityRef = builder.objectRef<StageVelocity>('StageVelocity').implement({
  description:
    'How opportunities went through one stage: the stays that began in the window, where those that ended went, and how long they lasted.',
  fields: (t) => ({
    stage: t.prismaField({
      type: 'OpportunityStage',
      // findUnique calls of one tick are batched by Prisma into one query.
      resolve: (query, row, _args, ctx) =>
        ctx.prisma.opportunityStage.findUniqueOrThrow({ ...query, where: { id: row.stageId } }),
    }),
    entered: t.exposeInt('entered', { description: 'Stays that began in the window (creation or a move in).' }),
    left: t.exposeInt('left', { description: 'Of those, the ones that have ended.' }),
    leftForward: t.exposeInt('leftForward', {
      description: 'Ended by a move to an open stage further along the same pipeline.',
    }),
    leftToWon: t.exposeInt('leftToWon', { description: 'Ended by a move to a won stage.' }),
    leftToLost: t.exposeInt('leftToLost', { description: 'Ended by a move to a lost stage.' }),
    meanSeconds: t.exposeFloat('meanSeconds', { nullable: true, description: 'Mean length of the ended stays.' }),
    medianSeconds: t.exposeFloat('medianSeconds', { nullable: true, description: 'Median length of the ended stays.' }),
  }),
});

builder.queryFields((t) => ({
  pipelineVelocity: t.field({
    type: [StageVelocityRef],
    description:
      "Per stage of a pipeline, in its order: entries, exits and time spent, from the opportunities' history.",
    authScopes: { scope: 'opportunities:read' },
    args: {
      pipelineId: t.arg.id({ required: true }),
      from: t.arg({ type: 'DateTime', description: 'Count the stays that began at or after this instant.' }),
      to: t.arg({ type: 'DateTime', description: 'Count the stays that began before this instant.' }),
    },
    resolve: (_root, { pipelineId, from, to }, ctx) =>
      pipelineVelocity(ctx, idArgument(pipelineId, UUID_ID, 'pipelineId'), { from, to }),
  }),
}));
