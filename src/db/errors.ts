// Recognising "the database is not there" among the errors Prisma and the driver raise, so the
// gateway answers 503 instead of a masked 500.
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
  'P2024', // Prisma: timed out fetching a connection from the pool
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
  /connection terminated|timeout exceeded when trying to connect|connection refused|database system is (?:shutting down|starting up)|client has encountered a connection error|Connection closed|PGlite is closed/i;

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

export function isDatabaseUnavailable(error: unknown): boolean {
  // Follow `cause` links and Prisma's wrapped driver adapter error, a few levels deep.
  const pending: unknown[] = [error];
  for (let seen = 0; pending.length && seen < 8; seen++) {
    const current = pending.shift();
    if (!current || typeof current !== 'object') continue;
    const { code, originalCode, kind, message, cause, meta } = current as ErrorLike;
    for (const value of [code, originalCode]) {
      if (typeof value === 'string' && (UNAVAILABLE_CODES.has(value) || CONNECTION_EXCEPTION.test(value))) return true;
    }
    if (typeof kind === 'string' && UNAVAILABLE_KINDS.has(kind)) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
    pending.push(cause, meta?.driverAdapterError);
  }
  return false;
}
