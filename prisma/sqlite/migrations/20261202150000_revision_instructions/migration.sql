-- AlterTable
ALTER TABLE "Job" ADD COLUMN "nextInstructions" JSONB;

-- AlterTable
ALTER TABLE "Change" ADD COLUMN "instructions" JSONB;

