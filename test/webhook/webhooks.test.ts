// Signed webhooks end to end: endpoints managed over GraphQL, changes through the real handler,
// deliveries by the real graphile-worker to a real HTTP receiver that verifies each signature with
// the `standardwebhooks` library. Backoff is shortened so retries take milliseconds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJobWorker, type JobWorker } from '../../src/jobs/job-worker.js';
import { DEFAULT_WEBHOOK_CONFIG } from '../../src/modules/webhook/webhook-config.js';
import { useGateway } from '../support/gateway.js';
import { MOVE, UPDATE, createOpportunity, dataOf, onlyError } from '../opportunity/fixtures.js';
import { CREATE_WEBHOOK, DELETE_WEBHOOK, DELIVERIES, UPDATE_WEBHOOK, WEBHOOKS, verified } from './documents.js';
import { startReceiver, waitFor } from './receiver.js';

const gateway = useGateway({ webhookPrivateTargets: true });
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let worker: JobWorker;

beforeAll(async () => {
  receiver = await startReceiver();
  worker = await startJobWorker(gateway().db, {
    ...DEFAULT_WEBHOOK_CONFIG,
    concurrency: 1,
    pollIntervalMs: 200,
    retryBaseMs: 100,
    retryMaxMs: 300,
    disableAfterFailures: 4,
    timeoutMs: 2_000,
    allowPrivateTargets: true,
  });
});
afterAll(async () => {
  await worker.stop();
  await receiver.close();
});

async function createWebhook(key: string, path: string, input: Record<string, unknown> = {}) {
  const created = dataOf(
    await gateway().graphql(CREATE_WEBHOOK, { input: { url: receiver.url(path), ...input } }, key),
  );
  return created.createWebhook as { secret: string; webhook: { id: string } };
}

describe('signed webhooks', () => {
  it('delivers each change signed, with the REST representation and the previous stage', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const { secret, webhook } = await createWebhook(key, '/signed');
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const opportunity = await createOpportunity(gw, key, { notes: 'first' });
    dataOf(await gw.graphql(MOVE, { id: opportunity.id, input: { status: 'won' } }, key));

    await waitFor(() => receiver.at('/signed').length >= 2, 'two deliveries');
    const [created, moved] = receiver.at('/signed').map((entry) => verified(secret, entry));
    expect(created?.type).toBe('opportunity.created');
    expect(moved).toMatchObject({
      type: 'opportunity.stage_changed',
      data: { opportunity: { id: opportunity.id, status: 'won' }, previous: { status: 'new', won_at: null } },
    });
    const rest = await gw.fetch(`/external/v1/opportunities/${opportunity.id}`, { headers: { 'x-api-key': key } });
    expect(moved?.data.opportunity).toEqual(((await rest.json()) as { data: unknown }).data);

    // A tampered body fails verification.
    const [first] = receiver.at('/signed');
    expect(() => verified(secret, { ...first!, body: first!.body.replace('created', 'deleted') })).toThrow();
    const events = await gw.prisma.opportunityEvent.findMany({
      where: { opportunityId: opportunity.id },
      orderBy: { id: 'asc' },
    });
    expect(receiver.at('/signed').map((entry) => entry.headers['webhook-id'])).toEqual(
      events.map((e) => e.id.toString()),
    );

    // The worker records an attempt after the receiver has answered it.
    const attemptsOf = async () =>
      (
        dataOf(await gw.graphql(DELIVERIES, { id: webhook.id }, key)).webhookDeliveries.nodes as Array<{
          status: string;
          attempts: number;
          lastResponseStatus: number;
        }>
      ).map((d) => [d.status, d.attempts, d.lastResponseStatus]);
    await waitFor(async () => (await attemptsOf()).every(([status]) => status !== 'PENDING'), 'recorded attempts');
    expect(await attemptsOf()).toEqual([
      ['SUCCEEDED', 1, 200],
      ['SUCCEEDED', 1, 200],
    ]);
  });

  it('retries a failing receiver with backoff, holding later versions back so they arrive in order', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const { secret, webhook } = await createWebhook(key, '/flaky');
    let failures = 0;
    receiver.answer('/flaky', () => (failures++ < 2 ? 500 : 200));
    const opportunity = await createOpportunity(gw, key);
    dataOf(await gw.graphql(UPDATE, { id: opportunity.id, input: { notes: 'second' } }, key));
    dataOf(await gw.graphql(MOVE, { id: opportunity.id, input: { status: 'qualified' } }, key));

    await waitFor(() => receiver.at('/flaky').length >= 5, 'two failures and three deliveries');
    const attempts = receiver.at('/flaky');
    const ids = attempts.map((entry) => String(entry.headers['webhook-id']));
    // The first event three times (the same webhook-id every attempt), then the others in order.
    expect(ids[0]).toBe(ids[1]);
    expect(ids[1]).toBe(ids[2]);
    expect(attempts.map((entry) => verified(secret, entry).type)).toEqual([
      'opportunity.created',
      'opportunity.created',
      'opportunity.created',
      'opportunity.updated',
      'opportunity.stage_changed',
    ]);
    expect(verified(secret, attempts[3]!).data.changed_fields).toEqual(['notes']);
    // The worker records an attempt after the receiver has answered it.
    const last = await waitFor(async () => {
      const log = dataOf(await gw.graphql(DELIVERIES, { id: webhook.id }, key)).webhookDeliveries.nodes;
      return log.at(-1)?.status === 'SUCCEEDED' ? log.at(-1) : undefined;
    }, 'the recorded success');
    expect(last).toMatchObject({
      version: 1,
      status: 'SUCCEEDED',
      attempts: 3,
      lastResponseStatus: 200,
      nextAttemptAt: null,
    });
  });

  it('keeps retrying a receiver that is down (connection refused) and delivers once it is back', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    // A port that nothing listens on until the receiver comes back on it.
    const later = await startReceiver();
    const url = later.url('/back');
    await later.close();
    const created = dataOf(await gw.graphql(CREATE_WEBHOOK, { input: { url } }, key)).createWebhook as {
      secret: string;
      webhook: { id: string };
    };
    await createOpportunity(gw, key);
    const refused = await waitFor(async () => {
      const [delivery] = dataOf(await gw.graphql(DELIVERIES, { id: created.webhook.id }, key)).webhookDeliveries.nodes;
      return delivery?.attempts >= 2 ? delivery : undefined;
    }, 'two refused attempts');
    expect(refused).toMatchObject({ status: 'PENDING', lastResponseStatus: null });
    expect(refused.nextAttemptAt).not.toBeNull();

    const back = await startReceiver(Number(new URL(url).port));
    try {
      await waitFor(() => back.at('/back').length >= 1, 'the delivery after the receiver came back');
      expect(verified(created.secret, back.at('/back')[0]!).type).toBe('opportunity.created');
    } finally {
      await back.close();
    }
  });

  it('disables an endpoint that keeps failing, and one that answers 410 Gone', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    receiver.answer('/down', () => 503);
    receiver.answer('/gone', () => 410);
    const down = await createWebhook(key, '/down');
    const gone = await createWebhook(key, '/gone');
    await createOpportunity(gw, key);

    const list = await waitFor(async () => {
      const webhooks = dataOf(await gw.graphql(WEBHOOKS, {}, key)).webhooks as Array<{
        id: string;
        enabled: boolean;
        disabledReason: string;
      }>;
      return webhooks.every((w) => !w.enabled) ? webhooks : undefined;
    }, 'both endpoints disabled');
    expect(list.find((w) => w.id === gone.webhook.id)?.disabledReason).toMatch(/410/);
    expect(list.find((w) => w.id === down.webhook.id)?.disabledReason).toMatch(/4 failed attempts/);
    expect(receiver.at('/down')).toHaveLength(4);
    expect(receiver.at('/gone')).toHaveLength(1);
  });

  it('sends nothing to a disabled or deleted endpoint, and resumes an enabled one', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const paused = await createWebhook(key, '/paused');
    const deleted = await createWebhook(key, '/deleted');
    const control = await createWebhook(key, '/control');
    dataOf(await gw.graphql(UPDATE_WEBHOOK, { id: paused.webhook.id, input: { enabled: false } }, key));
    dataOf(await gw.graphql(DELETE_WEBHOOK, { id: deleted.webhook.id }, key));
    const opportunity = await createOpportunity(gw, key);
    dataOf(await gw.graphql(MOVE, { id: opportunity.id, input: { status: 'lost' } }, key));

    await waitFor(() => receiver.at('/control').length >= 2, 'the control endpoint’s deliveries');
    expect(receiver.at('/paused')).toHaveLength(0);
    expect(receiver.at('/deleted')).toHaveLength(0);
    expect(verified(control.secret, receiver.at('/control')[1]!).type).toBe('opportunity.stage_changed');

    // Disabled while the changes happened: nothing was owed; enabled again, later changes flow.
    dataOf(await gw.graphql(UPDATE_WEBHOOK, { id: paused.webhook.id, input: { enabled: true } }, key));
    dataOf(await gw.graphql(UPDATE, { id: opportunity.id, input: { notes: 'after' } }, key));
    await waitFor(() => receiver.at('/paused').length >= 1, 'the resumed endpoint’s delivery');
    expect(verified(paused.secret, receiver.at('/paused')[0]!).type).toBe('opportunity.updated');
  });

  it('filters by event type, and redelivers an event on request', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const moves = await createWebhook(key, '/moves', { events: ['STAGE_CHANGED'] });
    const opportunity = await createOpportunity(gw, key);
    dataOf(await gw.graphql(MOVE, { id: opportunity.id, input: { status: 'proposal' } }, key));
    await waitFor(() => receiver.at('/moves').length >= 1, 'the move');
    const delivery = await waitFor(async () => {
      const [recorded] = dataOf(await gw.graphql(DELIVERIES, { id: moves.webhook.id }, key)).webhookDeliveries.nodes;
      return recorded?.status === 'SUCCEEDED' ? recorded : undefined;
    }, 'the recorded success');
    expect(delivery).toMatchObject({ eventType: 'STAGE_CHANGED', status: 'SUCCEEDED' });

    const REDELIVER = `mutation($id: ID!) { redeliverWebhookEvent(deliveryId: $id) { id status } }`;
    dataOf(await gw.graphql(REDELIVER, { id: delivery.id }, key));
    await waitFor(() => receiver.at('/moves').length >= 2, 'the redelivery');
    const [first, again] = receiver.at('/moves');
    expect(again!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    expect(verified(moves.secret, again!).type).toBe('opportunity.stage_changed');
  });

  it('needs webhooks:read and webhooks:write, and sees only its own workspace', async () => {
    const gw = gateway();
    const { key, workspace } = await gw.workspace();
    const reader = await gw.key(workspace.id, ['webhooks:read']);
    const other = await gw.workspace();
    const { webhook } = await createWebhook(key, '/scoped');

    const refused = onlyError(await gw.graphql(CREATE_WEBHOOK, { input: { url: receiver.url('/x') } }, reader));
    expect(refused.extensions).toMatchObject({ code: 'FORBIDDEN', requiredScope: 'webhooks:write' });
    const noRead = await gw.key(workspace.id, ['opportunities:read']);
    expect(onlyError(await gw.graphql(WEBHOOKS, {}, noRead)).extensions?.code).toBe('FORBIDDEN');
    expect(dataOf(await gw.graphql(WEBHOOKS, {}, reader)).webhooks).toEqual([
      { id: webhook.id, url: receiver.url('/scoped'), enabled: true, disabledReason: null },
    ]);
    expect(dataOf(await gw.graphql(WEBHOOKS, {}, other.key)).webhooks).toEqual([]);
    expect(onlyError(await gw.graphql(DELETE_WEBHOOK, { id: webhook.id }, other.key)).extensions?.code).toBe(
      'NOT_FOUND',
    );
    expect(onlyError(await gw.graphql(DELETE_WEBHOOK, { id: 'not-a-uuid' }, key)).extensions).toMatchObject({
      code: 'VALIDATION_ERROR',
      reason: 'MALFORMED_ID',
      fields: { id: 'Must be a UUID' },
    });
    const foreignPipeline = { url: receiver.url('/x'), pipelineId: 'not-a-uuid' };
    expect(onlyError(await gw.graphql(CREATE_WEBHOOK, { input: foreignPipeline }, key)).extensions?.code).toBe(
      'NOT_FOUND',
    );
    const badUrl = onlyError(await gw.graphql(CREATE_WEBHOOK, { input: { url: 'ftp://example.com/hook' } }, key));
    expect(badUrl.extensions).toMatchObject({ code: 'VALIDATION_ERROR' });
  });
});
