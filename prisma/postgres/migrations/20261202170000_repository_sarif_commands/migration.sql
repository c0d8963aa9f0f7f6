-- AlterTable
ALTER TABLE "Repository" ADD COLUMN     "sarifCommands" JSONB;
