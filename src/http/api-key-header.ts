// Where a request carries its API key: `Authorization: Bearer <key>` or `X-API-Key: <key>`. Read
// by the GraphQL context (src/yoga.ts) and by the REST router to count a caller's requests.

/** The raw key from `Authorization: Bearer <key>` or `X-API-Key: <key>` (other schemes are ignored). */
export function apiKeyFromHeaders(headers: Headers): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.get('authorization') ?? '');
  return bearer?.[1] ?? (headers.get('x-api-key')?.trim() || undefined);
}
