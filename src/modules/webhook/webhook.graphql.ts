// GraphQL surface of webhooks: endpoints of the caller's workspace (`webhooks:read`/`webhooks:write`),
// their delivery log, and sending an event again. The signing secret is answered once, by createWebhook.
import { z } from 'zod';
import { builder } from '../../builder.js';
import { callerOf } from '../../context.js';
import { idArgument, UUID_ID } from '../../graphql/validation.js';
import type { Webhook, WebhookDelivery } from '../../generated/prisma/client.js';
import { OpportunityEventType as WebhookEventType } from '../opportunity-event/opportunity-event.graphql.js';

type EventType = 'created' | 'updated' | 'stage_changed' | 'deleted';

const WebhookRef = builder.objectRef<Webhook>('Webhook').implement({
  description: 'An endpoint that receives signed POSTs (Standard Webhooks) of the workspace’s opportunity events.',
  fields: (t) => ({
    id: t.exposeID('id'),
    url: t.exposeString('url'),
    description: t.exposeString('description', { nullable: true }),
    events: t.field({
      type: [WebhookEventType],
      description: 'The event types it receives; empty: every type.',
      resolve: (webhook) => webhook.eventTypes,
    }),
    pipelineId: t.exposeID('pipelineId', { nullable: true }),
    enabled: t.exposeBoolean('enabled'),
    disabledReason: t.exposeString('disabledReason', { nullable: true }),
    disabledAt: t.expose('disabledAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

type DeliveryRow = WebhookDelivery & { event: { type: EventType } };

const DeliveryStatus = builder.enumType('WebhookDeliveryStatus', {
  values: { PENDING: { value: 'pending' }, SUCCEEDED: { value: 'succeeded' }, FAILED: { value: 'failed' } } as const,
});

const WebhookDeliveryRef = builder.objectRef<DeliveryRow>('WebhookDelivery').implement({
  fields: (t) => ({
    id: t.id({ resolve: (delivery) => delivery.id.toString() }),
    eventId: t.id({
      description: 'Also the `webhook-id` header of every attempt.',
      resolve: (d) => d.eventId.toString(),
    }),
    eventType: t.field({ type: WebhookEventType, resolve: (d) => d.event.type }),
    opportunityId: t.exposeID('opportunityId'),
    version: t.exposeInt('version'),
    status: t.field({ type: DeliveryStatus, resolve: (d) => d.status }),
    attempts: t.exposeInt('attempts'),
    lastAttemptAt: t.expose('lastAttemptAt', { type: 'DateTime', nullable: true }),
    lastResponseStatus: t.exposeInt('lastResponseStatus', { nullable: true }),
    lastError: t.exposeString('lastError', { nullable: true }),
    nextAttemptAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it is attempted next; null once delivered.',
      resolve: (d) => (d.status === 'pending' ? d.nextAttemptAt : null),
    }),
    deliveredAt: t.expose('deliveredAt', { type: 'DateTime', nullable: true }),
  }),
});

const WebhookDeliveryPage = builder
  .objectRef<{ nodes: DeliveryRow[]; hasNextPage: boolean }>('WebhookDeliveryPage')
  .implement({
    fields: (t) => ({
      nodes: t.field({ type: [WebhookDeliveryRef], resolve: (page) => page.nodes }),
      hasNextPage: t.exposeBoolean('hasNextPage'),
      endCursor: t.id({ nullable: true, resolve: (page) => page.nodes.at(-1)?.id.toString() ?? null }),
    }),
  });

const CreateWebhookPayload = builder.objectRef<{ webhook: Webhook; secret: string }>('CreateWebhookPayload').implement({
  fields: (t) => ({
    webhook: t.field({ type: WebhookRef, resolve: (created) => created.webhook }),
    secret: t.exposeString('secret', {
      description: 'The signing secret (`whsec_…`), answered this once: verify deliveries with it.',
    }),
  }),
});

const url = z.string().max(2048);
const description = z.string().max(255);

const CreateWebhookInput = builder.inputType('CreateWebhookInput', {
  fields: (t) => ({
    url: t.string({ required: true, validate: url }),
    events: t.field({ type: [WebhookEventType], description: 'Omitted or empty: every type.' }),
    pipelineId: t.id({ description: 'Only the events of this pipeline.' }),
    description: t.string({ validate: description.nullable() }),
  }),
});

const UpdateWebhookInput = builder.inputType('UpdateWebhookInput', {
  fields: (t) => ({
    url: t.string({ validate: url.nullable() }),
    events: t.field({ type: [WebhookEventType] }),
    pipelineId: t.id(),
    description: t.string({ validate: description.nullable() }),
    enabled: t.boolean({ description: 'true resumes a disabled endpoint, with what it still owes.' }),
  }),
});

builder.queryFields((t) => ({
  webhooks: t.field({
    type: [WebhookRef],
    authScopes: { scope: 'webhooks:read' },
    resolve: (_root, _args, ctx) => ctx.services.webhooks.list(callerOf(ctx).workspaceId),
  }),
  webhookDeliveries: t.field({
    type: WebhookDeliveryPage,
    description: 'An endpoint’s deliveries, newest first.',
    authScopes: { scope: 'webhooks:read' },
    args: {
      webhookId: t.arg.id({ required: true }),
      first: t.arg.int({ defaultValue: 20, validate: z.number().int().min(1).max(100) }),
      after: t.arg.id(),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.webhooks.deliveries(
        callerOf(ctx).workspaceId,
        idArgument(String(args.webhookId), UUID_ID, 'webhookId'),
        args.first ?? 20,
        args.after ? String(args.after) : null,
      ),
  }),
}));

builder.mutationFields((t) => ({
  createWebhook: t.field({
    type: CreateWebhookPayload,
    authScopes: { scope: 'webhooks:write' },
    args: { input: t.arg({ type: CreateWebhookInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      ctx.services.webhooks.create(callerOf(ctx).workspaceId, {
        ...input,
        pipelineId: input.pipelineId ? String(input.pipelineId) : null,
      }),
  }),
  updateWebhook: t.field({
    type: WebhookRef,
    authScopes: { scope: 'webhooks:write' },
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateWebhookInput, required: true }) },
    resolve: (_root, { id, input }, ctx) =>
      ctx.services.webhooks.update(callerOf(ctx).workspaceId, idArgument(String(id), UUID_ID), {
        ...input,
        pipelineId: input.pipelineId === undefined ? undefined : input.pipelineId && String(input.pipelineId),
      }),
  }),
  deleteWebhook: t.field({
    type: WebhookRef,
    description: 'Deletes the endpoint and its delivery log; nothing more is sent to it.',
    authScopes: { scope: 'webhooks:write' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) =>
      ctx.services.webhooks.delete(callerOf(ctx).workspaceId, idArgument(String(id), UUID_ID)),
  }),
  redeliverWebhookEvent: t.field({
    type: WebhookDeliveryRef,
    description: 'Sends a delivery’s event again, in order with the opportunity’s others.',
    authScopes: { scope: 'webhooks:write' },
    args: { deliveryId: t.arg.id({ required: true }) },
    resolve: (_root, { deliveryId }, ctx) =>
      ctx.services.webhooks.redeliver(callerOf(ctx).workspaceId, String(deliveryId)),
  }),
}));
