// Fan-out of JSON messages to listeners by key (e.g. a workspace), in this process or, with a
// Redis URL, on every instance: each instance publishes to one Redis channel and every instance
// (the publisher too) dispatches what the channel delivers, so all listeners see one order.
// Publishing never throws or waits: a Redis outage is logged and the messages of the outage lost
// (subscribers resume from the stored events). The Redis client is imported only when a URL is
// given: a process without one never loads it.
import type { createClient } from 'redis';

export type Listener<T> = (message: T) => void;

export interface EventBusOptions<T> {
  /** Which listeners a message is for. */
  keyOf: (message: T) => string;
  /** Unset: this process only. */
  redisUrl?: string | undefined;
  /** The Redis channel (shared by the instances of one deployment). */
  channel: string;
  logger?: Pick<Console, 'warn'>;
}

interface Subscription<T> {
  listener: Listener<T>;
  /** Told when the bus closes (shutdown): the subscriber ends its stream. */
  onClose: () => void;
}

type RedisClient = ReturnType<typeof createClient>;

export class EventBus<T> {
  private readonly subscriptions = new Map<string, Set<Subscription<T>>>();
  private publisher: RedisClient | undefined;
  private subscriber: RedisClient | undefined;
  private outage = false;
  private closed = false;
  /** Resolves once messages published from now on reach this instance's listeners. */
  readonly ready: Promise<void>;

  constructor(private readonly options: EventBusOptions<T>) {
    if (!options.redisUrl) {
      this.ready = Promise.resolve();
      return;
    }
    this.ready = this.connect(options.redisUrl, options.channel);
    // Waiters see the failure; this keeps it from being an unhandled rejection meanwhile.
    this.ready.catch((error: unknown) => this.warn(error));
  }

  publish(message: T): void {
    if (this.closed) return;
    if (!this.options.redisUrl) return this.dispatch(message);
    // After `ready`, publications keep their order: one connection, commands sent in call order.
    this.ready
      .then(() => this.publisher?.publish(this.options.channel, JSON.stringify(message)))
      .catch((error: unknown) => this.warn(error));
  }

  /** Listens to the messages for `key`; answers the unsubscribe function. */
  subscribe(key: string, listener: Listener<T>, onClose: () => void): () => void {
    const subscription = { listener, onClose };
    let set = this.subscriptions.get(key);
    if (!set) this.subscriptions.set(key, (set = new Set()));
    set.add(subscription);
    return () => {
      set.delete(subscription);
      if (!set.size && this.subscriptions.get(key) === set) this.subscriptions.delete(key);
    };
  }

  /** Ends every subscription (shutdown); publishing goes on until `close`. */
  endSubscriptions(): void {
    for (const set of this.subscriptions.values()) for (const { onClose } of set) onClose();
    this.subscriptions.clear();
  }

  /** Ends every subscription and disconnects from Redis. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.endSubscriptions();
    this.closed = true;
    await Promise.all(
      [this.publisher, this.subscriber].map(async (client) => {
        if (client?.isOpen) await client.close();
      }),
    );
  }

  private async connect(url: string, channel: string): Promise<void> {
    const { createClient } = await import('redis');
    if (this.closed) return;
    const publisher = (this.publisher = createClient({ url }));
    const subscriber = (this.subscriber = publisher.duplicate());
    for (const client of [publisher, subscriber]) {
      client.on('error', (error: Error) => this.warn(error));
      client.on('ready', () => (this.outage = false));
    }
    await Promise.all([publisher.connect(), subscriber.connect()]);
    await subscriber.subscribe(channel, (raw) => this.dispatch(JSON.parse(raw) as T));
  }

  private dispatch(message: T): void {
    const set = this.subscriptions.get(this.options.keyOf(message));
    if (set) for (const { listener } of set) listener(message);
  }

  private warn(error: unknown): void {
    if (this.outage || this.closed) return;
    this.outage = true;
    this.options.logger?.warn(
      `event bus: Redis unavailable (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}
