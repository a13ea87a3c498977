// API keys: `gr_live_` + 40 random characters. Only the SHA-256 of a key is stored; the raw key is
// answered once, at creation. Lookups are cached briefly per process so the hot path does not pay
// a query per request; a revocation through this process drops its entry at once, and other
// instances see it within the cache's TTL.
import { hash } from 'node:crypto';
import { isUuid } from '../../db/ids.js';
import { LRUCache } from 'lru-cache';
import { customAlphabet } from 'nanoid';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.js';
import { notFound, validationError, type AuthFailure, type FieldErrors } from '../../errors.js';
import { msg, type CatalogMessage } from '../../i18n/messages.js';
import { NAME_MAX_LENGTH } from '../../limits.js';
import { isScope, SCOPES, type Scope } from './scopes.js';

export const KEY_PREFIX = 'gr_live_';
const secret = customAlphabet('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 40);
/** How much of the key, after `gr_live_`, is kept in clear as its public prefix. */
const PUBLIC_CHARS = 8;

export interface AuthenticatedKey {
  id: string;
  /** The public part (`gr_live_AbCd1234`), safe to log. */
  prefix: string;
  workspaceId: string;
  scopes: ReadonlySet<Scope>;
  expiresAt: Date | null;
}

export type AuthResult = { ok: true; key: AuthenticatedKey } | { ok: false; reason: AuthFailure };

/** One-shot `crypto.hash`: no Hash object per call (it runs on every authenticated request). */
export function hashKey(rawKey: string): string {
  return hash('sha256', rawKey, 'hex');
}

export interface CreateApiKeyInput {
  workspaceId: string;
  name: string;
  scopes: readonly string[];
  expiresAt?: Date | null;
}

/**
 * What is wrong with a new key's name, scopes and expiry, by field; empty when nothing is. The CLI
 * asks before it opens the database, so a typo fails fast.
 */
export function createInputErrors(input: Omit<CreateApiKeyInput, 'workspaceId'>, now = Date.now()): FieldErrors {
  const fields: Record<string, CatalogMessage> = {};
  const name = input.name.trim();
  if (!name) fields.name = msg('nameRequired');
  else if (name.length > NAME_MAX_LENGTH) fields.name = msg('maxCharacters', { max: NAME_MAX_LENGTH });
  const unknown = input.scopes.filter((scope) => !isScope(scope));
  if (unknown.length) fields.scopes = msg('unknownScopes', { scopes: unknown, validScopes: SCOPES });
  if (input.scopes.length === 0) fields.scopes = msg('scopeRequired');
  if (input.expiresAt && input.expiresAt.getTime() <= now) fields.expiresAt = msg('inTheFuture');
  return fields;
}

/** What the cache holds per key hash: the key, or that it is unknown or revoked. */
type CachedKey = { key: AuthenticatedKey } | { revoked: true };

export class ApiKeyService {
  private readonly cache: LRUCache<string, CachedKey>;
  /** Last time this process wrote lastUsedAt for a key, so it writes at most once a minute. */
  private readonly lastTouched = new Map<string, number>();

  constructor(
    private readonly prisma: PrismaClient,
    options: { cacheTtlMs?: number } = {},
  ) {
    this.cache = new LRUCache({ max: 10_000, ttl: Math.max(options.cacheTtlMs ?? 10_000, 1) });
  }

  async create(input: CreateApiKeyInput) {
    const fields = createInputErrors(input);
    if (Object.keys(fields).length) throw validationError(fields);

    const body = secret();
    const rawKey = `${KEY_PREFIX}${body}`;
    const record = await this.prisma.apiKey.create({
      data: {
        workspaceId: input.workspaceId,
        name: input.name.trim(),
        prefix: `${KEY_PREFIX}${body.slice(0, PUBLIC_CHARS)}`,
        secretHash: hashKey(rawKey),
        scopes: [...new Set(input.scopes)],
        expiresAt: input.expiresAt ?? null,
      },
    });
    return { record, rawKey };
  }

  list(workspaceId: string) {
    return this.prisma.apiKey.findMany({ where: { workspaceId }, orderBy: { createdAt: 'asc' } });
  }

  /** Revokes by id or public prefix within a workspace; revoking twice is harmless. */
  revoke(workspaceId: string, idOrPrefix: string) {
    const where = idOrPrefix.startsWith(KEY_PREFIX)
      ? { prefix: idOrPrefix }
      : isUuid(idOrPrefix)
        ? { id: idOrPrefix }
        : undefined;
    return this.revokeWhere(where && { ...where, workspaceId }, idOrPrefix);
  }

  /** Revokes by public prefix in whichever workspace holds it: for operators (the CLI), who act outside any. */
  revokeByPrefix(prefix: string) {
    return this.revokeWhere({ prefix }, prefix);
  }

  private async revokeWhere(where: Prisma.ApiKeyWhereInput | undefined, label: string) {
    const existing = where && (await this.prisma.apiKey.findFirst({ where }));
    if (!existing) throw notFound('API key', label);
    const record = existing.revokedAt
      ? existing
      : await this.prisma.apiKey.update({ where: { id: existing.id }, data: { revokedAt: new Date() } });
    this.cache.set(record.secretHash, { revoked: true });
    return record;
  }

  /**
   * The key's standing. A key in the cache (nearly every request) is answered synchronously, so
   * the request's context is built without waiting on a promise; otherwise the database is asked.
   */
  authenticate(rawKey: string | undefined): AuthResult | Promise<AuthResult> {
    if (!rawKey) return { ok: false, reason: 'MISSING_API_KEY' };
    if (!rawKey.startsWith(KEY_PREFIX) || rawKey.length > 200) {
      return { ok: false, reason: 'INVALID_API_KEY' };
    }
    const hash = hashKey(rawKey);
    const entry = this.cache.get(hash);
    return entry ? this.standingOf(entry) : this.lookUp(hash).then((found) => this.standingOf(found));
  }

  private async lookUp(hash: string): Promise<CachedKey> {
    const record = await this.prisma.apiKey.findUnique({ where: { secretHash: hash } });
    const entry: CachedKey =
      !record || record.revokedAt
        ? { revoked: true }
        : {
            key: {
              id: record.id,
              prefix: record.prefix,
              workspaceId: record.workspaceId,
              scopes: new Set(record.scopes.filter(isScope)),
              expiresAt: record.expiresAt,
            },
          };
    this.cache.set(hash, entry);
    return entry;
  }

  private standingOf(entry: CachedKey): AuthResult {
    if (!('key' in entry)) return { ok: false, reason: 'INVALID_API_KEY' };
    if (entry.key.expiresAt && entry.key.expiresAt.getTime() <= Date.now()) {
      return { ok: false, reason: 'EXPIRED_API_KEY' };
    }
    this.touch(entry.key.id);
    return { ok: true, key: entry.key };
  }

  /** Records use without holding up the request; a failure here only loses a timestamp. */
  private touch(id: string): void {
    const now = Date.now();
    if (now - (this.lastTouched.get(id) ?? 0) < 60_000) return;
    this.lastTouched.set(id, now);
    this.prisma.apiKey
      .update({ where: { id }, data: { lastUsedAt: new Date(now) } })
      .catch(() => this.lastTouched.delete(id));
  }
}
