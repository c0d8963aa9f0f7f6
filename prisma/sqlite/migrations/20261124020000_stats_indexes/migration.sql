-- DropIndex
DROP INDEX "Job_routedTier_createdAt_idx";

-- DropIndex
DROP INDEX "Change_createdAt_idx";

-- DropIndex
DROP INDEX "Change_model_createdAt_idx";

-- DropIndex
DROP INDEX "Change_tier_createdAt_idx";

-- DropIndex
DROP INDEX "Review_changeId_idx";

-- CreateIndex
CREATE INDEX "Job_id_repositoryId_idx" ON "Job"("id", "repositoryId");

-- CreateIndex
CREATE INDEX "Job_stats_by_tier_idx" ON "Job"("routedTier", "createdAt", "repositoryId", "rerouteCount", "readyForReviewAt", "decidedAt");

-- CreateIndex
CREATE INDEX "Change_stats_by_time_idx" ON "Change"("createdAt", "model", "tier", "id", "jobId", "cause", "parentChangeId", "latencyMs", "promptTokens", "completionTokens", "providerName", "revision");

-- CreateIndex
CREATE INDEX "Change_stats_by_model_idx" ON "Change"("model", "createdAt", "tier", "id", "jobId", "cause", "parentChangeId", "latencyMs", "promptTokens", "completionTokens", "providerName", "revision");

-- CreateIndex
CREATE INDEX "Change_stats_by_tier_idx" ON "Change"("tier", "createdAt", "model", "id", "jobId", "cause", "parentChangeId", "latencyMs", "promptTokens", "completionTokens", "providerName", "revision");

-- CreateIndex
CREATE INDEX "Change_parentChangeId_cause_tier_model_idx" ON "Change"("parentChangeId", "cause", "tier", "model");

-- CreateIndex
CREATE INDEX "GateResult_changeId_gate_status_score_idx" ON "GateResult"("changeId", "gate", "status", "score");

-- CreateIndex
CREATE INDEX "Review_changeId_decision_idx" ON "Review"("changeId", "decision");

