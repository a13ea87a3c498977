-- CreateEnum
CREATE TYPE "opportunity_event_type" AS ENUM ('created', 'updated', 'stage_changed', 'deleted');

-- CreateTable
CREATE TABLE "opportunity_event" (
    "workspace_id" UUID NOT NULL,
    "id" BIGSERIAL NOT NULL,
    "type" "opportunity_event_type" NOT NULL,
    "opportunity_id" VARCHAR(32) NOT NULL,
    "pipeline_id" UUID NOT NULL,
    "previous_pipeline_id" UUID,
    "version" INTEGER NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "changed_fields" TEXT[],
    "from_stage_id" UUID,
    "to_stage_id" UUID,
    "previous_won_at" TIMESTAMPTZ(3),
    "previous_lost_at" TIMESTAMPTZ(3),
    "actor_api_key_id" UUID,
    "source" "change_source" NOT NULL,
    "transaction_id" xid8 NOT NULL DEFAULT pg_current_xact_id(),

    CONSTRAINT "opportunity_event_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateIndex
CREATE INDEX "opportunity_event_occurred_at_idx" ON "opportunity_event"("occurred_at");

-- CreateIndex
CREATE UNIQUE INDEX "opportunity_event_workspace_id_opportunity_id_version_key" ON "opportunity_event"("workspace_id", "opportunity_id", "version");

-- AddForeignKey
ALTER TABLE "opportunity_event" ADD CONSTRAINT "opportunity_event_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
