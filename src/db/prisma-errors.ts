// Recognising the Prisma errors the services turn into domain errors.
import { Prisma } from '../generated/prisma/client.js';

function hasCode(error: unknown, code: string): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === code;
}

export const isUniqueViolation = (error: unknown) => hasCode(error, 'P2002');
export const isForeignKeyViolation = (error: unknown) => hasCode(error, 'P2003');
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
