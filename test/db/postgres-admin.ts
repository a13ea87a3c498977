// PostgreSQL is always at hand here and in CI, so the migration tests use it in the PGlite run too:
// TEST_DATABASE_URL when the run has one, else the local server. They create and drop their own databases.
import pg from 'pg';

export const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Runs one statement (CREATE or DROP DATABASE) on a connection of its own. */
export async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
