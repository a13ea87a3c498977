// What one subscriber receives: with `after`, the stored events after that id first, then the live
// ones, with no gap and no duplicate. The live listener is registered (and Redis subscribed)
// before the first stored page is read, so an event committed meanwhile is in the page, in the
// live queue, or both, and the ids delivered from the store are skipped when they come live.
import type { PrismaClient } from '../../generated/prisma/client.js';
import { LiveQueue, OVERFLOW } from '../../subscriptions/live-queue.js';
import type { EventBus } from '../../subscriptions/event-bus.js';
import { storedEventsAfter, type OpportunityEvent } from './opportunity-event.service.js';

export { OVERFLOW };
export type StreamItem = OpportunityEvent | typeof OVERFLOW;

const REPLAY_PAGE = 100;

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
  private readonly replayed = new Set<string>();

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
    const stored = await this.nextStored();
    if (stored) {
      this.replayed.add(stored.id);
      return { value: stored, done: false };
    }
    for (;;) {
      const result = await this.live.next();
      if (result.done || result.value === OVERFLOW || !this.replayed.delete(result.value.id)) {
        if (result.done || result.value === OVERFLOW) this.unsubscribe();
        return result;
      }
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
