-- AlterTable
ALTER TABLE "Policy" ADD COLUMN     "sandboxFileSizeMb" INTEGER,
ADD COLUMN     "sandboxMemoryMb" INTEGER,
ADD COLUMN     "sandboxOpenFiles" INTEGER,
ADD COLUMN     "sandboxProcesses" INTEGER,
ADD COLUMN     "sandboxTmpMb" INTEGER;

