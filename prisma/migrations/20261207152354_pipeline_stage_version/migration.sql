-- AlterTable
ALTER TABLE "opportunity_stage" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "pipeline" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;
