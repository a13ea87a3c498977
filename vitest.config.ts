import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// graphql 16 ships CJS (main) and ESM (module). Node resolves `main` for every importer; Vite
// would mix the two copies and graphql refuses that. Resolve it the way Node does.
const resolve = { alias: { graphql: 'graphql/index.js' } };

export default defineConfig({
  resolve,
  test: {
    // Test files mostly wait on their database: more workers than cores keeps both cores busy.
    maxWorkers: Math.max(2, availableParallelism()),
    projects: [
      {
        // Logic that needs no server and no database: checked in seconds (`npm run test:unit`).
        resolve,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'] },
      },
      {
        resolve,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: ['test/unit/**'],
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
