// Events of opportunities: one row per committed change, written by the statement that makes the
// change (`insertEvent` is a CTE of it), answered by that statement as JSON, published after the
// commit (`publishEvents`), and read back for subscribers that resume (`storedEventsAfter`).
import { Prisma, type PrismaClient } from '../../generated/prisma/client.js';

export type OpportunityEventKind = 'created' | 'updated' | 'stage_changed' | 'deleted';

/** An event as statements answer it and as it travels between instances (JSON). */
export interface OpportunityEvent {
  /** The bigserial id, as a string (JSON has no 64-bit integers). */
  id: string;
  workspaceId: string;
  type: OpportunityEventKind;
  opportunityId: string;
  pipelineId: string;
  previousPipelineId: string | null;
  version: number;
  /** ISO 8601. */
  occurredAt: string;
  changedFields: string[] | null;
  fromStageId: string | null;
  toStageId: string | null;
  actorApiKeyId: string | null;
  source: 'graphql' | 'rest';
}

/** The columns a statement sets on an event row; the others take their defaults or NULL. */
const EVENT_COLUMNS = [
  'workspace_id',
  'type',
  'opportunity_id',
  'pipeline_id',
  'previous_pipeline_id',
  'version',
  'occurred_at',
  'changed_fields',
  'from_stage_id',
  'to_stage_id',
  'previous_won_at',
  'previous_lost_at',
  'actor_api_key_id',
  'source',
] as const;
type EventColumn = (typeof EVENT_COLUMNS)[number];
type Required = 'workspace_id' | 'type' | 'opportunity_id' | 'pipeline_id' | 'version' | 'occurred_at' | 'source';
export type EventValues = Record<Required, Prisma.Sql> & Partial<Record<Exclude<EventColumn, Required>, Prisma.Sql>>;

/** The event's fields under the names of `OpportunityEvent`. */
const EVENT_FIELDS = Prisma.raw(
  `id::text AS id, workspace_id AS "workspaceId", type::text AS type, opportunity_id AS "opportunityId",
  pipeline_id AS "pipelineId", previous_pipeline_id AS "previousPipelineId", version, occurred_at AS "occurredAt",
  changed_fields AS "changedFields", from_stage_id AS "fromStageId", to_stage_id AS "toStageId",
  actor_api_key_id AS "actorApiKeyId", source::text AS source`,
);

/**
 * `INSERT INTO opportunity_event … SELECT <values> <from> RETURNING <the event's fields>`, to be a
 * CTE (`event AS (…)`) of the statement that makes the change; `(SELECT to_json(event) FROM event)`
 * then answers the event with the row.
 */
export function insertEvent(values: EventValues, from: Prisma.Sql): Prisma.Sql {
  const given = EVENT_COLUMNS.filter((column) => values[column] !== undefined);
  return Prisma.sql`INSERT INTO opportunity_event (${Prisma.raw(given.join(', '))})
    SELECT ${Prisma.join(given.map((column) => values[column] ?? Prisma.empty))} ${from}
    RETURNING ${EVENT_FIELDS}`;
}

/**
 * The values every event of a request shares: its workspace, actor and entry point. Each is a
 * value, or a template's argument (src/db/sql.ts).
 */
export function requestEventValues(workspaceId: unknown, actorApiKeyId: unknown, source: unknown) {
  return {
    workspace_id: Prisma.sql`${workspaceId}::uuid`,
    actor_api_key_id: Prisma.sql`${actorApiKeyId}::uuid`,
    source: Prisma.sql`${source}::change_source`,
  };
}

/** Hands committed events to the subscribers of every instance. Never fails the write. */
export function publishEvents(
  ctx: { services: { opportunityEvents: { publish(event: OpportunityEvent): void } } },
  events: ReadonlyArray<OpportunityEvent | null | undefined>,
): void {
  for (const event of events) if (event) ctx.services.opportunityEvents.publish(event);
}

/** A page of a workspace's stored events after `afterId`, oldest first; with a pipeline, only its own. */
export async function storedEventsAfter(
  prisma: PrismaClient,
  workspaceId: string,
  afterId: string,
  pipelineId: string | null,
  limit: number,
): Promise<OpportunityEvent[]> {
  const rows = await prisma.$queryRaw<Array<{ event: OpportunityEvent }>>`
    SELECT to_json(e) AS event FROM (
      SELECT ${EVENT_FIELDS} FROM opportunity_event
      WHERE workspace_id = ${workspaceId}::uuid AND id > ${afterId}::bigint
        AND (${pipelineId}::uuid IS NULL OR pipeline_id = ${pipelineId}::uuid OR previous_pipeline_id = ${pipelineId}::uuid)
      -- The column, not the text the select list answers as \`id\`.
      ORDER BY opportunity_event.id
      LIMIT ${limit}
    ) e
    ORDER BY e.id::bigint`;
  return rows.map((row) => row.event);
}

/** The stored events of one opportunity with versions strictly between two, in version order. */
export async function storedEventsBetween(
  prisma: PrismaClient,
  workspaceId: string,
  opportunityId: string,
  versions: { after: number; before: number },
  pipelineId: string | null,
): Promise<OpportunityEvent[]> {
  const rows = await prisma.$queryRaw<Array<{ event: OpportunityEvent }>>`
    SELECT to_json(e) AS event FROM (
      SELECT ${EVENT_FIELDS} FROM opportunity_event
      WHERE workspace_id = ${workspaceId}::uuid AND opportunity_id = ${opportunityId}
        AND version > ${versions.after}::int AND version < ${versions.before}::int
        AND (${pipelineId}::uuid IS NULL OR pipeline_id = ${pipelineId}::uuid OR previous_pipeline_id = ${pipelineId}::uuid)
    ) e
    ORDER BY e.version`;
  return rows.map((row) => row.event);
}

/** Deletes the events older than the retention; answers how many. */
export async function deleteExpiredEvents(prisma: PrismaClient, retentionDays: number): Promise<number> {
  return prisma.$executeRaw`
    DELETE FROM opportunity_event WHERE occurred_at < now() - make_interval(days => ${retentionDays}::int)`;
}
