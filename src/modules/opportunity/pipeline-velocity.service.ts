// How opportunities flow through a pipeline's stages, from the stage history, in one query: each
// stay in a stage runs from entering it (creation, or a move into it) to the next move; per stage,
// how many entered (within the window), where those that left went, and how long they stayed.
import type { GatewayContext } from '../../context.js';
import { callerOf } from '../../context.js';
import { isUuid } from '../../db/ids.js';
import { notFound } from '../../errors.js';

export interface StageVelocity {
  stageId: string;
  /** Stays that began in the window. */
  entered: number;
  /** Of those, the ones that have ended (the opportunity moved on). */
  left: number;
  /** To an open stage further along the same pipeline. */
  leftForward: number;
  leftToWon: number;
  leftToLost: number;
  /** Over the stays that ended; null when none has. */
  meanSeconds: number | null;
  medianSeconds: number | null;
}

export async function pipelineVelocity(
  ctx: GatewayContext,
  pipelineId: string,
  window: { from?: Date | null; to?: Date | null },
): Promise<StageVelocity[]> {
  const ws = callerOf(ctx).workspaceId;
  if (!isUuid(pipelineId)) throw notFound('Pipeline', pipelineId);
  const from = window.from ?? null;
  const to = window.to ?? null;
  const rows = await ctx.prisma.$queryRaw<StageVelocity[]>`
    WITH stays AS (
      -- The stay an opportunity began with: the stage its first move left, or where it still is.
      SELECT o.id AS opportunity_id, COALESCE(first.from_stage_id, o.stage_id) AS stage_id,
        o.created_at AS entered_at, 0 AS seq
      FROM opportunity o
      LEFT JOIN LATERAL (
        SELECT c.from_stage_id FROM stage_change c WHERE c.opportunity_id = o.id ORDER BY c.version LIMIT 1
      ) first ON true
      WHERE o.workspace_id = ${ws}::uuid
      UNION ALL
      SELECT c.opportunity_id, c.to_stage_id, c.changed_at, c.version
      FROM stage_change c WHERE c.workspace_id = ${ws}::uuid
    ), timeline AS (
      SELECT stage_id, entered_at, lead(entered_at) OVER w AS left_at, lead(stage_id) OVER w AS next_stage_id
      FROM stays
      WINDOW w AS (PARTITION BY opportunity_id ORDER BY seq)
    ), spans AS (
      SELECT t.*, extract(epoch FROM t.left_at - t.entered_at)::float8 AS seconds
      FROM timeline t
      WHERE (${from}::timestamptz IS NULL OR t.entered_at >= ${from}::timestamptz)
        AND (${to}::timestamptz IS NULL OR t.entered_at < ${to}::timestamptz)
    )
    SELECT s.id AS "stageId",
      count(t.stage_id)::int AS entered,
      count(t.left_at)::int AS "left",
      count(*) FILTER (WHERE n.status = 'open' AND n.pipeline_id = s.pipeline_id AND n.position > s.position)::int
        AS "leftForward",
      count(*) FILTER (WHERE n.status = 'won')::int AS "leftToWon",
      count(*) FILTER (WHERE n.status = 'lost')::int AS "leftToLost",
      avg(t.seconds) AS "meanSeconds",
      percentile_cont(0.5) WITHIN GROUP (ORDER BY t.seconds) AS "medianSeconds"
    FROM opportunity_stage s
    LEFT JOIN spans t ON t.stage_id = s.id
    LEFT JOIN opportunity_stage n ON n.id = t.next_stage_id
    WHERE s.workspace_id = ${ws}::uuid AND s.pipeline_id = ${pipelineId}::uuid
    GROUP BY s.id, s.position
    ORDER BY s.position, s.id`;
  if (!rows.length) {
    const pipeline = await ctx.prisma.pipeline.count({ where: { id: pipelineId, workspaceId: ws } });
    if (!pipeline) throw notFound('Pipeline', pipelineId);
  }
  return rows;
}
