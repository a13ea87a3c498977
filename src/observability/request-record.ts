// What one request did, gathered while it runs (by the REST router and the GraphQL hooks) and
// written once when it is answered: its log line, its metrics and its span attributes.
// One object per request, shaped once (a class) so the hot path stays monomorphic.

export class RequestRecord {
  /** The REST route template (`/external/v1/opportunities/:id`); unset for other paths. */
  route: string | undefined = undefined;
  /** The GraphQL operation's name (for REST, the route's own operation). */
  operation: string | undefined = undefined;
  /** The public prefix of the key that authenticated, never the key. */
  apiKeyPrefix: string | undefined = undefined;
  /** The `extensions.code` of each error answered (GraphQL), or the REST failure's shared code. */
  errorCodes: string[] | undefined = undefined;

  constructor(
    readonly id: string,
    /** `performance.now()` when the request arrived. */
    readonly startedAt: number,
  ) {}

  noteError(code: string): void {
    (this.errorCodes ??= []).push(code);
  }
}

/** The part of a server context the observation plugins read and write. */
export interface ObservedServerContext {
  record?: RequestRecord;
}
