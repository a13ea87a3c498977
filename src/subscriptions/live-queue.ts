// The messages waiting for one subscriber, bounded: a subscriber that falls more than `max` behind
// is not kept up with at the cost of the server's memory. Its waiting messages are dropped, it is
// handed `OVERFLOW` (to say why it ends) and then the end.

export const OVERFLOW = Symbol('overflow');

export class LiveQueue<T> {
  private items: Array<T | typeof OVERFLOW> = [];
  private waiter: ((result: IteratorResult<T | typeof OVERFLOW, undefined>) => void) | undefined;
  private ending = false;

  constructor(private readonly max: number) {}

  push(item: T): void {
    if (this.ending) return;
    if (this.waiter) return this.handOver({ value: item, done: false });
    if (this.items.length < this.max) {
      this.items.push(item);
      return;
    }
    this.items = [OVERFLOW];
    this.ending = true;
  }

  /** No more messages: the subscriber gets those waiting, then the end. */
  end(): void {
    this.ending = true;
    if (this.waiter && !this.items.length) this.handOver({ value: undefined, done: true });
  }

  /** Drops what waits and ends now (the subscriber left). */
  clear(): void {
    this.items = [];
    this.end();
  }

  next(): Promise<IteratorResult<T | typeof OVERFLOW, undefined>> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve({ value: item, done: false });
    if (this.ending) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiter = resolve));
  }

  private handOver(result: IteratorResult<T | typeof OVERFLOW, undefined>): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.(result);
  }
}
