-- Statistics count a revision only if it produced a change (non-empty diff) and does not repeat an
-- earlier revision of its job byte for byte (lib/stats/sql.ts). Both facts are kept in columns by
-- triggers whenever a diff is written, so the statistics read them from their covering indexes instead
-- of comparing diffs row by row.

ALTER TABLE "Change" ADD COLUMN "hasDiff" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Change" ADD COLUMN "repeatOfRevision" INTEGER;

UPDATE "Change" SET
  "hasDiff" = ("diff" <> ''),
  "repeatOfRevision" = CASE WHEN "diff" = '' THEN NULL ELSE (
    SELECT MIN(e."revision") FROM "Change" e
    WHERE e."jobId" = "Change"."jobId" AND e."revision" < "Change"."revision" AND e."diff" = "Change"."diff") END;

CREATE TRIGGER "Change_counted_after_diff" AFTER UPDATE OF "diff" ON "Change" BEGIN
  UPDATE "Change" SET
    "hasDiff" = (NEW."diff" <> ''),
    "repeatOfRevision" = CASE WHEN NEW."diff" = '' THEN NULL ELSE (
      SELECT MIN(e."revision") FROM "Change" e
      WHERE e."jobId" = NEW."jobId" AND e."revision" < NEW."revision" AND e."diff" = NEW."diff") END
  WHERE "id" = NEW."id";
END;

-- A revision inserted with its diff already written: rewrite the diff in place so the trigger above runs.
CREATE TRIGGER "Change_counted_after_insert" AFTER INSERT ON "Change" WHEN NEW."diff" <> '' BEGIN
  UPDATE "Change" SET "diff" = NEW."diff" WHERE "id" = NEW."id";
END;

DROP INDEX "Change_stats_by_time_idx";

DROP INDEX "Change_stats_by_model_idx";

DROP INDEX "Change_stats_by_tier_idx";

CREATE INDEX "Change_stats_by_time_idx" ON "Change"("createdAt", "model", "tier", "id", "jobId", "cause", "parentChangeId", "latencyMs", "promptTokens", "completionTokens", "providerName", "revision", "recorded", "hasDiff", "repeatOfRevision");

CREATE INDEX "Change_stats_by_model_idx" ON "Change"("model", "createdAt", "tier", "id", "jobId", "cause", "parentChangeId", "latencyMs", "promptTokens", "completionTokens", "providerName", "revision", "recorded", "hasDiff", "repeatOfRevision");

CREATE INDEX "Change_stats_by_tier_idx" ON "Change"("tier", "createdAt", "model", "id", "jobId", "cause", "parentChangeId", "latencyMs", "promptTokens", "completionTokens", "providerName", "revision", "recorded", "hasDiff", "repeatOfRevision");

CREATE INDEX "Change_recorded_jobId_idx" ON "Change"("recorded", "jobId");
