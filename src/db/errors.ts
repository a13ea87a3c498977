// Recognising, among the errors Prisma and the driver raise, "the database is not there"
// (DATABASE_UNAVAILABLE) and "the database is there but could not serve this request in time"
// (DATABASE_BUSY), so the gateway answers an honest 503 instead of a masked 500.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'P1001', // Prisma: can't reach database server
  'P1002', // Prisma: database server timed out
  'P1003', // Prisma: database does not exist
  'P1017', // Prisma: server closed the connection
  '3D000', // Postgres: invalid_catalog_name (the database was dropped)
  '53300', // Postgres: too_many_connections
  '57P01', // Postgres: admin_shutdown
  '57P02', // Postgres: crash_shutdown
  '57P03', // Postgres: cannot_connect_now
]);

/** Driver adapter error kinds (Prisma 7) that mean the database cannot be used right now. */
const UNAVAILABLE_KINDS = new Set([
  'DatabaseDoesNotExist',
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);

const UNAVAILABLE_MESSAGES =
  /connection terminated|connection refused|database system is (?:shutting down|starting up)|client has encountered a connection error|Connection closed|PGlite is closed/i;

// Postgres connection-exception class (08xxx): the connection failed or went away.
const CONNECTION_EXCEPTION = /^08[0-9A-Z]{3}$/;

interface ErrorLike {
  code?: unknown;
  originalCode?: unknown;
  kind?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: unknown };
}

/** Whether `error`, or an error it wraps, is one `test` recognises. */
function anyCause(error: unknown, test: (error: ErrorLike) => boolean): boolean {
  // Follow `cause` links and Prisma's wrapped driver adapter error, a few levels deep.
  const pending: unknown[] = [error];
  for (let seen = 0; pending.length && seen < 8; seen++) {
    const current = pending.shift();
    if (!current || typeof current !== 'object') continue;
    const wrapped = current as ErrorLike;
    if (test(wrapped)) return true;
    pending.push(wrapped.cause, wrapped.meta?.driverAdapterError);
  }
  return false;
}

const codesOf = ({ code, originalCode }: ErrorLike) =>
  [code, originalCode].filter((value): value is string => typeof value === 'string');

export function isDatabaseUnavailable(error: unknown): boolean {
  return anyCause(
    error,
    (wrapped) =>
      codesOf(wrapped).some((code) => UNAVAILABLE_CODES.has(code) || CONNECTION_EXCEPTION.test(code)) ||
      (typeof wrapped.kind === 'string' && UNAVAILABLE_KINDS.has(wrapped.kind)) ||
      (typeof wrapped.message === 'string' && UNAVAILABLE_MESSAGES.test(wrapped.message)),
  );
}

const BUSY_CODES = new Set([
  '55P03', // Postgres: lock_not_available (lock_timeout)
  '57014', // Postgres: query_canceled (statement_timeout)
  'P2024', // Prisma: timed out fetching a connection from the pool
]);

// pg-pool's error when no pooled connection came free within connectionTimeoutMillis (a new
// connection that cannot be opened in time says "Connection terminated due to connection timeout").
const POOL_TIMEOUT_MESSAGE = /^timeout exceeded when trying to connect$/;

/** The database answers, but this request waited too long for a connection, a lock or its statement. */
export function isDatabaseBusy(error: unknown): boolean {
  return anyCause(
    error,
    (wrapped) =>
      codesOf(wrapped).some((code) => BUSY_CODES.has(code)) ||
      (typeof wrapped.message === 'string' && POOL_TIMEOUT_MESSAGE.test(wrapped.message)),
  );
}

// Postgres data-exception class (22xxx): a value the statement could not take (22001 string too
// long, 22003 numeric out of range, 22P02 invalid text representation, 22021 bad encoding, …).
const DATA_EXCEPTION = /^22[0-9A-Z]{3}$/;

/** Prisma's codes for the same: value too long, invalid value, data validation, out of range, inconsistent data. */
const DATA_EXCEPTION_CODES = new Set(['P2000', 'P2006', 'P2007', 'P2020', 'P2023']);

/** Driver adapter error kinds (Prisma 7) of a data exception. */
const DATA_EXCEPTION_KINDS = new Set([
  'LengthMismatch',
  'ValueOutOfRange',
  'InvalidInputValue',
  'InconsistentColumnData',
]);

/**
 * A value the database refused as data (not as a constraint): an input the edges should have
 * refused first, still the client's mistake rather than the server's failure.
 */
export function isDataException(error: unknown): boolean {
  return anyCause(
    error,
    (wrapped) =>
      codesOf(wrapped).some((code) => DATA_EXCEPTION.test(code) || DATA_EXCEPTION_CODES.has(code)) ||
      (typeof wrapped.kind === 'string' && DATA_EXCEPTION_KINDS.has(wrapped.kind)),
  );
}
