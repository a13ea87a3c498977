// The rules of pipelines and their stages, shared by every entry point. Every read and write is
// confined to the caller's workspace: another workspace's id answers exactly like an unknown one.
import { type Prisma, type OpportunityStage, type Pipeline, type StageStatus } from '../../generated/prisma/client.js';
import { isUuid } from '../../db/ids.js';
import { givenFields } from '../../partial-update.js';
import { callerOf, type GatewayContext } from '../../context.js';
import { notFound, validationError, versionMismatch, type VersionPrecondition } from '../../errors.js';
import { msg } from '../../i18n/messages.js';
import {
  isForeignKeyViolation,
  isRecordNotFound,
  isUniqueViolation,
  violatedConstraint,
} from '../../db/prisma-errors.js';
import { defaultStageRows } from '../workspace/workspace.service.js';
import { stageHoldsOpportunities, stageKeyTaken } from './pipeline.errors.js';

type PipelineQuery = { include?: Prisma.PipelineInclude; select?: Prisma.PipelineSelect };
type StageQuery = { include?: Prisma.OpportunityStageInclude; select?: Prisma.OpportunityStageSelect };

/** A stage key: a slug, unique within its pipeline (the REST `status`). */
export const STAGE_KEY = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;
export const STAGE_KEY_MAX = 64;

/** The opportunity → stage foreign key (schema.prisma), ON UPDATE RESTRICT. */
const OPPORTUNITY_STAGE_FKEY = 'opportunity_stage_fkey';

const workspaceOf = (ctx: GatewayContext) => callerOf(ctx).workspaceId;

/** Ruddr stores an empty description as none. */
const storedDescription = <T extends string | null | undefined>(description: T) =>
  description === '' ? null : description;

/**
 * What a partial update writes: only the fields given. `null` clears the description, the one
 * nullable field of pipelines and stages, and is refused for any other field.
 */
const NULLABLE_FIELDS = ['description'] as const;

function changesOf<T extends { description?: string | null }>(input: T) {
  const changes = givenFields(input, NULLABLE_FIELDS);
  return changes.description === undefined
    ? changes
    : { ...changes, description: storedDescription(changes.description) };
}

/**
 * The `where` of a versioned partial update: the caller's record, at the expected version when one
 * is given, and only if some given field differs from what is stored, so the check, the no-op test
 * and the write are one statement. A nullable column differs from a value when it is null too (SQL's
 * `<>` says nothing of nulls); `{ field: null }` is only said of the nullable ones, which Prisma
 * refuses for the others. No given field: nothing differs, and the update matches no row.
 */
function versionedWhere<Where>(
  ctx: GatewayContext,
  id: string,
  expectedVersion: number | null | undefined,
  changes: Readonly<Record<string, unknown>>,
  nullable: readonly string[],
) {
  const differs = Object.entries(changes).flatMap(([field, value]): Array<Record<string, unknown>> => {
    if (value === undefined) return [];
    if (value === null) return [{ NOT: { [field]: null } }];
    return nullable.includes(field) ? [{ [field]: null }, { NOT: { [field]: value } }] : [{ NOT: { [field]: value } }];
  });
  return {
    id,
    workspaceId: workspaceOf(ctx),
    ...(expectedVersion == null ? {} : { version: expectedVersion }),
    // Each clause names a given field of this model's input with its value; Object.entries loses that.
    OR: differs as Where[],
  };
}

const bump = { version: { increment: 1 } } as const;

/**
 * A versioned partial update (`write`, given its `where`). When it matches no row, the record is
 * read (`read`): absent → NOT_FOUND; at another version than expected → CONFLICT; else nothing
 * differed, and the record is answered as stored, its version and updatedAt kept.
 */
async function versionedUpdate<Row extends { version: number }>(
  entity: string,
  id: string,
  expectedVersion: number | null | undefined,
  write: () => Promise<Row>,
  read: () => Promise<Row | null>,
): Promise<Row> {
  try {
    return await write();
  } catch (error) {
    if (!isRecordNotFound(error)) throw error;
  }
  const current = await read();
  if (!current) throw notFound(entity, id);
  if (expectedVersion != null && current.version !== expectedVersion) {
    throw versionMismatch(entity, id, expectedVersion, current.version);
  }
  return current;
}

// ---------------------------------------------------------------------------------------------
// Newest-first lists with cursors (the shape of the Ruddr REST lists)

export const DEFAULT_LIST_LIMIT = 10;

export interface CursorArgs {
  /** 1..100, checked at the GraphQL edge; null or omitted means DEFAULT_LIST_LIMIT. */
  limit?: number | null;
  /** The id of a record of the list: answer the records after it. */
  startingAfter?: string | null;
  /** The id of a record of the list: answer the records just before it, still newest first. */
  endingBefore?: string | null;
}

/** The sort fields of a cursor record. */
interface Seek {
  id: string;
  createdAt: Date;
}
const seekSelect = { id: true, createdAt: true } as const;

type Beyond<T> = { lt: T } | { gt: T };

/** One window of a list, ready to spread into the model's findMany next to its own where. */
interface Window {
  where: { OR?: Array<{ createdAt: Date | Beyond<Date>; id?: Beyond<string> }> };
  orderBy: Array<{ createdAt: Prisma.SortOrder } | { id: Prisma.SortOrder }>;
  skip?: number;
  take: number;
}

/** A page, read lazily: `nodes` with the GraphQL selection, `hasMore` only when asked. */
export interface CursorList<Query, Node> {
  nodes(query: Query): Promise<Node[]>;
  hasMore(): Promise<boolean>;
}

/**
 * A page of a list ordered newest first (createdAt desc, id desc breaking ties). After a cursor,
 * the window is read in that order; before one, it is read in the reverse order (so the records
 * nearest the cursor come first) and answered reversed. `hasMore` says whether records lie beyond
 * the page in the direction of travel. `find` looks the cursor up within the same list, so a
 * record outside it is refused like an unknown id; `read` is the model's findMany.
 */
async function cursorList<Query, Node>(
  args: CursorArgs,
  find: (id: string) => Promise<Seek | null>,
  read: (window: Window, query?: Query) => Promise<Node[]>,
): Promise<CursorList<Query, Node>> {
  if (args.startingAfter != null && args.endingBefore != null) {
    throw validationError({ endingBefore: msg('startingAfterOrEndingBefore') });
  }
  const backwards = args.endingBefore != null;
  const cursorField = backwards ? 'endingBefore' : 'startingAfter';
  const cursorId = args[cursorField];
  const beyond = <T>(value: T): Beyond<T> => (backwards ? { gt: value } : { lt: value });
  let where: Window['where'] = {};
  if (cursorId != null) {
    const cursor = isUuid(cursorId) ? await find(cursorId) : null;
    if (!cursor) throw validationError({ [cursorField]: msg('noSuchCursor') });
    where = {
      OR: [{ createdAt: beyond(cursor.createdAt) }, { createdAt: cursor.createdAt, id: beyond(cursor.id) }],
    };
  }
  const direction = backwards ? 'asc' : 'desc';
  const limit = args.limit ?? DEFAULT_LIST_LIMIT;
  const window: Window = { where, orderBy: [{ createdAt: direction }, { id: direction }], take: limit };
  return {
    nodes: async (query) => {
      const rows = await read(window, query);
      return backwards ? rows.reverse() : rows;
    },
    hasMore: async () => (await read({ ...window, skip: limit, take: 1 })).length > 0,
  };
}

// ---------------------------------------------------------------------------------------------
// Pipelines

export function findPipeline(ctx: GatewayContext, id: string, query: PipelineQuery = {}) {
  if (!isUuid(id)) return null;
  return ctx.prisma.pipeline.findFirst({ ...query, where: { id, workspaceId: workspaceOf(ctx) } });
}

/** Every pipeline of the workspace, oldest first. */
export function listPipelines(ctx: GatewayContext, query: PipelineQuery = {}) {
  return ctx.prisma.pipeline.findMany({
    ...query,
    where: { workspaceId: workspaceOf(ctx) },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
}

export function pipelineList(ctx: GatewayContext, args: CursorArgs) {
  const where: Prisma.PipelineWhereInput = { workspaceId: workspaceOf(ctx) };
  return cursorList<PipelineQuery, Pipeline>(
    args,
    (id) => ctx.prisma.pipeline.findFirst({ where: { ...where, id }, select: seekSelect }),
    (window, query) => ctx.prisma.pipeline.findMany({ ...query, ...window, where: { AND: [where, window.where] } }),
  );
}

export interface CreatePipelineInput {
  name: string;
  description?: string | null;
  isActive: boolean;
  /** Whether the pipeline starts with the default stages (those of a new workspace). */
  withDefaultStages: boolean;
}

export function createPipeline(ctx: GatewayContext, input: CreatePipelineInput, query: PipelineQuery = {}) {
  return ctx.prisma.pipeline.create({
    ...query,
    data: {
      workspaceId: workspaceOf(ctx),
      name: input.name,
      description: storedDescription(input.description),
      isActive: input.isActive,
      ...(input.withDefaultStages ? { stages: { create: defaultStageRows() } } : {}),
    },
  });
}

export interface PipelineChanges {
  name?: string | null;
  description?: string | null;
  isActive?: boolean | null;
}

export async function updatePipeline(
  ctx: GatewayContext,
  id: string,
  { expectedVersion, ...input }: PipelineChanges & VersionPrecondition,
  query: PipelineQuery = {},
) {
  const data = changesOf(input);
  if (!isUuid(id)) throw notFound('Pipeline', id);
  return versionedUpdate(
    'Pipeline',
    id,
    expectedVersion,
    () =>
      ctx.prisma.pipeline.update({
        ...query,
        where: versionedWhere<Prisma.PipelineWhereInput>(ctx, id, expectedVersion, data, NULLABLE_FIELDS),
        data: { ...data, ...bump },
      }),
    () => ctx.prisma.pipeline.findFirst({ ...query, where: { id, workspaceId: workspaceOf(ctx) } }),
  );
}

// ---------------------------------------------------------------------------------------------
// Stages

export function findOpportunityStage(ctx: GatewayContext, id: string, query: StageQuery = {}) {
  if (!isUuid(id)) return null;
  return ctx.prisma.opportunityStage.findFirst({ ...query, where: { id, workspaceId: workspaceOf(ctx) } });
}

export function opportunityStageList(ctx: GatewayContext, args: CursorArgs & { pipelineId?: string | null }) {
  const { pipelineId } = args;
  const where: Prisma.OpportunityStageWhereInput = {
    workspaceId: workspaceOf(ctx),
    // A malformed pipeline id names no pipeline, so nothing matches (`in: []` is always false).
    ...(pipelineId != null ? { pipelineId: isUuid(pipelineId) ? pipelineId : { in: [] } } : {}),
  };
  return cursorList<StageQuery, OpportunityStage>(
    args,
    (id) => ctx.prisma.opportunityStage.findFirst({ where: { ...where, id }, select: seekSelect }),
    (window, query) =>
      ctx.prisma.opportunityStage.findMany({ ...query, ...window, where: { AND: [where, window.where] } }),
  );
}

/** The keys and positions of a pipeline's stages; NOT_FOUND unless the pipeline is the caller's. */
async function stagesOf(ctx: GatewayContext, pipelineId: string) {
  const pipeline = isUuid(pipelineId)
    ? await ctx.prisma.pipeline.findFirst({
        where: { id: pipelineId, workspaceId: workspaceOf(ctx) },
        select: { stages: { select: { key: true, position: true } } },
      })
    : null;
  if (!pipeline) throw notFound('Pipeline', pipelineId);
  return pipeline.stages;
}

/** After the last stage. */
const nextPosition = (stages: ReadonlyArray<{ position: number }>) =>
  Math.max(-1, ...stages.map((stage) => stage.position)) + 1;

/** "Closed – Won!" → "closed-won": the name's letters and digits, accents dropped, joined by dashes. */
function slugOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  // A name without a single latin letter or digit (e.g. "日本") still needs a key.
  return slug || 'stage';
}

/** The slug if no stage of the pipeline has it, else slug-2, slug-3…; at most STAGE_KEY_MAX long. */
function freeKey(slug: string, taken: readonly string[]): string {
  const used = new Set(taken);
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '' : `-${n}`;
    const key = slug.slice(0, STAGE_KEY_MAX - suffix.length).replace(/-+$/, '') + suffix;
    if (!used.has(key)) return key;
  }
}

export interface CreateStageInput {
  pipelineId: string;
  /** Derived from the name when omitted. */
  key?: string | null;
  name: string;
  description?: string | null;
  probability: Prisma.Decimal;
  status: StageStatus;
  isActive: boolean;
  /** After the last stage when omitted. */
  position?: number | null;
}

/** Tries to take a derived key that concurrent creates keep taking first, before giving up. */
const DERIVED_KEY_ATTEMPTS = 3;

export async function createOpportunityStage(ctx: GatewayContext, input: CreateStageInput, query: StageQuery = {}) {
  for (let attempt = 1; ; attempt++) {
    const stages = await stagesOf(ctx, input.pipelineId);
    const key =
      input.key ??
      freeKey(
        slugOf(input.name),
        stages.map((stage) => stage.key),
      );
    try {
      return await ctx.prisma.opportunityStage.create({
        ...query,
        data: {
          workspaceId: workspaceOf(ctx),
          pipelineId: input.pipelineId,
          key,
          name: input.name,
          description: storedDescription(input.description),
          probability: input.probability,
          status: input.status,
          isActive: input.isActive,
          position: input.position ?? nextPosition(stages),
        },
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        // A derived key was free when read: a concurrent create took it, so derive again.
        if (input.key == null && attempt < DERIVED_KEY_ATTEMPTS) continue;
        throw stageKeyTaken(key, input.pipelineId);
      }
      // The pipeline was deleted since it was read.
      if (isForeignKeyViolation(error)) throw notFound('Pipeline', input.pipelineId);
      throw error;
    }
  }
}

export interface StageChanges {
  name?: string | null;
  description?: string | null;
  probability?: Prisma.Decimal | null;
  status?: StageStatus | null;
  isActive?: boolean | null;
  /** Another pipeline of the workspace; only a stage without opportunities can move. */
  pipelineId?: string | null;
  /** Kept when the stage moves unless given; after the target's last stage when omitted then. */
  position?: number | null;
}

/**
 * A partial update; `pipelineId` moves the stage to another pipeline of the workspace. The
 * database refuses to move a stage that holds opportunities (their foreign key is ON UPDATE
 * RESTRICT), which answers a CONFLICT and changes nothing.
 */
export async function updateOpportunityStage(
  ctx: GatewayContext,
  id: string,
  { expectedVersion, ...input }: StageChanges & VersionPrecondition,
  query: StageQuery = {},
) {
  const data = changesOf(input);
  if (!isUuid(id)) throw notFound('Opportunity stage', id);
  const move = data.pipelineId === undefined ? undefined : await planMove(ctx, id, data.pipelineId);
  const changes = { ...data, position: data.position ?? move?.position };
  try {
    return await versionedUpdate(
      'Opportunity stage',
      id,
      expectedVersion,
      () =>
        ctx.prisma.opportunityStage.update({
          ...query,
          where: versionedWhere<Prisma.OpportunityStageWhereInput>(ctx, id, expectedVersion, changes, NULLABLE_FIELDS),
          data: { ...changes, ...bump },
        }),
      () => ctx.prisma.opportunityStage.findFirst({ ...query, where: { id, workspaceId: workspaceOf(ctx) } }),
    );
  } catch (error) {
    // Only a move changes a stage's pipeline, hence its (pipeline, key) pair.
    if (move && isUniqueViolation(error)) throw stageKeyTaken(move.key, move.pipelineId);
    if (violatedConstraint(error) === OPPORTUNITY_STAGE_FKEY) throw stageHoldsOpportunities(id);
    // The target pipeline was deleted since it was read.
    if (move && isForeignKeyViolation(error)) throw notFound('Pipeline', move.pipelineId);
    throw error;
  }
}

/**
 * Checks a move before writing it: the stage and the target pipeline must be the caller's (checked
 * here, because PostgreSQL checks the stage's unique key before its foreign key, and a key taken
 * in another workspace's pipeline must not answer CONFLICT). A real move places the stage after
 * the target's last stage unless the caller gave a position.
 */
async function planMove(ctx: GatewayContext, id: string, pipelineId: string) {
  const stage = await ctx.prisma.opportunityStage.findFirst({
    where: { id, workspaceId: workspaceOf(ctx) },
    select: { key: true, pipelineId: true },
  });
  if (!stage) throw notFound('Opportunity stage', id);
  const position = stage.pipelineId === pipelineId ? undefined : nextPosition(await stagesOf(ctx, pipelineId));
  return { key: stage.key, pipelineId, position };
}
