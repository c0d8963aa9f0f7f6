-- AlterTable
ALTER TABLE "Repository" ADD COLUMN "compareUrlTemplate" TEXT;
ALTER TABLE "Repository" ADD COLUMN "credentialEnv" TEXT;
ALTER TABLE "Repository" ADD COLUMN "sshKeyEnv" TEXT;
ALTER TABLE "Repository" ADD COLUMN "url" TEXT;
ALTER TABLE "Repository" ADD COLUMN "webUrl" TEXT;

-- AlterTable
ALTER TABLE "Policy" ADD COLUMN "regateOnMovedBase" BOOLEAN;

