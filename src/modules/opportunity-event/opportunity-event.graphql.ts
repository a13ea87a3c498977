// GraphQL surface of opportunity events: the event type and the `opportunityEvents` subscription,
// served over Server-Sent Events (Yoga) and WebSocket (src/subscriptions/websocket.ts).
import { builder } from '../../builder.js';
import { callerOf } from '../../context.js';
import { isUuid } from '../../db/ids.js';
import { notFound, validationError } from '../../errors.js';
import { msg } from '../../i18n/messages.js';
import { subscriberTooSlow } from './opportunity-event.errors.js';
import type { OpportunityEvent } from './opportunity-event.service.js';
import { OpportunityEventStream, OVERFLOW } from './opportunity-event.stream.js';

const EVENT_ID = /^\d{1,18}$/;

export const OpportunityEventType = builder.enumType('OpportunityEventType', {
  values: {
    CREATED: { value: 'created' },
    UPDATED: { value: 'updated' },
    STAGE_CHANGED: { value: 'stage_changed' },
    DELETED: { value: 'deleted' },
  } as const,
});

const OpportunityEventRef = builder.objectRef<OpportunityEvent>('OpportunityEvent').implement({
  description: 'One committed change to an opportunity.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Increasing; give it as `after` to resume after this event.' }),
    type: t.field({ type: OpportunityEventType, resolve: (event) => event.type }),
    occurredAt: t.field({ type: 'DateTime', resolve: (event) => new Date(event.occurredAt) }),
    opportunityId: t.exposeID('opportunityId'),
    version: t.exposeInt('version', {
      description: "The opportunity's version the change produced (a delete: the last version plus one).",
    }),
    opportunity: t.prismaField({
      type: 'Opportunity',
      nullable: true,
      description: 'The current state of the opportunity; null once deleted.',
      resolve: (query, event, _args, ctx) =>
        ctx.prisma.opportunity.findFirst({
          ...query,
          where: { id: event.opportunityId, workspaceId: event.workspaceId },
        }),
    }),
    stageChange: t.prismaField({
      type: 'StageChange',
      nullable: true,
      description: "STAGE_CHANGED: the move, from the opportunity's history (gone with a deleted opportunity).",
      resolve: (query, event, _args, ctx) =>
        event.type === 'stage_changed'
          ? ctx.prisma.stageChange.findFirst({
              ...query,
              where: { opportunityId: event.opportunityId, version: event.version, workspaceId: event.workspaceId },
            })
          : null,
    }),
    changedFields: t.stringList({
      nullable: true,
      description: 'UPDATED: the fields whose values changed.',
      resolve: (event) => (event.type === 'updated' ? event.changedFields : null),
    }),
  }),
});

builder.subscriptionFields((t) => ({
  opportunityEvents: t.field({
    type: OpportunityEventRef,
    description:
      "Every change to the key's workspace's opportunities (of one pipeline, when given) as it commits. " +
      'With `after`, the stored events after that id come first, with no gap and no duplicate.',
    authScopes: { scope: 'opportunities:read' },
    args: {
      pipelineId: t.arg.id(),
      after: t.arg.id({ description: 'An event id: resume after it.' }),
    },
    subscribe: async (_root, { pipelineId, after }, ctx) => {
      const workspaceId = callerOf(ctx).workspaceId;
      // Checked here: the validation plugin checks arguments where events are resolved, too late.
      if (after != null && !EVENT_ID.test(after)) throw validationError({ after: msg('eventId') });
      if (pipelineId) {
        const found =
          isUuid(pipelineId) && (await ctx.prisma.pipeline.count({ where: { id: pipelineId, workspaceId } }));
        if (!found) throw notFound('Pipeline', pipelineId);
      }
      return new OpportunityEventStream({
        prisma: ctx.prisma,
        bus: ctx.services.opportunityEvents,
        workspaceId,
        pipelineId: pipelineId ?? null,
        after: after ?? null,
        maxPending: ctx.services.events.maxPending,
      });
    },
    resolve: (item, _args, ctx) => {
      if (item === OVERFLOW) throw subscriberTooSlow(ctx.services.events.maxPending);
      return item;
    },
  }),
}));
