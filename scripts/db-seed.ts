// `npm run db:seed`: writes the demo data (src/demo-seed.ts) into the configured database and prints
// its development key. A database that already holds a workspace is left untouched. The embedded
// database is migrated first; PostgreSQL is expected migrated (`npm run db:migrate`).
import { targetFromEnv, openDatabase } from '../src/db/client.js';
import { exitOnConfigError } from '../src/env.js';
import { DataDirLockedError } from '../src/db/data-dir-lock.js';
import { applyMigrations } from '../src/db/migrations.js';
import { devKeyPath, isEmpty, saveDevKey, seedDemo } from '../src/demo-seed.js';
import { createServices } from '../src/services.js';

const target = exitOnConfigError(() => targetFromEnv());
try {
  const db = await openDatabase(target);
  try {
    if (db.kind === 'pglite') await applyMigrations(db.adapterFactory);
    if (!(await isEmpty(db.prisma))) {
      console.log('The database already has data: nothing changed.');
    } else {
      const { workspace, key } = await seedDemo(db.prisma, createServices(db));
      console.log(`Seeded workspace "${workspace.name}" (${workspace.id}).`);
      console.log(`Development API key (shown once, only its hash is stored): ${key}`);
      if (target.kind === 'pglite') {
        saveDevKey(target.dataDir, key);
        const path = devKeyPath(target.dataDir);
        if (path) console.log(`Also saved to ${path}, printed at every start of the server.`);
      }
    }
  } finally {
    await db.close();
  }
} catch (error) {
  if (!(error instanceof DataDirLockedError)) throw error;
  console.error(error.message);
  process.exit(1);
}
// Migrating leaves handles of the schema engine open that would keep the process alive for seconds.
process.exit(0);
