// Recognising the Prisma errors the services turn into domain errors.
import { Prisma } from '../generated/prisma/client.js';

function hasCode(error: unknown, code: string): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === code;
}

export const isUniqueViolation = (error: unknown) => hasCode(error, 'P2002');
export const isForeignKeyViolation = (error: unknown) => hasCode(error, 'P2003');
export const isRecordNotFound = (error: unknown) => hasCode(error, 'P2025');
