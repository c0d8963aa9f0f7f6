-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT,
    "role" TEXT NOT NULL DEFAULT 'submitter',
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    "revokedAt" DATETIME,
    CONSTRAINT "ApiToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Repository" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "defaultBranch" TEXT NOT NULL DEFAULT 'main',
    "testCommand" TEXT,
    "ecosystems" JSONB NOT NULL,
    "branchPerChange" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Provider" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "tier" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'openai',
    "baseUrl" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "apiKeyEnv" TEXT,
    "temperature" REAL NOT NULL DEFAULT 0.2,
    "maxTokens" INTEGER NOT NULL DEFAULT 4096,
    "timeoutMs" INTEGER NOT NULL DEFAULT 120000,
    "maxRetries" INTEGER NOT NULL DEFAULT 2,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "pricePer1kInput" REAL NOT NULL DEFAULT 0,
    "pricePer1kOutput" REAL NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Policy" (
    "id" TEXT NOT NULL PRIMARY KEY DEFAULT 'default',
    "minTestPassRate" REAL NOT NULL DEFAULT 95,
    "complexityThreshold" INTEGER NOT NULL DEFAULT 10,
    "requiredGates" JSONB NOT NULL,
    "protectedPaths" JSONB NOT NULL,
    "routingRules" JSONB,
    "maxReroutes" INTEGER NOT NULL DEFAULT 2,
    "maxAttempts" INTEGER NOT NULL DEFAULT 3,
    "updatedAt" DATETIME NOT NULL,
    "updatedById" TEXT
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "instruction" TEXT NOT NULL,
    "targetPaths" JSONB NOT NULL,
    "taskType" TEXT NOT NULL DEFAULT 'simple',
    "risk" TEXT NOT NULL DEFAULT 'medium',
    "requestedTier" TEXT,
    "routedTier" TEXT,
    "routingReason" TEXT,
    "source" TEXT NOT NULL DEFAULT 'form',
    "status" TEXT NOT NULL DEFAULT 'queued',
    "stage" TEXT,
    "statusReason" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 3,
    "leaseOwner" TEXT,
    "leaseExpiresAt" DATETIME,
    "runAfter" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "rerouteCount" INTEGER NOT NULL DEFAULT 0,
    "nextCause" TEXT,
    "nextNote" TEXT,
    "nextModel" TEXT,
    "nextProblems" JSONB,
    "repositoryId" TEXT NOT NULL,
    "submitterId" TEXT NOT NULL,
    "overrideById" TEXT,
    "overrideReason" TEXT,
    "mergedCommit" TEXT,
    "mergedBranch" TEXT,
    "readyForReviewAt" DATETIME,
    "decidedAt" DATETIME,
    "finishedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "Job_repositoryId_fkey" FOREIGN KEY ("repositoryId") REFERENCES "Repository" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Job_submitterId_fkey" FOREIGN KEY ("submitterId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Change" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "jobId" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "tier" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "providerName" TEXT,
    "recorded" BOOLEAN NOT NULL DEFAULT false,
    "baseCommit" TEXT NOT NULL,
    "diff" TEXT NOT NULL,
    "files" JSONB NOT NULL,
    "latencyMs" INTEGER,
    "promptTokens" INTEGER,
    "completionTokens" INTEGER,
    "contextPack" JSONB,
    "routingReason" TEXT,
    "cause" TEXT NOT NULL DEFAULT 'initial',
    "rerouteNote" TEXT,
    "parentChangeId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Change_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "GateResult" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "changeId" TEXT NOT NULL,
    "gate" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "score" REAL,
    "summary" TEXT NOT NULL,
    "findings" JSONB NOT NULL,
    "details" JSONB,
    "durationMs" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "GateResult_changeId_fkey" FOREIGN KEY ("changeId") REFERENCES "Change" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "GateFinding" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "gateResultId" TEXT NOT NULL,
    "changeId" TEXT NOT NULL,
    "gate" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "ecosystem" TEXT,
    "package" TEXT,
    "file" TEXT,
    "line" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "GateFinding_gateResultId_fkey" FOREIGN KEY ("gateResultId") REFERENCES "GateResult" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Review" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "jobId" TEXT NOT NULL,
    "changeId" TEXT NOT NULL,
    "reviewerId" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "reason" TEXT,
    "rerouteTier" TEXT,
    "rerouteModel" TEXT,
    "override" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Review_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Review_changeId_fkey" FOREIGN KEY ("changeId") REFERENCES "Change" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Review_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "actorId" TEXT,
    "actorLabel" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "details" JSONB,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "RegistryCacheEntry" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" JSONB NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "TestBaseline" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "LoginThrottle" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "windowStart" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- CreateIndex
CREATE INDEX "ApiToken_userId_idx" ON "ApiToken"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Repository_name_key" ON "Repository"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Provider_name_key" ON "Provider"("name");

-- CreateIndex
CREATE INDEX "Provider_tier_enabled_priority_idx" ON "Provider"("tier", "enabled", "priority");

-- CreateIndex
CREATE INDEX "Job_status_runAfter_createdAt_idx" ON "Job"("status", "runAfter", "createdAt");

-- CreateIndex
CREATE INDEX "Job_status_leaseExpiresAt_idx" ON "Job"("status", "leaseExpiresAt");

-- CreateIndex
CREATE INDEX "Job_repositoryId_status_idx" ON "Job"("repositoryId", "status");

-- CreateIndex
CREATE INDEX "Job_submitterId_createdAt_idx" ON "Job"("submitterId", "createdAt");

-- CreateIndex
CREATE INDEX "Job_createdAt_idx" ON "Job"("createdAt");

-- CreateIndex
CREATE INDEX "Job_routedTier_createdAt_idx" ON "Job"("routedTier", "createdAt");

-- CreateIndex
CREATE INDEX "Change_createdAt_idx" ON "Change"("createdAt");

-- CreateIndex
CREATE INDEX "Change_model_createdAt_idx" ON "Change"("model", "createdAt");

-- CreateIndex
CREATE INDEX "Change_tier_createdAt_idx" ON "Change"("tier", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Change_jobId_revision_key" ON "Change"("jobId", "revision");

-- CreateIndex
CREATE INDEX "GateResult_gate_status_createdAt_idx" ON "GateResult"("gate", "status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "GateResult_changeId_gate_key" ON "GateResult"("changeId", "gate");

-- CreateIndex
CREATE INDEX "GateFinding_gate_kind_createdAt_idx" ON "GateFinding"("gate", "kind", "createdAt");

-- CreateIndex
CREATE INDEX "GateFinding_package_idx" ON "GateFinding"("package");

-- CreateIndex
CREATE INDEX "GateFinding_changeId_idx" ON "GateFinding"("changeId");

-- CreateIndex
CREATE INDEX "Review_jobId_createdAt_idx" ON "Review"("jobId", "createdAt");

-- CreateIndex
CREATE INDEX "Review_changeId_idx" ON "Review"("changeId");

-- CreateIndex
CREATE INDEX "Review_reviewerId_createdAt_idx" ON "Review"("reviewerId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_subjectType_subjectId_createdAt_idx" ON "AuditEvent"("subjectType", "subjectId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_createdAt_idx" ON "AuditEvent"("createdAt");

-- CreateIndex
CREATE INDEX "RegistryCacheEntry_expiresAt_idx" ON "RegistryCacheEntry"("expiresAt");

