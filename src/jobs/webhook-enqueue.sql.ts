// The database side of webhook enqueueing, installed with the job queue's schema (installJobQueue)
// because it calls graphile_worker.add_job, and because Prisma's PostgreSQL adapter applies
// migration scripts split at every semicolon, which a PL/pgSQL body cannot survive.
//
// Every opportunity_event row, in the transaction of the change, gets one webhook_delivery per
// enabled endpoint that wants it and one job per endpoint and opportunity. The job's key and queue
// are the pair, so one job at a time drains that pair's deliveries in version order;
// preserve_run_at keeps a waiting retry's backoff when a new event arrives. A workspace without
// endpoints never touches the job queue.
//
// Instances starting together all run this: PostgreSQL fails concurrent CREATE OR REPLACE of one
// function ("tuple concurrently updated"), so each takes a transaction-scoped advisory lock first.
// The script runs as one simple query, which is one transaction, so the lock lasts to its end.
import { WEBHOOK_DELIVERY_TASK } from './webhook-delivery.task.js';

const addJob = (workspace: string, webhook: string, opportunity: string, mode: 'preserve_run_at' | 'replace') => `
    graphile_worker.add_job(
      '${WEBHOOK_DELIVERY_TASK}',
      json_build_object('workspaceId', ${workspace}, 'webhookId', ${webhook}, 'opportunityId', ${opportunity}),
      queue_name => 'webhook:' || ${webhook} || ':' || ${opportunity},
      job_key => 'webhook:' || ${webhook} || ':' || ${opportunity},
      job_key_mode => '${mode}'
    )`;

export const WEBHOOK_ENQUEUE_SQL = `
SELECT pg_advisory_xact_lock(hashtext('pipeline-gateway: webhook enqueue functions'));

CREATE OR REPLACE FUNCTION enqueue_webhook_deliveries() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  delivery record;
BEGIN
  FOR delivery IN
    INSERT INTO webhook_delivery (workspace_id, webhook_id, event_id, opportunity_id, version)
    SELECT NEW.workspace_id, w.id, NEW.id, NEW.opportunity_id, NEW.version
    FROM webhook w
    WHERE w.workspace_id = NEW.workspace_id AND w.enabled
      AND (coalesce(cardinality(w.event_types), 0) = 0 OR NEW.type = ANY (w.event_types))
      AND (w.pipeline_id IS NULL OR w.pipeline_id = NEW.pipeline_id OR w.pipeline_id = NEW.previous_pipeline_id)
    RETURNING webhook_id
  LOOP
    PERFORM ${addJob('NEW.workspace_id', 'delivery.webhook_id', 'NEW.opportunity_id', 'preserve_run_at')};
  END LOOP;
  RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER opportunity_event_enqueue_webhook_deliveries AFTER INSERT ON opportunity_event
  FOR EACH ROW EXECUTE FUNCTION enqueue_webhook_deliveries();

-- An endpoint enabled again, or a delivery sent again: one job now per opportunity it still owes.
CREATE OR REPLACE FUNCTION enqueue_pending_webhook_deliveries(p_workspace_id uuid, p_webhook_id uuid, p_opportunity_id varchar)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ${addJob('p_workspace_id', 'p_webhook_id', 'pending.opportunity_id', 'replace')}
  FROM (
    SELECT DISTINCT opportunity_id FROM webhook_delivery
    WHERE workspace_id = p_workspace_id AND webhook_id = p_webhook_id AND status = 'pending'
      AND (p_opportunity_id IS NULL OR opportunity_id = p_opportunity_id)
  ) pending;
END
$$;
`;
