-- AlterTable
ALTER TABLE "Policy" ADD COLUMN     "cognitiveThreshold" INTEGER,
ADD COLUMN     "complexityFailOnGrowth" BOOLEAN;

