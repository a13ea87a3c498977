// `npm run db:migrate`: applies pending migrations to DATABASE_URL (PostgreSQL) or, without it, to
// the embedded PGlite folder. Failures print one plain message, never a stack trace: this runs in
// deploy scripts and containers, where the reason is what the reader needs.
import pg from 'pg';
import { openDatabase, targetFromEnv, type Database, type DatabaseTarget } from '../src/db/client.js';
import { exitOnConfigError } from '../src/env.js';
import { applyMigrations } from '../src/db/migrations.js';
import { installJobQueue } from '../src/jobs/job-worker.js';

/** The URL without its password, fit to print. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}

function reason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // Node answers `localhost` refusing on both ::1 and 127.0.0.1 with an AggregateError whose own message is empty.
  if (!error.message && error instanceof AggregateError && error.errors[0] instanceof Error) {
    return reason(error.errors[0]);
  }
  return error.message.trim() || String((error as NodeJS.ErrnoException).code ?? error.name);
}

function fail(message: string): never {
  console.error(`db:migrate: ${message}`);
  process.exit(1);
}

/**
 * Connects once with the plain driver first: the schema engine reports an unreachable server or a
 * missing database or role in vaguer words ("User was denied access on the database `(not available)`").
 */
async function connectionProblem(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    return `cannot connect to ${redact(url)}: ${reason(error)}`;
  } finally {
    await client.end().catch(() => {});
  }
}

function describe(target: DatabaseTarget): string {
  return target.kind === 'postgres' ? redact(target.url) : `embedded PGlite (${target.dataDir})`;
}

const target = exitOnConfigError(() => targetFromEnv());
const problem = target.kind === 'postgres' ? await connectionProblem(target.url) : undefined;
if (problem) fail(problem);

let db: Database;
try {
  // For PGlite this takes the folder's lock; a running server holding it is a DataDirLockedError.
  db = await openDatabase(target);
} catch (error) {
  fail(reason(error));
}

try {
  const applied = await applyMigrations(db.adapterFactory);
  if (applied.length === 0) console.log(`${describe(target)}: up to date`);
  else console.log(`${describe(target)}: applied ${applied.length} migration(s)\n  ${applied.join('\n  ')}`);
  // The job queue's own schema and the webhook enqueue trigger (idempotent).
  await installJobQueue(db.jobQueuePool);
} catch (error) {
  process.exitCode = 1;
  console.error(`db:migrate: ${reason(error)}`);
} finally {
  await db.close();
}
