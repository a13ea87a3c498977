// Webhook endpoints of a workspace and their delivery log. The secret is made here and answered
// once by `create`; deliveries are written by the trigger on opportunity_event and attempted by the
// job worker (src/jobs). Enabling an endpoint again resumes what it still owes.
import { randomBytes } from 'node:crypto';
import { notFound, validationError } from '../../errors.js';
import { msg } from '../../i18n/messages.js';
import type { OpportunityEventType, PrismaClient, Webhook } from '../../generated/prisma/client.js';
import { targetRefusal } from './webhook-target.js';

export interface WebhookInput {
  url?: string | null;
  events?: OpportunityEventType[] | null;
  pipelineId?: string | null;
  description?: string | null;
  enabled?: boolean | null;
}

/** `whsec_` and 32 random bytes in base64: the Standard Webhooks secret format. */
function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export class WebhookService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly options: { allowPrivateTargets: boolean },
  ) {}

  #checkUrl(url: string) {
    const refusal = targetRefusal(url, this.options.allowPrivateTargets);
    if (refusal) throw validationError({ url: msg(refusal === 'private' ? 'webhookUrlPrivate' : 'webhookUrlInvalid') });
  }

  async #pipelineExists(workspaceId: string, pipelineId: string) {
    const found = await this.prisma.pipeline.findFirst({
      where: { workspaceId, id: pipelineId },
      select: { id: true },
    });
    if (!found) throw notFound('Pipeline', pipelineId);
  }

  async create(
    workspaceId: string,
    input: WebhookInput & { url: string },
  ): Promise<{ webhook: Webhook; secret: string }> {
    this.#checkUrl(input.url);
    if (input.pipelineId) await this.#pipelineExists(workspaceId, input.pipelineId);
    const secret = newSecret();
    const webhook = await this.prisma.webhook.create({
      data: {
        workspaceId,
        url: input.url,
        description: input.description ?? null,
        eventTypes: input.events ?? [],
        pipelineId: input.pipelineId ?? null,
        secret,
      },
    });
    return { webhook, secret };
  }

  async get(workspaceId: string, id: string): Promise<Webhook> {
    const webhook = await this.prisma.webhook.findFirst({ where: { workspaceId, id } });
    if (!webhook) throw notFound('Webhook', id);
    return webhook;
  }

  list(workspaceId: string): Promise<Webhook[]> {
    return this.prisma.webhook.findMany({ where: { workspaceId }, orderBy: { createdAt: 'asc' } });
  }

  async update(workspaceId: string, id: string, input: WebhookInput): Promise<Webhook> {
    const current = await this.get(workspaceId, id);
    if (input.url) this.#checkUrl(input.url);
    if (input.pipelineId) await this.#pipelineExists(workspaceId, input.pipelineId);
    const enabling = input.enabled === true && !current.enabled;
    return this.prisma.$transaction(async (tx) => {
      const webhook = await tx.webhook.update({
        where: { workspaceId_id: { workspaceId, id } },
        data: {
          ...(input.url ? { url: input.url } : {}),
          ...(input.events !== undefined ? { eventTypes: input.events ?? [] } : {}),
          ...(input.pipelineId !== undefined ? { pipelineId: input.pipelineId } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.enabled === false && current.enabled
            ? { enabled: false, disabledReason: 'Disabled through the API', disabledAt: new Date() }
            : {}),
          ...(enabling ? { enabled: true, disabledReason: null, disabledAt: null, consecutiveFailures: 0 } : {}),
        },
      });
      if (enabling)
        await tx.$executeRaw`SELECT enqueue_pending_webhook_deliveries(${workspaceId}::uuid, ${id}::uuid, NULL)`;
      return webhook;
    });
  }

  async delete(workspaceId: string, id: string): Promise<Webhook> {
    const webhook = await this.get(workspaceId, id);
    // Its deliveries go with it (cascade); a job still queued for it finds nothing to do.
    await this.prisma.webhook.delete({ where: { workspaceId_id: { workspaceId, id } } });
    return webhook;
  }

  /** A page of an endpoint's deliveries, newest first, after the cursor (a delivery id). */
  async deliveries(workspaceId: string, webhookId: string, first: number, after: string | null) {
    await this.get(workspaceId, webhookId);
    const rows = await this.prisma.webhookDelivery.findMany({
      where: { workspaceId, webhookId, ...(after && /^\d{1,18}$/.test(after) ? { id: { lt: BigInt(after) } } : {}) },
      orderBy: { id: 'desc' },
      take: first + 1,
      include: { event: { select: { type: true } } },
    });
    return { nodes: rows.slice(0, first), hasNextPage: rows.length > first };
  }

  /** Sends an event again (a new attempt cycle on the same delivery): its webhook-id stays the event id. */
  async redeliver(workspaceId: string, deliveryId: string) {
    if (!/^\d{1,18}$/.test(deliveryId)) throw notFound('Webhook delivery', deliveryId);
    const id = BigInt(deliveryId);
    const delivery = await this.prisma.webhookDelivery.findFirst({ where: { workspaceId, id } });
    if (!delivery) throw notFound('Webhook delivery', deliveryId);
    return this.prisma.$transaction(async (tx) => {
      const updated = await tx.webhookDelivery.update({
        where: { workspaceId_id: { workspaceId, id } },
        data: { status: 'pending', nextAttemptAt: new Date(), deliveredAt: null },
        include: { event: { select: { type: true } } },
      });
      await tx.$executeRaw`SELECT enqueue_pending_webhook_deliveries(${workspaceId}::uuid, ${delivery.webhookId}::uuid, ${delivery.opportunityId})`;
      return updated;
    });
  }
}
