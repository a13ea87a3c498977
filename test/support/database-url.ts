/** The same server as `url`, another database. */
export function databaseUrl(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * What the run's PostgreSQL databases are named with (`<prefix>_test_…`, `<prefix>_template_…`):
 * TEST_DATABASE_PREFIX, so runs sharing a server can tell theirs apart; `gw` by default.
 */
export function testDatabasePrefix(): string {
  const prefix = process.env.TEST_DATABASE_PREFIX || 'gw';
  if (!/^[a-z_][a-z0-9_]*$/.test(prefix))
    throw new Error(`TEST_DATABASE_PREFIX must be a lowercase SQL identifier, not ${prefix}`);
  return prefix;
}
