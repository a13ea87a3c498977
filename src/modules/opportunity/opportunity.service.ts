// The rules of opportunities, shared by every entry point (GraphQL resolvers, and through them REST).
import { customAlphabet } from 'nanoid';
import { Prisma, type Opportunity, type StageStatus } from '../../generated/prisma/client.js';
import { isUuid } from '../../db/ids.js';
import { sqlTemplate, type SqlStatement } from '../../db/sql.js';
import { givenFields } from '../../partial-update.js';
import { callerOf, type GatewayContext } from '../../context.js';
import {
  notFound,
  validationError,
  versionMismatch,
  type GatewayError,
  type VersionPrecondition,
} from '../../errors.js';
import { msg } from '../../i18n/messages.js';
import { isUniqueViolation, isForeignKeyViolation } from '../../db/prisma-errors.js';
import { invalidStatus, stageInactive, stageNotInPipeline } from './opportunity.errors.js';
import {
  insertEvent,
  publishEvents,
  requestEventValues,
  type OpportunityEvent,
} from '../opportunity-event/opportunity-event.service.js';

const randomSuffix = customAlphabet('0123456789abcdefghijklmnopqrstuvwxyz', 12);
export const newOpportunityId = () => `opp_${randomSuffix()}`;

/** The stage to move to: a stage id, or a status key resolved within the opportunity's pipeline. */
export interface StageTarget {
  stageId?: string | null;
  status?: string | null;
  /** Naming a pipeline other than the opportunity's is the only way to move it across pipelines. */
  pipelineId?: string | null;
}

/**
 * SQL: the row `o` is at the expected version (always, when none is expected). Each write puts it
 * in its own WHERE, so the check and the write are one statement.
 */
const atExpectedVersion = (expected: unknown) => Prisma.sql`(${expected}::int IS NULL OR o.version = ${expected}::int)`;

/** Raises the mismatch when a version was expected and the row (unwritten) is at another. */
function checkVersion(id: string, expected: number | null, current: number): void {
  if (expected !== null && expected !== current) throw versionMismatch('Opportunity', id, expected, current);
}

/** wonAt and lostAt follow the stage's status: won and lost stamp, open (a reopen) clears both. */
function closingTimestamps(status: StageStatus, at: Date) {
  return { wonAt: status === 'won' ? at : null, lostAt: status === 'lost' ? at : null };
}

/** The opportunity's columns and their Prisma names. */
const OPPORTUNITY_FIELDS = [
  ['id', 'id'],
  ['workspace_id', 'workspaceId'],
  ['name', 'name'],
  ['email', 'email'],
  ['phone', 'phone'],
  ['company', 'company'],
  ['job_title', 'jobTitle'],
  ['deal_value', 'dealValue'],
  ['deal_currency', 'dealCurrency'],
  ['notes', 'notes'],
  ['responsible_user_id', 'responsibleUserId'],
  ['pipeline_id', 'pipelineId'],
  ['stage_id', 'stageId'],
  ['won_at', 'wonAt'],
  ['lost_at', 'lostAt'],
  ['stage_changed_at', 'stageChangedAt'],
  ['version', 'version'],
  ['created_at', 'createdAt'],
  ['updated_at', 'updatedAt'],
] as const;

/**
 * The row `o` as one JSON object under its Prisma names (the deal value as text, so no digit is
 * lost): the hot writes answer it as one column rather than nineteen, which the driver otherwise
 * describes, and parses into an object, column by column on every execution (measured: about 5 %
 * of a write request's CPU). `opportunityOf` makes it the Prisma row again.
 */
export const OPPORTUNITY_JSON = Prisma.raw(
  `json_build_object(${OPPORTUNITY_FIELDS.map(
    ([column, field]) => `'${field}', o.${column}${column === 'deal_value' ? '::text' : ''}`,
  ).join(', ')})`,
);

/** JSON of a `timestamptz` column (ISO 8601 with its offset) as a Date. */
const dateOf = (text: string | null) => (text === null ? null : new Date(text));

/** The Prisma row of an opportunity answered as OPPORTUNITY_JSON. */
export function opportunityOf(json: OpportunityJson): Opportunity {
  return {
    ...json,
    dealValue: json.dealValue === null ? null : new Prisma.Decimal(json.dealValue),
    wonAt: dateOf(json.wonAt),
    lostAt: dateOf(json.lostAt),
    stageChangedAt: dateOf(json.stageChangedAt)!,
    createdAt: dateOf(json.createdAt)!,
    updatedAt: dateOf(json.updatedAt)!,
  };
}

export type OpportunityJson = Omit<
  Opportunity,
  'dealValue' | 'wonAt' | 'lostAt' | 'stageChangedAt' | 'createdAt' | 'updatedAt'
> & {
  dealValue: string | null;
  wonAt: string | null;
  lostAt: string | null;
  stageChangedAt: string;
  createdAt: string;
  updatedAt: string;
};

/** A row a write statement answers: the opportunity and the event it wrote (none for a no-op). */
interface Written {
  opportunity: OpportunityJson;
  event: OpportunityEvent | null;
}

type MoveOutcome = Written & {
  targetStageId: string | null;
  targetPipelineId: string | null;
  targetActive: boolean | null;
  moved: boolean;
};

/** Who makes a change: values, or a template's arguments (src/db/sql.ts). */
export interface ChangeAuthor {
  workspaceId: unknown;
  actorId: unknown;
  source: unknown;
}

/**
 * The CTEs `history` and `event` of a stage move: one stage_change row and one `stage_changed`
 * event per row of the CTE `moved`, in opportunity-id order. `before` names each row's state
 * before the move, reachable through `from` (which joins `moved` to it). Single and bulk moves
 * share them, so their history and events cannot drift apart.
 */
export function stageChangeRecords(
  { workspaceId, actorId, source }: ChangeAuthor,
  {
    before,
    from,
  }: {
    before: { stageId: Prisma.Sql; pipelineId: Prisma.Sql; wonAt: Prisma.Sql; lostAt: Prisma.Sql };
    from: Prisma.Sql;
  },
): Prisma.Sql {
  return Prisma.sql`history AS (
      INSERT INTO stage_change
        (id, workspace_id, opportunity_id, from_stage_id, to_stage_id, version, changed_at, actor_api_key_id, source)
      SELECT gen_random_uuid(), ${workspaceId}::uuid, moved.id, ${before.stageId}, moved.stage_id, moved.version,
        moved.stage_changed_at, ${actorId}::uuid, ${source}::change_source
      ${from}
    ), event AS (
      ${insertEvent(
        {
          ...requestEventValues(workspaceId, actorId, source),
          type: Prisma.sql`'stage_changed'`,
          opportunity_id: Prisma.sql`moved.id`,
          pipeline_id: Prisma.sql`moved.pipeline_id`,
          previous_pipeline_id: Prisma.sql`NULLIF(${before.pipelineId}, moved.pipeline_id)`,
          version: Prisma.sql`moved.version`,
          occurred_at: Prisma.sql`moved.stage_changed_at`,
          from_stage_id: before.stageId,
          to_stage_id: Prisma.sql`moved.stage_id`,
          previous_won_at: before.wonAt,
          previous_lost_at: before.lostAt,
        },
        Prisma.sql`${from} ORDER BY moved.id`,
      )}
    )`;
}

/** Which opportunity a write is for, who makes it and through what, and the version it expects. */
export interface WriteRun {
  id: string;
  workspaceId: string;
  expectedVersion: number | null;
  actorId: string;
  source: GatewayContext['source'];
}

export interface MoveArgs extends WriteRun {
  stageId: string | null;
  pipelineId: string | null;
  status: string | null;
}

/**
 * The move: it locks the row, resolves the target, updates the opportunity, writes the history
 * row and the event, and answers the resulting row with what it found of the target. Exported for
 * `npm run bench`, which also runs it bare to show what the statement alone costs.
 */
export const moveStatement = sqlTemplate<MoveArgs>(
  (arg) => Prisma.sql`
    WITH now AS (
      -- One instant for every timestamp of the move, so won_at equals stage_changed_at.
      SELECT clock_timestamp() AS at
    ), cur AS (
      SELECT * FROM opportunity
      WHERE id = ${arg.id} AND workspace_id = ${arg.workspaceId}::uuid
      FOR UPDATE
    ), target AS (
      SELECT s.id, s.pipeline_id, s.status, s.is_active FROM opportunity_stage s, cur
      WHERE s.workspace_id = ${arg.workspaceId}::uuid AND CASE
        WHEN ${arg.stageId}::uuid IS NOT NULL THEN s.id = ${arg.stageId}::uuid
        ELSE s.pipeline_id = COALESCE(${arg.pipelineId}::uuid, cur.pipeline_id) AND s.key = ${arg.status}::text
      END
    ), moved AS (
      UPDATE opportunity o SET
        stage_id = t.id,
        pipeline_id = t.pipeline_id,
        stage_changed_at = now.at,
        won_at = CASE WHEN t.status = 'won' THEN now.at END,
        lost_at = CASE WHEN t.status = 'lost' THEN now.at END,
        version = o.version + 1,
        updated_at = now.at
      FROM cur, target t, now
      WHERE o.id = cur.id AND t.is_active AND t.id <> cur.stage_id
        AND (t.pipeline_id = cur.pipeline_id OR t.pipeline_id = ${arg.pipelineId}::uuid)
        AND ${atExpectedVersion(arg.expectedVersion)}
      RETURNING o.*
    ), ${stageChangeRecords(arg, {
      before: {
        stageId: Prisma.sql`cur.stage_id`,
        pipelineId: Prisma.sql`cur.pipeline_id`,
        wonAt: Prisma.sql`cur.won_at`,
        lostAt: Prisma.sql`cur.lost_at`,
      },
      from: Prisma.sql`FROM moved, cur`,
    })}
    SELECT ${OPPORTUNITY_JSON} AS opportunity,
      t.id AS "targetStageId", t.pipeline_id AS "targetPipelineId", t.is_active AS "targetActive",
      EXISTS (SELECT 1 FROM moved) AS moved, (SELECT to_json(event) FROM event) AS event
    FROM (SELECT * FROM moved UNION ALL SELECT * FROM cur WHERE NOT EXISTS (SELECT 1 FROM moved)) o
    LEFT JOIN target t ON true`,
);

/**
 * Moves an opportunity in one statement, one round trip: it locks the row, resolves the target,
 * updates the opportunity, writes the history row and answers the resulting row, so concurrent
 * moves serialise on the row lock and none is lost. The same statement writes the event, which is
 * published once it has committed. Rejections write nothing; the statement reports why and this
 * function raises the matching error. Moving to the current stage is a no-op.
 */
export async function moveOpportunityStage(
  ctx: GatewayContext,
  id: string,
  target: StageTarget & VersionPrecondition,
): Promise<Opportunity> {
  const caller = callerOf(ctx);
  const expectedVersion = target.expectedVersion ?? null;
  const ws = caller.workspaceId;
  const stageId = target.stageId ?? null;
  const pipelineId = target.pipelineId ?? null;
  // Ids that are not uuids match nothing (rather than failing the cast).
  if ((stageId && !isUuid(stageId)) || (pipelineId && !isUuid(pipelineId))) {
    if (stageId && !isUuid(stageId)) throw notFound('Opportunity stage', stageId);
    throw notFound('Pipeline', pipelineId ?? '');
  }
  const [outcome] = await ctx.sql.query<MoveOutcome>(
    moveStatement({
      id,
      workspaceId: ws,
      stageId,
      pipelineId,
      status: target.status ?? null,
      expectedVersion,
      actorId: caller.id,
      source: ctx.source,
    }),
  );

  if (!outcome) throw notFound('Opportunity', id);
  const { targetStageId, targetPipelineId, targetActive, moved, event } = outcome;
  const opportunity = opportunityOf(outcome.opportunity);
  publishEvents(ctx, [event]);
  if (moved) ctx.metrics.stageMoved(ctx.source);
  if (!moved) checkVersion(id, expectedVersion, opportunity.version);
  if (moved || targetStageId === opportunity.stageId) return opportunity;
  throw await moveRefusal(ctx, target, {
    opportunityPipelineId: opportunity.pipelineId,
    targetStageId,
    targetPipelineId,
    targetActive,
  });
}

/** What the move statement found for a target it refused. */
export interface RefusedTarget {
  opportunityPipelineId: string;
  targetStageId: string | null;
  targetPipelineId: string | null;
  targetActive: boolean | null;
}

/** Why a move was refused: no such stage or status (with the valid ones), an inactive stage, or another pipeline's. */
export async function moveRefusal(
  ctx: GatewayContext,
  target: StageTarget,
  found: RefusedTarget,
): Promise<GatewayError> {
  const { targetStageId, targetPipelineId, targetActive } = found;
  if (!targetStageId) {
    if (target.stageId) return notFound('Opportunity stage', target.stageId);
    const stages = await ctx.prisma.opportunityStage.findMany({
      where: {
        pipelineId: target.pipelineId ?? found.opportunityPipelineId,
        workspaceId: callerOf(ctx).workspaceId,
        isActive: true,
      },
      orderBy: { position: 'asc' },
      select: { key: true },
    });
    if (target.pipelineId && stages.length === 0) return notFound('Pipeline', target.pipelineId);
    return invalidStatus(
      target.status ?? '',
      stages.map((stage) => stage.key),
    );
  }
  if (!targetActive) return stageInactive(targetStageId);
  return stageNotInPipeline(targetStageId, targetPipelineId ?? '');
}

/** Fields a caller may set on an opportunity; `null` clears a nullable one. */
export interface OpportunityFields {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  company?: string | null;
  jobTitle?: string | null;
  dealValue?: Prisma.Decimal | null;
  dealCurrency?: string | null;
  notes?: string | null;
  responsibleUserId?: string | null;
}

/** Every field but the name and the currency may be cleared with `null`. */
const NULLABLE_FIELDS = ['email', 'phone', 'company', 'jobTitle', 'dealValue', 'notes', 'responsibleUserId'] as const;
const changedFields = (input: OpportunityFields) => givenFields(input, NULLABLE_FIELDS);

function unknownResponsibleUser(error: unknown): never {
  if (isForeignKeyViolation(error)) {
    throw validationError({ responsibleUserId: msg('noSuchUser') });
  }
  throw error;
}

type OpportunityQuery = { include?: Prisma.OpportunityInclude; select?: Prisma.OpportunitySelect };

/** The editable fields' columns and the SQL type their values are bound as. */
const EDITABLE_COLUMNS = [
  ['name', 'name', 'text'],
  ['email', 'email', 'text'],
  ['phone', 'phone', 'text'],
  ['company', 'company', 'text'],
  ['jobTitle', 'job_title', 'text'],
  ['dealValue', 'deal_value', 'numeric'],
  ['dealCurrency', 'deal_currency', 'text'],
  ['notes', 'notes', 'text'],
  ['responsibleUserId', 'responsible_user_id', 'text'],
] as const satisfies ReadonlyArray<readonly [keyof OpportunityFields, string, string]>;

/** Each editable field's column and type as SQL fragments, made once. */
const EDITABLE_SQL = EDITABLE_COLUMNS.map(([field, column, type]) => ({
  field,
  column: Prisma.raw(column),
  type: Prisma.raw(type),
}));

/** The given fields with their columns, the SQL type their values are bound as, and their values. */
function givenColumns(changes: Readonly<Partial<Record<keyof OpportunityFields, unknown>>>) {
  return EDITABLE_SQL.filter(({ field }) => changes[field] !== undefined).map((editable) => ({
    ...editable,
    value: changes[editable.field],
  }));
}

export interface CreateOpportunityInput extends OpportunityFields, StageTarget {
  name: string;
}

/** Creates the opportunity and its `created` event in one statement; relations load on demand. */
export async function createOpportunity(ctx: GatewayContext, input: CreateOpportunityInput): Promise<Opportunity> {
  const caller = callerOf(ctx);
  const ws = caller.workspaceId;
  const { stageId, status, pipelineId, ...rest } = input;
  const columns = givenColumns(changedFields(rest));
  const stage = await ctx.prisma.opportunityStage.findFirst({
    where: {
      workspaceId: ws,
      isActive: true,
      ...(stageId ? { id: stageId } : {}),
      ...(status ? { key: status } : {}),
      pipeline: pipelineId ? { id: pipelineId } : stageId ? {} : { isDefault: true },
    },
    orderBy: { position: 'asc' },
  });
  if (!stage) {
    if (stageId) throw notFound('Opportunity stage', stageId);
    if (status) {
      const stages = await ctx.prisma.opportunityStage.findMany({
        where: { workspaceId: ws, isActive: true, pipeline: pipelineId ? { id: pipelineId } : { isDefault: true } },
        orderBy: { position: 'asc' },
        select: { key: true },
      });
      if (stages.length)
        throw invalidStatus(
          status,
          stages.map((s) => s.key),
        );
    }
    throw notFound('Pipeline', pipelineId ?? 'default');
  }
  if (pipelineId && stage.pipelineId !== pipelineId) throw stageNotInPipeline(stage.id, stage.pipelineId);
  const now = new Date();
  const { wonAt, lostAt } = closingTimestamps(stage.status, now);
  // A fresh random id collides with odds of 36^-12; one retry covers it.
  for (let attempt = 0; ; attempt++) {
    try {
      const [created] = await ctx.sql.query<Written>(Prisma.sql`
        WITH created AS (
          INSERT INTO opportunity (id, workspace_id, pipeline_id, stage_id, stage_changed_at, won_at, lost_at,
            created_at, updated_at${Prisma.join(
              columns.map(({ column }) => Prisma.sql`, ${column}`),
              '',
            )})
          VALUES (${newOpportunityId()}, ${ws}::uuid, ${stage.pipelineId}::uuid, ${stage.id}::uuid, ${now}::timestamptz,
            ${wonAt}::timestamptz, ${lostAt}::timestamptz, ${now}::timestamptz, ${now}::timestamptz${Prisma.join(
              columns.map(({ value, type }) => Prisma.sql`, ${value}::${type}`),
              '',
            )})
          RETURNING *
        ), event AS (
          ${insertEvent(
            {
              ...requestEventValues(ws, caller.id, ctx.source),
              type: Prisma.sql`'created'`,
              opportunity_id: Prisma.sql`created.id`,
              pipeline_id: Prisma.sql`created.pipeline_id`,
              version: Prisma.sql`created.version`,
              occurred_at: Prisma.sql`created.created_at`,
              to_stage_id: Prisma.sql`created.stage_id`,
            },
            Prisma.sql`FROM created`,
          )}
        )
        SELECT ${OPPORTUNITY_JSON} AS opportunity, (SELECT to_json(event) FROM event) AS event FROM created o`);
      if (!created) throw new Error('INSERT … RETURNING answered no row');
      const { event } = created;
      const opportunity = opportunityOf(created.opportunity);
      publishEvents(ctx, [event]);
      return opportunity;
    } catch (error) {
      if (attempt === 0 && isUniqueViolation(error)) continue;
      unknownResponsibleUser(error);
    }
  }
}

/** The update statement of each set of given fields (at most 2^9), built on first use. */
const updateStatements = new Map<string, (args: Record<string, unknown>) => SqlStatement>();

/**
 * The partial update of the given fields (the run's arguments: each field's value, `id`,
 * `workspaceId`, `expectedVersion`, `actorId`, `source`). It writes only when a given value
 * differs from the stored one, and answers the row with the event it wrote, if any.
 */
function updateStatement(columns: ReadonlyArray<{ field: string; column: Prisma.Sql; type: Prisma.Sql }>) {
  const shape = columns.map(({ field }) => field).join(',');
  let statement = updateStatements.get(shape);
  if (!statement) {
    statement = sqlTemplate<Record<string, unknown>>(
      (arg) => Prisma.sql`
      WITH cur AS (
        SELECT * FROM opportunity WHERE id = ${arg.id} AND workspace_id = ${arg.workspaceId}::uuid FOR UPDATE
      ), next AS (
        SELECT ${Prisma.join(columns.map(({ field, column, type }) => Prisma.sql`${arg[field]}::${type} AS ${column}`))}
      ), changed AS (
        SELECT array_remove(ARRAY[${Prisma.join(
          columns.map(
            ({ field, column }) =>
              Prisma.sql`CASE WHEN next.${column} IS DISTINCT FROM cur.${column} THEN ${Prisma.raw(`'${field}'`)} END`,
          ),
        )}], NULL) AS fields
        FROM cur, next
      ), updated AS (
        UPDATE opportunity o SET
          ${Prisma.join(columns.map(({ column }) => Prisma.sql`${column} = next.${column}`))},
          version = o.version + 1,
          updated_at = clock_timestamp()
        FROM cur, next, changed
        WHERE o.id = cur.id AND o.workspace_id = cur.workspace_id AND cardinality(changed.fields) > 0
          AND ${atExpectedVersion(arg.expectedVersion)}
        RETURNING o.*
      ), event AS (
        ${insertEvent(
          {
            ...requestEventValues(arg.workspaceId, arg.actorId, arg.source),
            type: Prisma.sql`'updated'`,
            opportunity_id: Prisma.sql`updated.id`,
            pipeline_id: Prisma.sql`updated.pipeline_id`,
            version: Prisma.sql`updated.version`,
            occurred_at: Prisma.sql`updated.updated_at`,
            changed_fields: Prisma.sql`changed.fields`,
          },
          Prisma.sql`FROM updated, changed`,
        )}
      )
      SELECT ${OPPORTUNITY_JSON} AS opportunity, (SELECT to_json(event) FROM event) AS event
      FROM (SELECT * FROM updated UNION ALL SELECT * FROM cur WHERE NOT EXISTS (SELECT 1 FROM updated)) o`,
    );
    updateStatements.set(shape, statement);
  }
  return statement;
}

/**
 * The statement of a partial update of the given fields (undefined when none is given). Exported
 * for `npm run bench`, which also runs it bare to show what the statement alone costs.
 */
export function partialUpdateStatement(fields: OpportunityFields, run: WriteRun): SqlStatement | undefined {
  const columns = givenColumns(changedFields(fields));
  if (!columns.length) return undefined;
  return updateStatement(columns)({ ...Object.fromEntries(columns.map(({ field, value }) => [field, value])), ...run });
}

/**
 * A partial update in one statement: only the given fields change, and never the stage. When no
 * given value differs from the stored one nothing is written (no version, no updatedAt, no event);
 * otherwise the row and its `updated` event, naming the fields that changed, commit together.
 * Relations a client selects load on demand.
 */
export async function updateOpportunity(
  ctx: GatewayContext,
  id: string,
  input: OpportunityFields & VersionPrecondition,
): Promise<Opportunity> {
  const caller = callerOf(ctx);
  const ws = caller.workspaceId;
  const { expectedVersion = null, ...fields } = input;
  const statement = partialUpdateStatement(fields, {
    id,
    workspaceId: ws,
    expectedVersion,
    actorId: caller.id,
    source: ctx.source,
  });
  if (!statement) {
    const current = await ctx.prisma.opportunity.findFirst({ where: { id, workspaceId: ws } });
    if (!current) throw notFound('Opportunity', id);
    checkVersion(id, expectedVersion, current.version);
    return current;
  }
  try {
    const [updated] = await ctx.sql.query<Written>(statement);
    if (!updated) throw notFound('Opportunity', id);
    const { event } = updated;
    const opportunity = opportunityOf(updated.opportunity);
    publishEvents(ctx, [event]);
    // No event: nothing was written, a no-op or a stale expectedVersion (the row answered is current).
    if (!event) checkVersion(id, expectedVersion, opportunity.version);
    return opportunity;
  } catch (error) {
    return unknownResponsibleUser(error);
  }
}

/**
 * Deletes the opportunity (its history goes with it) and writes its `deleted` event in one
 * statement; answers it as it was just before, with the relations the client selects.
 */
export async function deleteOpportunity(
  ctx: GatewayContext,
  id: string,
  { expectedVersion = null }: VersionPrecondition = {},
  query: OpportunityQuery = {},
) {
  const caller = callerOf(ctx);
  const ws = caller.workspaceId;
  const existing = await ctx.prisma.opportunity.findFirst({ ...query, where: { id, workspaceId: ws } });
  if (!existing) throw notFound('Opportunity', id);
  checkVersion(id, expectedVersion, existing.version);
  const [deleted] = await ctx.sql.query<{ event: OpportunityEvent }>(Prisma.sql`
    WITH deleted AS (
      DELETE FROM opportunity o
      WHERE id = ${id} AND workspace_id = ${ws}::uuid AND ${atExpectedVersion(expectedVersion)}
      RETURNING *
    ), event AS (
      ${insertEvent(
        {
          ...requestEventValues(ws, caller.id, ctx.source),
          type: Prisma.sql`'deleted'`,
          opportunity_id: Prisma.sql`deleted.id`,
          pipeline_id: Prisma.sql`deleted.pipeline_id`,
          version: Prisma.sql`deleted.version + 1`,
          occurred_at: Prisma.sql`clock_timestamp()`,
        },
        Prisma.sql`FROM deleted`,
      )}
    )
    SELECT to_json(event) AS event FROM event`);
  if (!deleted) {
    // Written or deleted by someone else between the read and the delete.
    const current = await ctx.prisma.opportunity.findFirst({
      where: { id, workspaceId: ws },
      select: { version: true },
    });
    if (current) checkVersion(id, expectedVersion, current.version);
    throw notFound('Opportunity', id);
  }
  publishEvents(ctx, [deleted.event]);
  return existing;
}

export interface OpportunityFilter {
  pipelineId?: string | null;
  stageId?: string | null;
  status?: string | null;
  responsibleUserId?: string | null;
  search?: string | null;
}

/** The where clause of a listing, always confined to the caller's workspace. */
export function opportunityWhere(ctx: GatewayContext, filter: OpportunityFilter = {}): Prisma.OpportunityWhereInput {
  const search = filter.search?.trim();
  return {
    workspaceId: callerOf(ctx).workspaceId,
    ...(filter.pipelineId ? { pipelineId: filter.pipelineId } : {}),
    ...(filter.stageId ? { stageId: filter.stageId } : {}),
    ...(filter.status ? { stage: { key: filter.status } } : {}),
    ...(filter.responsibleUserId ? { responsibleUserId: filter.responsibleUserId } : {}),
    ...(search
      ? {
          OR: (['name', 'email', 'company'] as const).map((field) => ({
            [field]: { contains: search, mode: 'insensitive' as const },
          })),
        }
      : {}),
  };
}

export interface StageSummaryRow {
  stageId: string;
  currency: string | null;
  count: number;
  totalValue: Prisma.Decimal;
  weightedValue: Prisma.Decimal;
}

/** Per stage and currency: how many opportunities, their value, and value × stage probability. */
export async function pipelineSummary(ctx: GatewayContext, pipelineId: string) {
  const ws = callerOf(ctx).workspaceId;
  if (!isUuid(pipelineId)) throw notFound('Pipeline', pipelineId);
  const stages = await ctx.prisma.opportunityStage.findMany({
    where: { pipelineId, workspaceId: ws },
    orderBy: { position: 'asc' },
  });
  if (!stages.length) {
    const pipeline = await ctx.prisma.pipeline.findFirst({ where: { id: pipelineId, workspaceId: ws } });
    if (!pipeline) throw notFound('Pipeline', pipelineId);
  }
  const rows = await ctx.prisma.$queryRaw<StageSummaryRow[]>`
    SELECT o.stage_id AS "stageId", o.deal_currency AS currency, count(*)::int AS count,
      COALESCE(sum(o.deal_value), 0) AS "totalValue",
      COALESCE(sum(o.deal_value * s.probability), 0) AS "weightedValue"
    FROM opportunity o JOIN opportunity_stage s ON s.id = o.stage_id
    WHERE o.workspace_id = ${ws}::uuid AND o.pipeline_id = ${pipelineId}::uuid
    GROUP BY o.stage_id, o.deal_currency
    ORDER BY o.deal_currency`;
  return stages.map((stage) => {
    const totals = rows.filter((row) => row.stageId === stage.id);
    return {
      stage,
      count: totals.reduce((sum, row) => sum + row.count, 0),
      totals: totals.map((row) => ({
        currency: row.currency ?? 'BRL',
        count: row.count,
        totalValue: new Prisma.Decimal(row.totalValue).toFixed(2),
        weightedValue: new Prisma.Decimal(row.weightedValue).toFixed(2),
      })),
    };
  });
}
