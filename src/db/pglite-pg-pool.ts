// The embedded PGlite seen as a `pg.Pool`, for graphile-worker (which speaks only node-postgres), so
// the job queue runs one code path on both databases. Why not @electric-sql/pglite-socket: its
// multiplexer forwards each wire message on its own, so the app's own queries (through Prisma, in
// process) could land between another connection's Parse and Bind, or inside its transaction.
// Here every statement goes through PGlite's own `query`/`exec`/`transaction`, which take the same
// locks as Prisma's adapter: nothing interleaves. Only what graphile-worker uses is served: plain
// and parameterised statements, BEGIN…COMMIT/ROLLBACK on one client, LISTEN/UNLISTEN with
// `notification` events (PGlite's own listeners), `connect()` with or without a callback.
import { EventEmitter } from 'node:events';
import type { PGlite, Results, Transaction } from '@electric-sql/pglite';
import type pg from 'pg';

type QueryConfig = string | { text: string; values?: unknown[] };

/** node-postgres answers int8 and numeric as strings; graphile-worker relies on it (job ids). */
const PG_PARSERS = { 20: (value: string) => value, 1700: (value: string) => value };

interface OpenTransaction {
  tx: Transaction;
  finish(commit: boolean): Promise<void>;
}

function toPgResult(result: Results | undefined) {
  const rows = result?.rows ?? [];
  return { rows, rowCount: result?.affectedRows ?? rows.length, fields: result?.fields ?? [] };
}

class PgliteClient extends EventEmitter {
  #transaction: OpenTransaction | undefined;
  readonly #listening = new Map<string, () => Promise<void>>();

  constructor(
    private readonly pglite: PGlite,
    private readonly pool: PglitePool,
  ) {
    super();
  }

  async query(config: QueryConfig, values?: unknown[]) {
    const text = typeof config === 'string' ? config : config.text;
    const params = values ?? (typeof config === 'string' ? undefined : config.values) ?? [];
    const command = text.trim().replace(/;$/, '').toLowerCase();
    if (command === 'begin') return toPgResult(await this.#begin());
    if (command === 'commit' || command === 'rollback') return toPgResult(await this.#finish(command === 'commit'));
    const channels = [...text.matchAll(/\b(UN)?LISTEN\s+"([^"]+)"/gi)];
    if (channels.length > 0) {
      for (const [, un, channel = ''] of channels) await (un ? this.#unlisten(channel) : this.#listen(channel));
      return toPgResult(undefined);
    }
    const runner = this.#transaction?.tx ?? this.pglite;
    if (params.length === 0) {
      const results = await runner.exec(text, { parsers: PG_PARSERS });
      return toPgResult(results.at(-1));
    }
    return toPgResult(await runner.query(text, params, { parsers: PG_PARSERS }));
  }

  release() {
    this.pool.emit('release', undefined, this);
  }

  async #begin(): Promise<undefined> {
    if (this.#transaction) throw new Error('a transaction is already open on this client');
    // PGlite's transaction holds its lock until the callback ends: it ends at COMMIT or ROLLBACK.
    await new Promise<void>((opened, failed) => {
      this.pglite
        .transaction(
          (tx) =>
            new Promise<void>((finished, aborted) => {
              this.#transaction = {
                tx,
                finish: async (commit) => {
                  if (commit) finished();
                  else {
                    await tx.rollback().catch(() => undefined);
                    aborted(new Error('rolled back'));
                  }
                },
              };
              opened();
            }),
        )
        .catch((error: unknown) => {
          if (!this.#transaction) failed(error instanceof Error ? error : new Error(String(error)));
        });
    });
    return undefined;
  }

  async #finish(commit: boolean): Promise<undefined> {
    const open = this.#transaction;
    this.#transaction = undefined;
    await open?.finish(commit);
    return undefined;
  }

  async #listen(channel: string) {
    if (this.#listening.has(channel)) return;
    const unsubscribe = await this.pglite.listen(`"${channel}"`, (payload) =>
      this.emit('notification', { channel, payload, processId: 0 }),
    );
    this.#listening.set(channel, unsubscribe);
  }

  async #unlisten(channel: string) {
    const unsubscribe = this.#listening.get(channel);
    this.#listening.delete(channel);
    if (!unsubscribe) return;
    // PGlite 0.5 unquotes the name before its own UNLISTEN, which fails for a name such as
    // "jobs:insert"; it has dropped our callback by then, and no other listener is left (it only
    // runs UNLISTEN then), so the quoted statement finishes the job.
    await unsubscribe().catch(() => this.pglite.exec(`UNLISTEN "${channel}"`));
  }
}

/** A `pg.Pool` look-alike over one PGlite instance; ending it leaves the instance open. */
export class PglitePool extends EventEmitter {
  constructor(private readonly pglite: PGlite) {
    super();
    // It never emits an error (PGlite's failures reject the query), but graphile-worker warns
    // about a pool without error and connect listeners.
    this.on('error', () => undefined);
    this.on('connect', () => undefined);
  }

  connect(): Promise<PgliteClient>;
  connect(callback: (error: Error | undefined, client: PgliteClient, release: () => void) => void): void;
  connect(callback?: (error: Error | undefined, client: PgliteClient, release: () => void) => void) {
    const client = new PgliteClient(this.pglite, this);
    this.emit('connect', client);
    if (!callback) return Promise.resolve(client);
    callback(undefined, client, () => client.release());
  }

  async query(config: QueryConfig, values?: unknown[]) {
    const client = await this.connect();
    try {
      return await client.query(config, values);
    } finally {
      client.release();
    }
  }

  async end() {}

  /** For graphile-worker, which is typed for node-postgres: this serves the part of it it uses. */
  asPgPool(): pg.Pool {
    return this as unknown as pg.Pool;
  }
}
