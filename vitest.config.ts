import { defineConfig } from 'vitest/config';

export default defineConfig({
  // graphql 16 ships CJS (main) and ESM (module). Node resolves `main` for every importer; Vite
  // would mix the two copies and graphql refuses that. Resolve it the way Node does.
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Each test file runs in its own worker with its own database (test/support/database.ts).
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
