// Many stage moves in one statement, so one round trip and one transaction: it locks the
// opportunities (in id order, so concurrent batches cannot deadlock), resolves every target,
// judges every move, then updates the movable ones and writes their history rows and events.
// With allOrNone, one refused move leaves every row as it was. A move to the current stage is a
// no-op that succeeds.
import { Prisma, type Opportunity } from '../../generated/prisma/client.js';
import { callerOf, type GatewayContext } from '../../context.js';
import { isUuid } from '../../db/ids.js';
import { sqlTemplate } from '../../db/sql.js';
import { notFound, versionMismatch, type GatewayError } from '../../errors.js';
import { publishEvents, type OpportunityEvent } from '../opportunity-event/opportunity-event.service.js';
import { moveNotApplied } from './opportunity.errors.js';
import {
  moveRefusal,
  OPPORTUNITY_JSON,
  opportunityOf,
  stageChangeRecords,
  type OpportunityJson,
  type StageTarget,
} from './opportunity.service.js';

export const MAX_MOVES = 100;

export interface StageMove extends StageTarget {
  id: string;
  expectedVersion?: number | null;
}

export type MoveResult =
  { id: string; ok: true; opportunity: Opportunity } | { id: string; ok: false; error: GatewayError };

type Verdict =
  'MOVE' | 'UNCHANGED' | 'NOT_FOUND' | 'CONFLICT' | 'NO_TARGET' | 'STAGE_INACTIVE' | 'STAGE_NOT_IN_PIPELINE';

interface MoveRow {
  ord: number;
  verdict: Verdict;
  applied: boolean;
  currentVersion: number | null;
  opportunityPipelineId: string | null;
  targetStageId: string | null;
  targetPipelineId: string | null;
  targetActive: boolean | null;
  event: OpportunityEvent | null;
  /** The opportunity after the batch; all-null fields when the move was refused. */
  opportunity: OpportunityJson;
}

/** An id that cannot name a row (not a uuid) refuses its move before the statement, which casts it. */
function malformedTarget(move: StageMove): GatewayError | undefined {
  if (move.stageId && !isUuid(move.stageId)) return notFound('Opportunity stage', move.stageId);
  if (move.pipelineId && !isUuid(move.pipelineId)) return notFound('Pipeline', move.pipelineId);
  return undefined;
}

interface BulkMoveArgs {
  /** The moves as a JSON array of `{ord, id, status, stage_id, pipeline_id, expected_version, refused}`. */
  items: string;
  workspaceId: string;
  allOrNone: boolean;
  actorId: string;
  source: GatewayContext['source'];
}

/** The whole batch in one statement (its text is the same for any number of moves). */
const bulkMoveStatement = sqlTemplate<BulkMoveArgs>(
  (arg) => Prisma.sql`
    WITH now AS (
      SELECT clock_timestamp() AS at
    ), m AS (
      SELECT * FROM jsonb_to_recordset(${arg.items}::jsonb)
        AS m(ord int, id text, status text, stage_id uuid, pipeline_id uuid, expected_version int, refused boolean)
    ), cur AS (
      SELECT o.* FROM opportunity o
      WHERE o.workspace_id = ${arg.workspaceId}::uuid AND o.id IN (SELECT id FROM m)
      ORDER BY o.id
      FOR UPDATE
    ), target AS (
      SELECT m.ord, s.id, s.pipeline_id, s.status, s.is_active
      FROM m JOIN cur ON cur.id = m.id
      JOIN opportunity_stage s ON s.workspace_id = ${arg.workspaceId}::uuid AND CASE
        WHEN m.stage_id IS NOT NULL THEN s.id = m.stage_id
        ELSE s.pipeline_id = COALESCE(m.pipeline_id, cur.pipeline_id) AND s.key = m.status
      END
    ), plan AS (
      SELECT m.ord, m.id, cur.version AS current_version, cur.pipeline_id AS opportunity_pipeline_id,
        cur.stage_id AS from_stage_id, cur.won_at AS previous_won_at, cur.lost_at AS previous_lost_at,
        t.id AS target_stage_id, t.pipeline_id AS target_pipeline_id, t.status AS target_status,
        t.is_active AS target_active,
        CASE
          WHEN cur.id IS NULL THEN 'NOT_FOUND'
          WHEN m.expected_version IS NOT NULL AND m.expected_version <> cur.version THEN 'CONFLICT'
          WHEN m.refused OR t.id IS NULL THEN 'NO_TARGET'
          WHEN NOT t.is_active THEN 'STAGE_INACTIVE'
          WHEN t.pipeline_id <> cur.pipeline_id AND t.pipeline_id IS DISTINCT FROM m.pipeline_id
            THEN 'STAGE_NOT_IN_PIPELINE'
          WHEN t.id = cur.stage_id THEN 'UNCHANGED'
          ELSE 'MOVE'
        END AS verdict
      FROM m LEFT JOIN cur ON cur.id = m.id LEFT JOIN target t ON t.ord = m.ord
    ), go AS (
      SELECT NOT ${arg.allOrNone}::boolean OR NOT EXISTS (SELECT 1 FROM plan WHERE verdict NOT IN ('MOVE', 'UNCHANGED')) AS ok
    ), moved AS (
      UPDATE opportunity o SET
        stage_id = p.target_stage_id,
        pipeline_id = p.target_pipeline_id,
        stage_changed_at = now.at,
        won_at = CASE WHEN p.target_status = 'won' THEN now.at END,
        lost_at = CASE WHEN p.target_status = 'lost' THEN now.at END,
        version = o.version + 1,
        updated_at = now.at
      FROM plan p, now, go
      WHERE go.ok AND p.verdict = 'MOVE' AND o.id = p.id AND o.workspace_id = ${arg.workspaceId}::uuid
      RETURNING o.*
    ), ${stageChangeRecords(arg, {
      before: {
        stageId: Prisma.sql`p.from_stage_id`,
        pipelineId: Prisma.sql`p.opportunity_pipeline_id`,
        wonAt: Prisma.sql`p.previous_won_at`,
        lostAt: Prisma.sql`p.previous_lost_at`,
      },
      from: Prisma.sql`FROM moved JOIN plan p ON p.id = moved.id`,
    })}
    SELECT p.ord, p.verdict, go.ok AS applied, p.current_version AS "currentVersion",
      p.opportunity_pipeline_id AS "opportunityPipelineId", p.target_stage_id AS "targetStageId",
      p.target_pipeline_id AS "targetPipelineId", p.target_active AS "targetActive",
      (SELECT to_json(event) FROM event WHERE event."opportunityId" = p.id) AS event,
      ${OPPORTUNITY_JSON} AS opportunity
    FROM plan p CROSS JOIN go
    LEFT JOIN LATERAL (
      SELECT * FROM moved WHERE moved.id = p.id
      UNION ALL
      SELECT * FROM cur WHERE cur.id = p.id AND NOT EXISTS (SELECT 1 FROM moved WHERE moved.id = p.id)
    ) o ON p.verdict IN ('MOVE', 'UNCHANGED')
    ORDER BY p.ord`,
);

export async function moveOpportunityStages(
  ctx: GatewayContext,
  moves: readonly StageMove[],
  allOrNone: boolean,
): Promise<MoveResult[]> {
  const caller = callerOf(ctx);
  const ws = caller.workspaceId;
  const malformed = moves.map(malformedTarget);
  const items = moves.map((move, ord) => ({
    ord,
    id: move.id,
    status: move.stageId ? null : (move.status ?? null),
    stage_id: malformed[ord] ? null : (move.stageId ?? null),
    pipeline_id: malformed[ord] ? null : (move.pipelineId ?? null),
    expected_version: move.expectedVersion ?? null,
    refused: Boolean(malformed[ord]),
  }));
  const rows = await ctx.sql.query<MoveRow>(
    bulkMoveStatement({
      items: JSON.stringify(items),
      workspaceId: ws,
      allOrNone,
      actorId: caller.id,
      source: ctx.source,
    }),
  );

  publishEvents(
    ctx,
    rows.map((row) => row.event),
  );
  return Promise.all(
    rows.map(async (row): Promise<MoveResult> => {
      const move = moves[row.ord]!;
      const error = await refusalOf(ctx, move, row, malformed[row.ord]);
      if (error) return { id: move.id, ok: false, error };
      return { id: move.id, ok: true, opportunity: opportunityOf(row.opportunity) };
    }),
  );
}

async function refusalOf(
  ctx: GatewayContext,
  move: StageMove,
  row: MoveRow,
  malformed: GatewayError | undefined,
): Promise<GatewayError | undefined> {
  switch (row.verdict) {
    case 'MOVE':
    case 'UNCHANGED':
      return row.applied ? undefined : moveNotApplied();
    case 'NOT_FOUND':
      return notFound('Opportunity', move.id);
    case 'CONFLICT':
      // The same refusal as a single move's: the plan only says CONFLICT when both versions are known.
      return versionMismatch('Opportunity', move.id, move.expectedVersion ?? 0, row.currentVersion ?? 0);
    default:
      return (
        malformed ??
        moveRefusal(ctx, move, {
          opportunityPipelineId: row.opportunityPipelineId ?? '',
          targetStageId: row.targetStageId,
          targetPipelineId: row.targetPipelineId,
          targetActive: row.targetActive,
        })
      );
  }
}
