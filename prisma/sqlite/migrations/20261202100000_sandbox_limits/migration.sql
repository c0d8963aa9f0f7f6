-- AlterTable
ALTER TABLE "Policy" ADD COLUMN "sandboxFileSizeMb" INTEGER;
ALTER TABLE "Policy" ADD COLUMN "sandboxMemoryMb" INTEGER;
ALTER TABLE "Policy" ADD COLUMN "sandboxOpenFiles" INTEGER;
ALTER TABLE "Policy" ADD COLUMN "sandboxProcesses" INTEGER;
ALTER TABLE "Policy" ADD COLUMN "sandboxTmpMb" INTEGER;

