// Applies and creates migrations with Prisma's WebAssembly schema engine, so no native engine is
// downloaded. It keeps the same `_prisma_migrations` table as `prisma migrate deploy`, and the
// migrations stay in the standard layout (prisma/migrations/<timestamp>_<name>/migration.sql).
import { readFile, readdir, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type { MigrationList, SchemaContainer, SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { PrismaPGlite } from 'pglite-prisma-adapter';

// eslint-disable-next-line @typescript-eslint/consistent-type-imports -- the module's own type, for a lazy import
type SchemaEngineModule = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const schemaPath = join(projectRoot, 'prisma/schema.prisma');
export const migrationsDir = join(projectRoot, 'prisma/migrations');
const lockFileName = 'migration_lock.toml';
const noExternalObjects = { externalTables: [], externalEnums: [] };

let engineModule: Promise<SchemaEngineModule> | undefined;

// The engine arms a timer for each of its timeouts (10 s for the migration lock) and never clears
// one, so every process that migrated stayed alive 10 s after its work. Unref'd, they still fire
// while the engine waits on the database, but no longer hold the process open.
function withUnrefTimers(imports: WebAssembly.ModuleImports): WebAssembly.ModuleImports {
  return Object.fromEntries(
    Object.entries(imports).map(([name, value]) =>
      name.startsWith('__wbg_setTimeout_')
        ? [name, (callback: () => void, ms: number) => setTimeout(callback, ms >>> 0).unref()]
        : [name, value],
    ),
  );
}

// The package's main entry imports the .wasm as an ES module, which Node only allows behind a
// flag; instantiating the bytes ourselves works on every supported Node.
function loadEngineModule(): Promise<SchemaEngineModule> {
  engineModule ??= (async () => {
    const runtime = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const require = createRequire(import.meta.url);
    const wasmPath = join(
      dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')),
      'schema_engine_bg.wasm',
    );
    const instance = new WebAssembly.Instance(new WebAssembly.Module(await readFile(wasmPath)), {
      './schema_engine_bg.js': withUnrefTimers(runtime),
    });
    (runtime as unknown as { __wbg_set_wasm(wasm: unknown): void }).__wbg_set_wasm(instance.exports);
    (instance.exports as unknown as { __wbindgen_start(): void }).__wbindgen_start();
    return runtime;
  })();
  return engineModule;
}

async function withEngine<T>(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  run: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const runtime = await loadEngineModule();
  // The engine never disposes the connections it opens, and its migration lock is a session-level
  // pg_advisory_lock that lives as long as the connection holding it: a second migrator (another
  // replica starting, `npm run db:migrate`) would wait for it and time out. Dispose them ourselves.
  const opened: SqlDriverAdapter[] = [];
  const track = async (connecting: Promise<SqlDriverAdapter>) => {
    const adapter = await connecting;
    opened.push(adapter);
    return adapter;
  };
  const engine = await runtime.SchemaEngine.new(
    { datamodels: undefined },
    () => {},
    bindMigrationAwareSqlAdapterFactory({
      provider: adapterFactory.provider,
      adapterName: adapterFactory.adapterName,
      connect: () => track(adapterFactory.connect()),
      connectToShadowDb: () => track(adapterFactory.connectToShadowDb()),
    }),
  );
  try {
    return await run(engine);
  } finally {
    engine.free();
    await Promise.all(opened.map((adapter) => adapter.dispose()));
  }
}

export async function readMigrationList(dir = migrationsDir): Promise<MigrationList> {
  const names = existsSync(dir)
    ? (await readdir(dir, { withFileTypes: true }))
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  const lockPath = join(dir, lockFileName);
  return {
    baseDir: dir,
    lockfile: {
      path: lockFileName,
      content: existsSync(lockPath) ? await readFile(lockPath, 'utf8') : null,
    },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      names.map(async (name) => ({
        path: name,
        migrationFile: {
          path: 'migration.sql' as const,
          content: {
            tag: 'ok' as const,
            value: await readFile(join(dir, name, 'migration.sql'), 'utf8'),
          },
        },
      })),
    ),
  };
}

async function readSchema(path = schemaPath): Promise<SchemaContainer[]> {
  if ((await stat(path)).isDirectory()) {
    throw new Error(`expected a schema file, got a folder: ${path}`);
  }
  return [{ path, content: await readFile(path, 'utf8') }];
}

/** Applies pending migrations; answers the names it applied (none when up to date). */
export async function applyMigrations(adapterFactory: SqlMigrationAwareDriverAdapterFactory): Promise<string[]> {
  const migrationsList = await readMigrationList();
  return withEngine(adapterFactory, async (engine) => {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList,
      filters: noExternalObjects,
    });
    return appliedMigrationNames;
  });
}

/**
 * The SQL that would bring a database migrated with the committed migrations to `schema.prisma`,
 * or undefined when they agree. The baseline is a throwaway in-memory PGlite, which stands in for
 * Prisma's shadow database (the WebAssembly engine cannot create one). The paths default to the
 * project's own; tests point them at modified copies.
 */
export async function pendingSchemaChange({
  schema: schemaFile = schemaPath,
  migrations = migrationsDir,
}: { schema?: string; migrations?: string } = {}): Promise<string | undefined> {
  const [schema, migrationsList] = await Promise.all([readSchema(schemaFile), readMigrationList(migrations)]);
  const shadow = await PGlite.create();
  try {
    return await withEngine(new PrismaPGlite(shadow), async (engine) => {
      if (migrationsList.migrationDirectories.length > 0) {
        await engine.applyMigrations({ migrationsList, filters: noExternalObjects });
      }
      const diff = await engine.diff({
        from: { tag: 'schemaDatasource', files: schema, configDir: dirname(schemaFile) },
        to: { tag: 'schemaDatamodel', files: schema },
        script: true,
        exitCode: true,
        filters: noExternalObjects,
      });
      // With exitCode, the engine answers 0 for an empty diff and 2 for a non-empty one.
      return diff.exitCode === 0 || !diff.stdout ? undefined : diff.stdout;
    });
  } finally {
    await shadow.close();
  }
}
