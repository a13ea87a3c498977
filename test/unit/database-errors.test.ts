// Telling "the database cannot be reached" (DATABASE_UNAVAILABLE) from "the database is up but
// could not serve this request in time" (DATABASE_BUSY), on the shapes pg, pg-pool and Prisma's
// driver adapter raise (the PostgreSQL tests in test/db/ raise the real ones end to end).
import { DriverAdapterError } from '@prisma/driver-adapter-utils';
import { describe, expect, it } from 'vitest';
import { isDatabaseBusy, isDatabaseUnavailable } from '../../src/db/errors.js';

/** A PostgreSQL error as @prisma/adapter-pg reports one it has no kind for. */
const postgresError = (code: string, message: string) =>
  new DriverAdapterError({
    kind: 'postgres',
    code,
    severity: 'ERROR',
    message,
    detail: undefined,
    column: undefined,
    hint: undefined,
  });

describe('database errors', () => {
  it.each<[string, unknown]>([
    ['a lock timeout (55P03)', postgresError('55P03', 'canceling statement due to lock timeout')],
    ['a statement timeout (57014)', postgresError('57014', 'canceling statement due to statement timeout')],
    ['no pooled connection free in time (pg-pool)', new Error('timeout exceeded when trying to connect')],
    ['the same, wrapped', new Error('query failed', { cause: new Error('timeout exceeded when trying to connect') })],
  ])('%s is busy, not unavailable', (_, error) => {
    expect(isDatabaseBusy(error)).toBe(true);
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it.each<[string, unknown]>([
    ['a new connection not opened in time (pg-pool)', new Error('Connection terminated due to connection timeout')],
    ['a refused connection', new DriverAdapterError({ kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 1 })],
    ['a dropped database (3D000)', postgresError('3D000', 'database "gone" does not exist')],
    ['a server shutting down (57P01)', postgresError('57P01', 'terminating connection due to administrator command')],
  ])('%s is unavailable, not busy', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(isDatabaseBusy(error)).toBe(false);
  });

  it('a client mistake is neither', () => {
    const error = postgresError('22P02', 'invalid input syntax for type uuid');
    expect(isDatabaseBusy(error)).toBe(false);
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
