// The webhook GraphQL documents and a receiver's signature check, shared by the webhook tests.
import { Webhook } from 'standardwebhooks';
import type { Received } from './receiver.js';

export const CREATE_WEBHOOK = `mutation($input: CreateWebhookInput!) {
  createWebhook(input: $input) { secret webhook { id url events enabled } } }`;
export const UPDATE_WEBHOOK = `mutation($id: ID!, $input: UpdateWebhookInput!) {
  updateWebhook(id: $id, input: $input) { id enabled disabledReason } }`;
export const DELETE_WEBHOOK = `mutation($id: ID!) { deleteWebhook(id: $id) { id } }`;
export const WEBHOOKS = `{ webhooks { id url enabled disabledReason } }`;
export const DELIVERIES = `query($id: ID!) { webhookDeliveries(webhookId: $id) { nodes {
  id eventId eventType version status attempts lastResponseStatus nextAttemptAt deliveredAt } } }`;

export interface Delivered {
  type: string;
  timestamp: string;
  data: { opportunity: Record<string, unknown>; previous?: Record<string, unknown>; changed_fields?: string[] };
}

/** Verifies the signature as a receiver would; throws when it does not match. */
export function verified(secret: string, entry: Received): Delivered {
  const headers = {
    'webhook-id': String(entry.headers['webhook-id']),
    'webhook-timestamp': String(entry.headers['webhook-timestamp']),
    'webhook-signature': String(entry.headers['webhook-signature']),
  };
  return new Webhook(secret).verify(entry.body, headers) as Delivered;
}
