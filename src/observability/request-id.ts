// The id a request is known by in its answer, its log line and its trace: the client's own
// `X-Request-Id` when it is sane, so a caller can quote it and follow it through its own systems,
// else a new UUID. "Sane" keeps log lines and headers safe: short, and only characters that need
// no escaping anywhere (no spaces, quotes, control characters or newlines).
import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-request-id';

const SANE_REQUEST_ID = /^[A-Za-z0-9._~:/+=@-]{1,128}$/;

export function requestIdOf(headers: Headers): string {
  const given = headers.get(REQUEST_ID_HEADER);
  return given !== null && SANE_REQUEST_ID.test(given) ? given : randomUUID();
}
