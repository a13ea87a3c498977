// The committed migrations build the same database on PostgreSQL and on the embedded PGlite, record
// themselves as `prisma migrate deploy` would, and hold everything schema.prisma says. PostgreSQL
// is always at hand here and in CI, so this file uses it in the PGlite run too.
import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMORY_DATA_DIR, openDatabase, type Database } from '../../src/db/client.js';
import {
  applyMigrations,
  migrationsDir,
  pendingSchemaChange,
  readMigrationList,
  schemaPath,
} from '../../src/db/migrations.js';
import { databaseUrl } from '../support/database-url.js';
import { admin, adminUrl } from './postgres-admin.js';

type Row = Record<string, string | null>;

// Everything is cast to text so both drivers answer the same JavaScript values. NOT NULL
// constraints are left out of pg_constraint: PostgreSQL 18 lists them there, 15 does not, and
// nullability is compared through the columns already.
const catalogQueries = {
  tables: `SELECT table_name::text AS name FROM information_schema.tables
           WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  columns: `SELECT table_name::text AS table, column_name::text AS column, data_type::text AS type,
                   udt_name::text AS udt, character_maximum_length::text AS length,
                   numeric_precision::text AS precision, numeric_scale::text AS scale,
                   datetime_precision::text AS datetime_precision, is_nullable::text AS nullable,
                   column_default::text AS default
            FROM information_schema.columns WHERE table_schema = 'public'
            ORDER BY table_name, ordinal_position`,
  indexes: `SELECT tablename::text AS table, indexname::text AS name, indexdef::text AS definition
            FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2`,
  constraints: `SELECT conrelid::regclass::text AS table, conname::text AS name, contype::text AS type,
                       pg_get_constraintdef(oid) AS definition
                FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype <> 'n'
                ORDER BY 1, 2`,
  enums: `SELECT t.typname::text AS name, string_agg(e.enumlabel::text, ',' ORDER BY e.enumsortorder) AS labels
          FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
          WHERE t.typnamespace = 'public'::regnamespace GROUP BY 1 ORDER BY 1`,
};

async function catalog(db: Database): Promise<Record<keyof typeof catalogQueries, Row[]>> {
  const entries = await Promise.all(
    Object.entries(catalogQueries).map(async ([key, sql]) => [key, await db.prisma.$queryRawUnsafe<Row[]>(sql)]),
  );
  return Object.fromEntries(entries) as Record<keyof typeof catalogQueries, Row[]>;
}

interface Migrated {
  db: Database;
  /** What the first run on the empty database applied. */
  applied: string[];
}

async function migrate(db: Database): Promise<Migrated> {
  return { db, applied: await applyMigrations(db.adapterFactory) };
}

const postgresName = `gw_migrations_${process.pid}_${randomBytes(4).toString('hex')}`;
let postgres: Migrated | undefined;
let pglite: Migrated | undefined;

beforeAll(async () => {
  await admin(`CREATE DATABASE "${postgresName}"`);
  const url = databaseUrl(adminUrl, postgresName);
  [postgres, pglite] = await Promise.all([
    openDatabase({ kind: 'postgres', url, poolSize: 2 }).then(migrate),
    openDatabase({ kind: 'pglite', dataDir: MEMORY_DATA_DIR }).then(migrate),
  ]);
});

afterAll(async () => {
  await Promise.all([postgres?.db.close(), pglite?.db.close()]);
  await admin(`DROP DATABASE IF EXISTS "${postgresName}" WITH (FORCE)`);
});

function both(): Array<[string, Migrated]> {
  if (!postgres || !pglite) throw new Error('databases not migrated');
  return [
    ['postgres', postgres],
    ['pglite', pglite],
  ];
}

describe('migrations', () => {
  it('build the same tables, columns, indexes, constraints and enums on PostgreSQL and PGlite', async () => {
    const [fromPostgres, fromPglite] = await Promise.all(both().map(([, { db }]) => catalog(db)));
    if (!fromPostgres || !fromPglite) throw new Error('no catalog');
    expect(fromPglite).toEqual(fromPostgres);
    // Not two empty catalogs agreeing.
    const tables = fromPostgres.tables.map((row) => row.name);
    expect(tables).toContain('_prisma_migrations');
    expect(tables.length).toBeGreaterThan(1);
    expect(fromPostgres.indexes.length).toBeGreaterThan(tables.length);
    expect(fromPostgres.constraints.some((row) => row.type === 'f')).toBe(true);
  });

  it('record every migration as finished, and apply nothing a second time', async () => {
    const committed = (await readMigrationList()).migrationDirectories.map((dir) => dir.path);
    expect(committed.length).toBeGreaterThan(0);
    for (const [kind, { db, applied }] of both()) {
      expect(applied, kind).toEqual(committed);
      const rows = await db.prisma.$queryRawUnsafe<Array<{ name: string; finished: boolean; rolledBack: boolean }>>(
        `SELECT migration_name AS name, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS "rolledBack"
         FROM _prisma_migrations ORDER BY migration_name`,
      );
      expect(rows, kind).toEqual(committed.map((name) => ({ name, finished: true, rolledBack: false })));
      expect(await applyMigrations(db.adapterFactory), kind).toEqual([]);
    }
  });
});

describe('pendingSchemaChange', () => {
  it('finds nothing: every change to schema.prisma has its migration', async () => {
    expect(
      await pendingSchemaChange(),
      'schema.prisma differs from prisma/migrations: run `npm run db:migration -- --name <what changed>`',
    ).toBeUndefined();
  });

  it('answers the SQL for a schema change that has no migration', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gw-schema-'));
    try {
      const schema = await readFile(schemaPath, 'utf8');
      const changed = schema.replace(/^model User \{$/m, 'model User {\n  nickname String?');
      expect(changed).not.toBe(schema);
      await writeFile(join(dir, 'schema.prisma'), changed);
      const sql = await pendingSchemaChange({ schema: join(dir, 'schema.prisma'), migrations: migrationsDir });
      expect(sql).toMatch(/ALTER TABLE "user" ADD COLUMN\s+"nickname" TEXT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('answers the whole schema when the migrations are missing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gw-migrations-'));
    try {
      await copyFile(join(migrationsDir, 'migration_lock.toml'), join(dir, 'migration_lock.toml'));
      const sql = await pendingSchemaChange({ migrations: dir });
      expect(sql).toMatch(/CREATE TABLE "opportunity"/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
