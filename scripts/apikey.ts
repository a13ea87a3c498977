// `npm run apikey -- <command>`: API keys from the command line, on the database the server uses
// (DATABASE_URL, else the embedded one, which is migrated first).
//
//   create --name <name> --scopes <a,b> [--workspace <id or name>] [--expires-at <ISO date>] [--json]
//   list [--workspace <id or name>] [--json]
//   revoke <prefix> [--json]
//
// --workspace may be left out when there is exactly one. Exit codes: 0 done, 1 failed (database in
// use, nothing to act on), 2 bad usage.
import { parseArgs } from 'node:util';
import { openDatabase, targetFromEnv } from '../src/db/client.js';
import { exitOnConfigError } from '../src/env.js';
import { DataDirLockedError } from '../src/db/data-dir-lock.js';
import { applyMigrations } from '../src/db/migrations.js';
import { CommonErrorCode, GatewayError } from '../src/errors.js';
import { DEFAULT_LOCALE } from '../src/i18n/catalog.js';
import { render } from '../src/i18n/messages.js';
import type { ApiKey, PrismaClient } from '../src/generated/prisma/client.js';
import { isUuid } from '../src/db/ids.js';
import { createInputErrors, KEY_PREFIX } from '../src/modules/api-key/api-key.service.js';
import { SCOPES } from '../src/modules/api-key/scopes.js';
import { createServices } from '../src/services.js';

const USAGE = `usage:
  npm run apikey -- create --name <name> --scopes <a,b> [--workspace <id or name>] [--expires-at <ISO date>] [--json]
  npm run apikey -- list [--workspace <id or name>] [--json]
  npm run apikey -- revoke <prefix> [--json]
scopes: ${SCOPES.join(', ')}`;

/** A failure the user can act on: its message is printed alone, without a stack trace. */
class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

type Command =
  | { kind: 'create'; workspace?: string; name: string; scopes: string[]; expiresAt: Date | null; json: boolean }
  | { kind: 'list'; workspace?: string; json: boolean }
  | { kind: 'revoke'; prefix: string; json: boolean };

/** Reads and checks the arguments completely before anything touches the database. */
function parseCommand(args: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        workspace: { type: 'string' },
        name: { type: 'string' },
        scopes: { type: 'string' },
        'expires-at': { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n${USAGE}`, 2);
  }
  const { values, positionals } = parsed;
  const [kind, ...rest] = positionals;
  const json = values.json ?? false;
  const extra = kind === 'revoke' ? rest.slice(1) : rest;
  if (extra.length) throw new CliError(`unexpected argument: ${extra.join(' ')}\n${USAGE}`, 2);

  switch (kind) {
    case 'create': {
      if (values.name === undefined || values.scopes === undefined) {
        throw new CliError(`create needs --name and --scopes\n${USAGE}`, 2);
      }
      const input = {
        name: values.name,
        scopes: values.scopes
          .split(',')
          .map((scope) => scope.trim())
          .filter(Boolean),
        expiresAt: values['expires-at'] === undefined ? null : parseDate(values['expires-at']),
      };
      const errors = Object.entries(createInputErrors(input));
      if (errors.length) {
        throw new CliError(
          errors.map(([field, message]) => `${optionOf(field)}: ${render(message, DEFAULT_LOCALE)}`).join('\n'),
          2,
        );
      }
      return { kind, workspace: values.workspace, json, ...input };
    }
    case 'list':
      return { kind, workspace: values.workspace, json };
    case 'revoke': {
      const prefix = rest[0];
      if (!prefix?.startsWith(KEY_PREFIX)) {
        throw new CliError(`revoke needs a key prefix (${KEY_PREFIX}…, see list)\n${USAGE}`, 2);
      }
      return { kind, prefix, json };
    }
    default:
      throw new CliError(kind ? `unknown command: ${kind}\n${USAGE}` : USAGE, 2);
  }
}

function parseDate(text: string): Date {
  const date = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(date.getTime())) {
    throw new CliError(`--expires-at: not an ISO date: ${text} (e.g. 2030-12-31 or 2030-12-31T23:59:59Z)`, 2);
  }
  return date;
}

/** The option a service field error is about (`expiresAt` → `--expires-at`). */
function optionOf(field: string): string {
  return `--${field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

async function resolveWorkspace(prisma: PrismaClient, ref: string | undefined) {
  if (ref !== undefined) {
    const found = await prisma.workspace.findFirst({
      // A name is no UUID, and PostgreSQL refuses to compare one with the uuid column.
      where: isUuid(ref) ? { OR: [{ id: ref }, { name: ref }] } : { name: ref },
    });
    if (!found) throw new CliError(`No workspace with id or name "${ref}".`, 1);
    return found;
  }
  const workspaces = await prisma.workspace.findMany({ orderBy: { name: 'asc' }, take: 20 });
  const [only] = workspaces;
  if (!only) throw new CliError('There is no workspace yet: `npm run db:seed` creates a demo one.', 1);
  if (workspaces.length > 1) {
    const names = workspaces.map((workspace) => `  ${workspace.name} (${workspace.id})`).join('\n');
    throw new CliError(`There are several workspaces; choose one with --workspace <id or name>:\n${names}`, 2);
  }
  return only;
}

/** What may be shown of a key, ever: everything but its hash. */
function publicView(record: ApiKey) {
  const { id, name, prefix, scopes, workspaceId, createdAt, lastUsedAt, expiresAt, revokedAt } = record;
  return { id, name, prefix, scopes, workspaceId, createdAt, lastUsedAt, expiresAt, revokedAt };
}

function statusOf(record: ApiKey): string {
  if (record.revokedAt) return `revoked ${record.revokedAt.toISOString()}`;
  if (record.expiresAt && record.expiresAt.getTime() <= Date.now()) return `expired ${record.expiresAt.toISOString()}`;
  return record.expiresAt ? `active until ${record.expiresAt.toISOString()}` : 'active';
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

async function run(command: Command): Promise<void> {
  const target = exitOnConfigError(() => targetFromEnv());
  const db = await openDatabase(target);
  try {
    if (db.kind === 'pglite') await applyMigrations(db.adapterFactory);
    const { apiKeys } = createServices(db);
    const print = (json: unknown, text: string) => console.log(command.json ? JSON.stringify(json, null, 2) : text);

    if (command.kind === 'create') {
      const workspace = await resolveWorkspace(db.prisma, command.workspace);
      const { name, scopes, expiresAt } = command;
      const { record, rawKey } = await apiKeys.create({ workspaceId: workspace.id, name, scopes, expiresAt });
      print(
        { ...publicView(record), key: rawKey },
        `Created "${record.name}" (${record.prefix}) in workspace "${workspace.name}", scopes ${record.scopes.join(', ')}.\n` +
          `Copy the key now, it is not shown again:\n\n${rawKey}\n`,
      );
    } else if (command.kind === 'list') {
      const workspace = await resolveWorkspace(db.prisma, command.workspace);
      const records = await apiKeys.list(workspace.id);
      print(
        records.map(publicView),
        records.length
          ? table([
              // Scopes last: the widest column, and free to wrap.
              ['PREFIX', 'NAME', 'STATUS', 'LAST USED', 'SCOPES'],
              ...records.map((r) => [
                r.prefix,
                r.name,
                statusOf(r),
                r.lastUsedAt?.toISOString() ?? '-',
                r.scopes.join(','),
              ]),
            ])
          : `No API keys in workspace "${workspace.name}".`,
      );
    } else {
      const record = await apiKeys.revokeByPrefix(command.prefix).catch((error: unknown) => {
        if (error instanceof GatewayError && error.code === CommonErrorCode.NOT_FOUND) {
          throw new CliError(`No API key with prefix ${command.prefix}.`, 1);
        }
        throw error;
      });
      // Gateways cache the keys they have seen, so one sharing this PostgreSQL database notices within
      // that cache's TTL. An embedded database cannot have a gateway running: it would hold the lock.
      const delay =
        db.kind === 'postgres' ? ' Running gateways refuse it within API_KEY_CACHE_TTL_MS (10 s by default).' : '';
      print(publicView(record), `Revoked "${record.name}" (${record.prefix}).${delay}`);
    }
  } finally {
    await db.close();
  }
}

try {
  await run(parseCommand(process.argv.slice(2)));
} catch (error) {
  if (!(error instanceof CliError || error instanceof DataDirLockedError)) throw error;
  console.error(error.message);
  process.exit(error instanceof CliError ? error.exitCode : 1);
}
// Migrating leaves handles of the schema engine open that would keep the process alive for seconds.
process.exit(0);
