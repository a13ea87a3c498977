import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// graphql 16 ships CJS (main) and ESM (module). Node resolves `main` for every importer; Vite
// would mix the two copies and graphql refuses that. Resolve it the way Node does.
const resolve = { alias: { graphql: 'graphql/index.js' } };

/**
 * Files whose database TEST_DATABASE_URL does not choose: they run on the embedded database, on a
 * PostgreSQL database of their own (in every run), or on none. A run on PostgreSQL
 * (`npm run test:postgres`) would only repeat what `npm test` checked, so they (and the unit
 * tier) run in `npm test` alone.
 */
const SAME_ON_EITHER_DATABASE = [
  'test/api-key/cli.test.ts',
  'test/db/busy.test.ts',
  'test/db/db-migrate.test.ts',
  'test/db/migrations.test.ts',
  'test/docs-examples/docs-examples.test.ts',
  'test/opportunity-event/two-processes.test.ts',
  'test/schema/graphql-env.test.ts',
  'test/schema/schema.test.ts',
  'test/server/cluster.test.ts',
  'test/server/config-errors.test.ts',
  'test/server/graceful-shutdown.test.ts',
  'test/server/lazy-imports.test.ts',
  'test/server/server.test.ts',
  'test/webhook/worker-crash.test.ts',
];
const postgresRun = Boolean(process.env.TEST_DATABASE_URL);

export default defineConfig({
  resolve,
  test: {
    // Test files mostly wait on their database: more workers than cores keeps both cores busy.
    maxWorkers: Math.max(2, availableParallelism()),
    projects: [
      {
        // Logic that needs no server and no database: checked in seconds (`npm run test:unit`).
        resolve,
        test: { name: 'unit', include: postgresRun ? [] : ['test/unit/**/*.test.ts'] },
      },
      {
        resolve,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: ['test/unit/**', ...(postgresRun ? SAME_ON_EITHER_DATABASE : [])],
          // Migrates one database that each test file copies (test/support/database.ts).
          globalSetup: ['test/support/global-setup.ts'],
          pool: 'forks',
          // Files share a worker's loaded modules (the schema, Prisma's client) instead of
          // importing them again each; every file still opens its own database and gateway.
          isolate: false,
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
