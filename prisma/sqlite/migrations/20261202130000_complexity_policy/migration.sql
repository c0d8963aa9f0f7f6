-- AlterTable
ALTER TABLE "Policy" ADD COLUMN "cognitiveThreshold" INTEGER;
ALTER TABLE "Policy" ADD COLUMN "complexityFailOnGrowth" BOOLEAN;

