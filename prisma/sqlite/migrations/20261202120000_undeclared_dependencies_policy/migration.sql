-- AlterTable
ALTER TABLE "Policy" ADD COLUMN "undeclaredDependencies" TEXT;

