// The graphile-worker task that delivers one endpoint's events for one opportunity, oldest version
// first. The trigger on opportunity_event enqueues it (key and queue: the endpoint and opportunity),
// so one runs at a time per pair and a failing head holds back the later versions: receivers get
// them in order. A failure records the attempt and schedules the same job for later (our own
// backoff with jitter); graphile-worker's own retries only cover this code failing (database down).
import { Webhook as Signer } from 'standardwebhooks';
import type { JobHelpers, Task } from 'graphile-worker';
import type { PrismaClient } from '../generated/prisma/client.js';
import { retryDelayMs, type WebhookConfig } from '../modules/webhook/webhook-config.js';
import { toRest } from '../vendors/getraze/opportunity.rest.js';
import { postWebhook } from './webhook-post.js';

export const WEBHOOK_DELIVERY_TASK = 'webhook_delivery';

interface Payload {
  workspaceId: string;
  webhookId: string;
  opportunityId: string;
}

function isPayload(value: unknown): value is Payload {
  const p = value as Partial<Payload> | null;
  return typeof p?.workspaceId === 'string' && typeof p.webhookId === 'string' && typeof p.opportunityId === 'string';
}

/** The job key and queue of a pair: the same the trigger uses. */
export function deliveryJobKey(webhookId: string, opportunityId: string): string {
  return `webhook:${webhookId}:${opportunityId}`;
}

/** The body of a delivery: the event type, its time and the opportunity as GET /external/v1/opportunities/:id answers it. */
async function deliveryBody(prisma: PrismaClient, workspaceId: string, eventId: bigint): Promise<string> {
  const event = await prisma.opportunityEvent.findUniqueOrThrow({
    where: { workspaceId_id: { workspaceId, id: eventId } },
  });
  const opportunity = await prisma.opportunity.findFirst({
    where: { workspaceId, id: event.opportunityId },
    include: { stage: { select: { key: true } } },
  });
  const current = opportunity
    ? toRest({
        ...opportunity,
        dealValue: opportunity.dealValue === null ? null : opportunity.dealValue.toString(),
        status: opportunity.stage.key,
        wonAt: opportunity.wonAt?.toISOString() ?? null,
        lostAt: opportunity.lostAt?.toISOString() ?? null,
        stageChangedAt: opportunity.stageChangedAt.toISOString(),
        createdAt: opportunity.createdAt.toISOString(),
        updatedAt: opportunity.updatedAt.toISOString(),
      })
    : { id: event.opportunityId };
  const data: Record<string, unknown> = { opportunity: current };
  if (event.type === 'updated') data.changed_fields = event.changedFields;
  if (event.type === 'stage_changed') {
    const from = event.fromStageId
      ? await prisma.opportunityStage.findUnique({ where: { id: event.fromStageId }, select: { key: true } })
      : null;
    data.previous = {
      status: from?.key ?? null,
      stage_id: event.fromStageId,
      won_at: event.previousWonAt?.toISOString() ?? null,
      lost_at: event.previousLostAt?.toISOString() ?? null,
    };
  }
  return JSON.stringify({ type: `opportunity.${event.type}`, timestamp: event.occurredAt.toISOString(), data });
}

async function disable(prisma: PrismaClient, workspaceId: string, webhookId: string, reason: string) {
  await prisma.webhook.updateMany({
    where: { workspaceId, id: webhookId, enabled: true },
    data: { enabled: false, disabledReason: reason, disabledAt: new Date() },
  });
}

export function webhookDeliveryTask(prisma: PrismaClient, config: WebhookConfig): Task {
  return async (payload: unknown, helpers: JobHelpers) => {
    if (!isPayload(payload)) throw new Error('webhook_delivery: malformed payload');
    const { workspaceId, webhookId, opportunityId } = payload;
    for (;;) {
      const webhook = await prisma.webhook.findUnique({ where: { workspaceId_id: { workspaceId, id: webhookId } } });
      // Deleted: its deliveries went with it. Disabled: they wait for it to be enabled again.
      if (!webhook?.enabled) return;
      const head = await prisma.webhookDelivery.findFirst({
        where: { workspaceId, webhookId, opportunityId, status: 'pending' },
        orderBy: [{ version: 'asc' }, { id: 'asc' }],
      });
      if (!head) return;
      const key = deliveryJobKey(webhookId, opportunityId);
      // A job that came early (enqueued while a retry waited): wait for the head's time.
      if (head.nextAttemptAt && head.nextAttemptAt.getTime() > Date.now() + 50) {
        await helpers.addJob(WEBHOOK_DELIVERY_TASK, payload, {
          queueName: key,
          jobKey: key,
          runAt: head.nextAttemptAt,
        });
        return;
      }
      const body = await deliveryBody(prisma, workspaceId, head.eventId);
      const messageId = head.eventId.toString();
      const now = new Date();
      const headers = {
        'webhook-id': messageId,
        'webhook-timestamp': Math.floor(now.getTime() / 1000).toString(),
        'webhook-signature': new Signer(webhook.secret).sign(messageId, now, body),
      };
      const outcome = await postWebhook(webhook.url, headers, body, config);
      const attempt = { attempts: { increment: 1 }, lastAttemptAt: new Date(), lastResponseStatus: outcome.status };
      if (outcome.ok) {
        await prisma.$transaction([
          prisma.webhookDelivery.update({
            where: { workspaceId_id: { workspaceId, id: head.id } },
            data: { ...attempt, status: 'succeeded', deliveredAt: new Date(), nextAttemptAt: null, lastError: null },
          }),
          prisma.webhook.update({
            where: { workspaceId_id: { workspaceId, id: webhookId } },
            data: { consecutiveFailures: 0 },
          }),
        ]);
        continue;
      }
      const failures = webhook.consecutiveFailures + 1;
      const nextAttemptAt = new Date(Date.now() + retryDelayMs(config, head.attempts + 1));
      await prisma.$transaction([
        prisma.webhookDelivery.update({
          where: { workspaceId_id: { workspaceId, id: head.id } },
          data: { ...attempt, lastError: outcome.error.slice(0, 500), nextAttemptAt },
        }),
        prisma.webhook.update({
          where: { workspaceId_id: { workspaceId, id: webhookId } },
          data: { consecutiveFailures: failures },
        }),
      ]);
      if (outcome.status === 410) return disable(prisma, workspaceId, webhookId, 'The receiver answered 410 Gone');
      if (failures >= config.disableAfterFailures)
        return disable(prisma, workspaceId, webhookId, `${failures} failed attempts in a row (last: ${outcome.error})`);
      // The current job is locked, so this adds the retry as a new job under the pair's key.
      await helpers.addJob(WEBHOOK_DELIVERY_TASK, payload, {
        queueName: key,
        jobKey: key,
        jobKeyMode: 'replace',
        runAt: nextAttemptAt,
      });
      return;
    }
  };
}
