// Idempotency-Key records (the IETF draft, with Stripe's semantics): the first request with a key
// claims it and runs; a repeat of the same request gets the stored answer; a repeat while the
// first runs, or with another request, is refused. Records live in PostgreSQL so every instance
// and a restart see them; the primary key makes the claim race-safe.
import type { PrismaClient } from '../../generated/prisma/client.js';
import type { GatewayErrorRecord } from '../../errors.js';

/** A stored GraphQL error: as answered (in English), and what the gateway's own was built from. */
export interface StoredError {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown>;
  /** The GatewayError it said, so a repeat says it in the repeat's language. */
  gatewayError?: GatewayErrorRecord;
}

/** A stored GraphQL result: what a repeat answers. */
export interface StoredResult {
  data?: unknown;
  errors?: StoredError[];
}

/** Whose key it is: keys are scoped to the API key that sent them. */
export interface IdempotencyScope {
  workspaceId: string;
  apiKeyId: string;
}

export type IdempotencyClaim =
  { kind: 'claimed' } | { kind: 'replay'; answer: StoredResult } | { kind: 'in-use' } | { kind: 'reused' };

export interface IdempotencyOptions {
  /** How long a key and its answer are kept (24 hours by the draft's and Stripe's custom). */
  retentionMs: number;
  /**
   * A claim whose request never finished (its process died) is given up after this long, so the
   * client's retry can run; longer than any request may take (statement timeouts are seconds).
   */
  abandonedAfterMs: number;
}

export const DEFAULT_IDEMPOTENCY_OPTIONS: IdempotencyOptions = {
  retentionMs: 24 * 60 * 60 * 1000,
  abandonedAfterMs: 60 * 1000,
};

export class IdempotencyService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly options: IdempotencyOptions = DEFAULT_IDEMPOTENCY_OPTIONS,
  ) {}

  /**
   * Claims `key` for the request `fingerprint`, or says what the earlier request with it left. An
   * expired record, or an abandoned claim of the same request, is taken over in the same statement.
   */
  async claim(scope: IdempotencyScope, key: string, fingerprint: string, attempt = 1): Promise<IdempotencyClaim> {
    const { retentionMs, abandonedAfterMs } = this.options;
    const claimed = await this.prisma.$queryRaw<unknown[]>`
      INSERT INTO idempotency_key (workspace_id, api_key_id, key, fingerprint)
      VALUES (${scope.workspaceId}::uuid, ${scope.apiKeyId}::uuid, ${key}, ${fingerprint})
      ON CONFLICT (workspace_id, api_key_id, key) DO UPDATE
        SET fingerprint = EXCLUDED.fingerprint, result = NULL, created_at = now()
        WHERE idempotency_key.created_at < now() - ${retentionMs} * interval '1 millisecond'
           OR (idempotency_key.result IS NULL
               AND idempotency_key.fingerprint = EXCLUDED.fingerprint
               AND idempotency_key.created_at < now() - ${abandonedAfterMs} * interval '1 millisecond')
      RETURNING 1`;
    if (claimed.length > 0) return { kind: 'claimed' };

    const [earlier] = await this.prisma.$queryRaw<Array<{ fingerprint: string; result: StoredResult | null }>>`
      SELECT fingerprint, result FROM idempotency_key
      WHERE workspace_id = ${scope.workspaceId}::uuid AND api_key_id = ${scope.apiKeyId}::uuid AND key = ${key}`;
    // Released between the two statements (its request failed): claim it again, or, should that
    // keep happening, let the client retry.
    if (!earlier) return attempt < 3 ? this.claim(scope, key, fingerprint, attempt + 1) : { kind: 'in-use' };
    if (earlier.fingerprint !== fingerprint) return { kind: 'reused' };
    return earlier.result === null ? { kind: 'in-use' } : { kind: 'replay', answer: earlier.result };
  }

  /** Keeps the answer of the claimed request, for its repeats to replay. */
  async complete(scope: IdempotencyScope, key: string, answer: StoredResult): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE idempotency_key SET result = ${JSON.stringify(answer)}::jsonb
      WHERE workspace_id = ${scope.workspaceId}::uuid AND api_key_id = ${scope.apiKeyId}::uuid AND key = ${key}
        AND result IS NULL`;
  }

  /** Gives the key up (the answer is not one to keep): a retry runs again. */
  async release(scope: IdempotencyScope, key: string): Promise<void> {
    await this.prisma.$executeRaw`
      DELETE FROM idempotency_key
      WHERE workspace_id = ${scope.workspaceId}::uuid AND api_key_id = ${scope.apiKeyId}::uuid AND key = ${key}
        AND result IS NULL`;
  }

  /** Deletes the records past retention; returns how many. */
  async deleteExpired(): Promise<number> {
    return this.prisma.$executeRaw`
      DELETE FROM idempotency_key WHERE created_at < now() - ${this.options.retentionMs} * interval '1 millisecond'`;
  }
}
