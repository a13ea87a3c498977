// GraphQL surface of bulk stage moves: moveOpportunityStages and its per-move results.
import { z } from 'zod';
import { builder } from '../../builder.js';
import type { GatewayError } from '../../errors.js';
import { refusing } from '../../graphql/validation.js';
import { msg } from '../../i18n/messages.js';
import { oneStageTarget } from './opportunity.graphql.js';
import { MAX_MOVES, moveOpportunityStages, type MoveResult } from './opportunity-bulk-move.service.js';

const StageMoveInput = builder.inputType('StageMoveInput', {
  description: 'One move of a batch: exactly one of stageId and status.',
  fields: (t) => ({
    id: t.id({ required: true }),
    stageId: t.id(),
    status: t.string({ description: "A stage key, resolved within the opportunity's pipeline." }),
    pipelineId: t.id({ description: "Required to move into another pipeline: the target stage's pipeline." }),
    expectedVersion: t.int({ description: 'Move only if the opportunity is still at this version (else CONFLICT).' }),
  }),
  validate: oneStageTarget,
});

const MoveOpportunityStagesInput = builder.inputType('MoveOpportunityStagesInput', {
  fields: (t) => ({
    moves: t.field({
      type: [StageMoveInput],
      required: true,
      description: `At most ${MAX_MOVES}, each opportunity at most once.`,
      validate: z
        // Loose: a plain object schema would strip the moves' other fields.
        .array(z.looseObject({ id: z.string() }))
        .max(MAX_MOVES)
        .refine((moves) => new Set(moves.map((move) => move.id)).size === moves.length, refusing(msg('onceEach'))),
    }),
    allOrNone: t.boolean({
      defaultValue: false,
      description: 'All moves commit or none does; the results say which failed and why.',
    }),
  }),
});

// Wrapped: graphql-js takes an Error a resolver answers for a failure of the field itself.
const MoveError = builder.objectRef<{ refusal: GatewayError }>('MoveError').implement({
  description: 'Why a move of a batch was not made.',
  fields: (t) => ({
    code: t.string({ resolve: ({ refusal }) => refusal.code }),
    message: t.string({ resolve: ({ refusal }, _args, ctx) => refusal.inLocale(ctx.locale).message }),
    reason: t.string({
      nullable: true,
      description:
        'VERSION_MISMATCH for a CONFLICT over expectedVersion, as a single move says in `extensions.reason`.',
      resolve: ({ refusal: { extensions } }) => (typeof extensions.reason === 'string' ? extensions.reason : null),
    }),
    currentVersion: t.int({
      nullable: true,
      description: "For a VERSION_MISMATCH: the opportunity's version now, to read it again from.",
      resolve: ({ refusal: { extensions } }) =>
        typeof extensions.currentVersion === 'number' ? extensions.currentVersion : null,
    }),
  }),
});

const StageMoveResult = builder.objectRef<MoveResult>('StageMoveResult').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    ok: t.exposeBoolean('ok'),
    opportunity: t.prismaField({
      type: 'Opportunity',
      nullable: true,
      description: 'The opportunity after the move (unchanged by a move to its current stage).',
      resolve: (_query, result) => (result.ok ? result.opportunity : null),
    }),
    error: t.field({
      type: MoveError,
      nullable: true,
      resolve: (result) => (result.ok ? null : { refusal: result.error }),
    }),
  }),
});

const MoveOpportunityStagesPayload = builder
  .objectRef<{ results: MoveResult[] }>('MoveOpportunityStagesPayload')
  .implement({
    fields: (t) => ({
      results: t.field({
        type: [StageMoveResult],
        description: 'One per move, in the order given.',
        resolve: (payload) => payload.results,
      }),
    }),
  });

builder.mutationFields((t) => ({
  moveOpportunityStages: t.field({
    type: MoveOpportunityStagesPayload,
    description:
      'Moves many opportunities in one transaction and one round trip; each move writes its history row and event.',
    authScopes: { scope: 'opportunities:write' },
    args: { input: t.arg({ type: MoveOpportunityStagesInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      results: await moveOpportunityStages(ctx, input.moves, input.allOrNone ?? false),
    }),
  }),
}));
