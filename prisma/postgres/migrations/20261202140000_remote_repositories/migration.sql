-- AlterTable
ALTER TABLE "Repository" ADD COLUMN     "compareUrlTemplate" TEXT,
ADD COLUMN     "credentialEnv" TEXT,
ADD COLUMN     "sshKeyEnv" TEXT,
ADD COLUMN     "url" TEXT,
ADD COLUMN     "webUrl" TEXT;

-- AlterTable
ALTER TABLE "Policy" ADD COLUMN     "regateOnMovedBase" BOOLEAN;

