// What one subscriber receives: with `after`, the stored events after that id first, then the live
// ones, with no gap and no duplicate, each opportunity's in version order. The live listener is
// registered (and Redis subscribed) before the first stored page is read, so an event committed
// meanwhile is in the page, in the live queue, or both. The last version delivered per opportunity
// drops what was already delivered, and a live event that skips versions (another instance's
// publication overtaken by a later one) is preceded by the stored events it skipped.
import { LRUCache } from 'lru-cache';
import type { PrismaClient } from '../../generated/prisma/client.js';
import { LiveQueue, OVERFLOW } from '../../subscriptions/live-queue.js';
import type { EventBus } from '../../subscriptions/event-bus.js';
import { storedEventsAfter, storedEventsBetween, type OpportunityEvent } from './opportunity-event.service.js';

export { OVERFLOW };
export type StreamItem = OpportunityEvent | typeof OVERFLOW;

const REPLAY_PAGE = 100;
/** Opportunities whose last delivered version a subscriber remembers. */
const REMEMBERED_OPPORTUNITIES = 10_000;

export interface EventStreamOptions {
  prisma: PrismaClient;
  bus: EventBus<OpportunityEvent>;
  workspaceId: string;
  pipelineId: string | null;
  /** Resume after this event id. */
  after: string | null;
  maxPending: number;
}

const concerns = (pipelineId: string | null) => (event: OpportunityEvent) =>
  pipelineId === null || event.pipelineId === pipelineId || event.previousPipelineId === pipelineId;

export class OpportunityEventStream implements AsyncIterableIterator<StreamItem, undefined> {
  private readonly live: LiveQueue<OpportunityEvent>;
  private readonly unsubscribe: () => void;
  /** The last stored event read; null once the stored events are all delivered. */
  private replayCursor: string | null;
  private page: OpportunityEvent[] = [];
  /** Stored events to deliver before the live event that revealed they were skipped. */
  private skipped: OpportunityEvent[] = [];
  private readonly delivered = new LRUCache<string, number>({ max: REMEMBERED_OPPORTUNITIES });

  constructor(private readonly options: EventStreamOptions) {
    this.live = new LiveQueue(options.maxPending);
    this.replayCursor = options.after;
    const wanted = concerns(options.pipelineId);
    this.unsubscribe = options.bus.subscribe(
      options.workspaceId,
      (event) => {
        if (wanted(event)) this.live.push(event);
      },
      () => this.live.end(),
    );
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  async next(): Promise<IteratorResult<StreamItem, undefined>> {
    await this.options.bus.ready;
    const next = (await this.nextStored()) ?? this.skipped.shift() ?? (await this.nextLive());
    if (next === undefined || next === OVERFLOW) {
      this.unsubscribe();
      return next === OVERFLOW ? { value: OVERFLOW, done: false } : { value: undefined, done: true };
    }
    this.delivered.set(next.opportunityId, next.version);
    return { value: next, done: false };
  }

  private async nextLive(): Promise<StreamItem | undefined> {
    for (;;) {
      const result = await this.live.next();
      if (result.done || result.value === OVERFLOW) return result.value;
      const event = result.value;
      const last = this.delivered.get(event.opportunityId);
      if (last === undefined) return event;
      if (event.version <= last) continue;
      if (event.version === last + 1) return event;
      const { prisma, workspaceId, pipelineId } = this.options;
      const versions = { after: last, before: event.version };
      this.skipped = [
        ...(await storedEventsBetween(prisma, workspaceId, event.opportunityId, versions, pipelineId)),
        event,
      ];
      return this.skipped.shift();
    }
  }

  /** The subscriber left: stop listening at once (even while a `next` waits). */
  return(): Promise<IteratorResult<StreamItem, undefined>> {
    this.unsubscribe();
    this.live.clear();
    this.replayCursor = null;
    return Promise.resolve({ value: undefined, done: true });
  }

  private async nextStored(): Promise<OpportunityEvent | undefined> {
    if (!this.page.length && this.replayCursor !== null) {
      const { prisma, workspaceId, pipelineId } = this.options;
      this.page = await storedEventsAfter(prisma, workspaceId, this.replayCursor, pipelineId, REPLAY_PAGE);
      this.replayCursor = this.page.at(-1)?.id ?? null;
    }
    return this.page.shift();
  }
}
