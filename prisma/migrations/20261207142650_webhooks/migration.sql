-- CreateEnum
CREATE TYPE "webhook_delivery_status" AS ENUM ('pending', 'succeeded', 'failed');

-- CreateTable
CREATE TABLE "webhook" (
    "workspace_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "url" VARCHAR(2048) NOT NULL,
    "description" VARCHAR(255),
    "event_types" "opportunity_event_type"[],
    "pipeline_id" UUID,
    "secret" VARCHAR(100) NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "disabled_reason" VARCHAR(500),
    "disabled_at" TIMESTAMPTZ(3),
    "consecutive_failures" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateTable
CREATE TABLE "webhook_delivery" (
    "workspace_id" UUID NOT NULL,
    "id" BIGSERIAL NOT NULL,
    "webhook_id" UUID NOT NULL,
    "event_id" BIGINT NOT NULL,
    "opportunity_id" VARCHAR(32) NOT NULL,
    "version" INTEGER NOT NULL,
    "status" "webhook_delivery_status" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_attempt_at" TIMESTAMPTZ(3),
    "last_response_status" INTEGER,
    "last_error" VARCHAR(500),
    "next_attempt_at" TIMESTAMPTZ(3) DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "delivered_at" TIMESTAMPTZ(3),

    CONSTRAINT "webhook_delivery_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateIndex
CREATE INDEX "webhook_delivery_workspace_id_webhook_id_opportunity_id_sta_idx" ON "webhook_delivery"("workspace_id", "webhook_id", "opportunity_id", "status", "version");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_delivery_workspace_id_webhook_id_event_id_key" ON "webhook_delivery"("workspace_id", "webhook_id", "event_id");

-- AddForeignKey
ALTER TABLE "webhook" ADD CONSTRAINT "webhook_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_delivery" ADD CONSTRAINT "webhook_delivery_workspace_id_webhook_id_fkey" FOREIGN KEY ("workspace_id", "webhook_id") REFERENCES "webhook"("workspace_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_delivery" ADD CONSTRAINT "webhook_delivery_workspace_id_event_id_fkey" FOREIGN KEY ("workspace_id", "event_id") REFERENCES "opportunity_event"("workspace_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Enqueue in the transaction of the change: every opportunity_event row gets one delivery per
-- enabled endpoint that wants it, and one graphile-worker job per endpoint and opportunity. The
-- job's key and queue are the pair, so one job at a time drains that pair's deliveries in version
-- order; `preserve_run_at` keeps a retry's backoff when a new event arrives meanwhile. The
-- graphile_worker schema is installed by the worker (and by `npm run db:migrate`); a workspace
-- without endpoints never touches it.
CREATE FUNCTION "enqueue_webhook_deliveries"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  delivery record;
BEGIN
  FOR delivery IN
    INSERT INTO "webhook_delivery" ("workspace_id", "webhook_id", "event_id", "opportunity_id", "version")
    SELECT NEW."workspace_id", w."id", NEW."id", NEW."opportunity_id", NEW."version"
    FROM "webhook" w
    WHERE w."workspace_id" = NEW."workspace_id" AND w."enabled"
      AND (coalesce(cardinality(w."event_types"), 0) = 0 OR NEW."type" = ANY (w."event_types"))
      AND (w."pipeline_id" IS NULL OR w."pipeline_id" = NEW."pipeline_id" OR w."pipeline_id" = NEW."previous_pipeline_id")
    RETURNING "webhook_id"
  LOOP
    PERFORM graphile_worker.add_job(
      'webhook_delivery',
      json_build_object('workspaceId', NEW."workspace_id", 'webhookId', delivery."webhook_id", 'opportunityId', NEW."opportunity_id"),
      queue_name => 'webhook:' || delivery."webhook_id" || ':' || NEW."opportunity_id",
      job_key => 'webhook:' || delivery."webhook_id" || ':' || NEW."opportunity_id",
      job_key_mode => 'preserve_run_at'
    );
  END LOOP;
  RETURN NULL;
END
$$;

CREATE TRIGGER "opportunity_event_enqueue_webhook_deliveries" AFTER INSERT ON "opportunity_event"
  FOR EACH ROW EXECUTE FUNCTION "enqueue_webhook_deliveries"();

-- (plpgsql: its body is checked when it runs, so the job queue's schema may come after this migration.)
-- An endpoint enabled again, or a delivery sent again: one job now per opportunity it still owes.
CREATE FUNCTION "enqueue_pending_webhook_deliveries"(p_workspace_id uuid, p_webhook_id uuid, p_opportunity_id varchar)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM graphile_worker.add_job(
    'webhook_delivery',
    json_build_object('workspaceId', p_workspace_id, 'webhookId', p_webhook_id, 'opportunityId', pending.opportunity_id),
    queue_name => 'webhook:' || p_webhook_id || ':' || pending.opportunity_id,
    job_key => 'webhook:' || p_webhook_id || ':' || pending.opportunity_id,
    job_key_mode => 'replace'
  )
  FROM (
    SELECT DISTINCT "opportunity_id" FROM "webhook_delivery"
    WHERE "workspace_id" = p_workspace_id AND "webhook_id" = p_webhook_id AND "status" = 'pending'
      AND (p_opportunity_id IS NULL OR "opportunity_id" = p_opportunity_id)
  ) pending;
END
$$;
