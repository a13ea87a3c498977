// Recognising the database errors the services turn into domain errors: Prisma's, and the
// drivers' own for the statements run without it (src/db/sql.ts).
import { Prisma } from '../generated/prisma/client.js';

function hasCode(error: unknown, code: string): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === code;
}

/** A raw query's failure (P2010) carries the driver adapter's kind of error instead of a code of its own. */
function rawQueryFailure(error: unknown, kind: string): boolean {
  if (!hasCode(error, 'P2010')) return false;
  const adapterError = (error as Prisma.PrismaClientKnownRequestError).meta?.driverAdapterError as
    { cause?: { kind?: string } } | undefined;
  return adapterError?.cause?.kind === kind;
}

/** A driver's own error (statements run without Prisma, src/db/sql.ts) carries PostgreSQL's SQLSTATE. */
function sqlState(error: unknown, state: string): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === state;
}

export const isUniqueViolation = (error: unknown) =>
  hasCode(error, 'P2002') || rawQueryFailure(error, 'UniqueConstraintViolation') || sqlState(error, '23505');
export const isForeignKeyViolation = (error: unknown) =>
  hasCode(error, 'P2003') || rawQueryFailure(error, 'ForeignKeyConstraintViolation') || sqlState(error, '23503');
export const isRecordNotFound = (error: unknown) => hasCode(error, 'P2025');

/**
 * The constraint a database error names. The adapters differ for the same violation: adapter-pg
 * reports a restrict as P2003 with the constraint's name, PGlite's as P2039 with the name only in
 * PostgreSQL's message.
 */
export function violatedConstraint(error: unknown): string | undefined {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return undefined;
  const adapterError = error.meta?.driverAdapterError as
    { cause?: { constraint?: { index?: string }; originalMessage?: string } } | undefined;
  const cause = adapterError?.cause;
  return cause?.constraint?.index ?? /constraint "([^"]+)"/.exec(cause?.originalMessage ?? '')?.[1];
}
