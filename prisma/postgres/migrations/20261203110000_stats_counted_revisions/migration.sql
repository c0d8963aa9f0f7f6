-- Statistics count a revision only if it produced a change (non-empty diff) and does not repeat an
-- earlier revision of its job byte for byte (lib/stats/sql.ts). Both facts are kept in columns by a
-- trigger whenever a diff is written, so the statistics read them from their covering indexes instead
-- of comparing diffs row by row.

ALTER TABLE "Change" ADD COLUMN "hasDiff" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Change" ADD COLUMN "repeatOfRevision" INTEGER;

UPDATE "Change" c SET
  "hasDiff" = (c."diff" <> ''),
  "repeatOfRevision" = CASE WHEN c."diff" = '' THEN NULL ELSE (
    SELECT MIN(e."revision") FROM "Change" e
    WHERE e."jobId" = c."jobId" AND e."revision" < c."revision" AND e."diff" = c."diff") END;

-- The table is looked up in the trigger's own schema (tests and the bench use one schema each).
CREATE FUNCTION "change_counted_flags"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."hasDiff" := NEW."diff" <> '';
  IF NEW."diff" = '' THEN
    NEW."repeatOfRevision" := NULL;
  ELSE
    EXECUTE format('SELECT MIN(e."revision") FROM %I."Change" e WHERE e."jobId" = $1 AND e."revision" < $2 AND e."diff" = $3', TG_TABLE_SCHEMA)
      INTO NEW."repeatOfRevision"
      USING NEW."jobId", NEW."revision", NEW."diff";
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER "Change_counted_flags" BEFORE INSERT OR UPDATE OF "diff" ON "Change"
  FOR EACH ROW EXECUTE FUNCTION "change_counted_flags"();

DROP INDEX "Change_stats_by_time_idx";

DROP INDEX "Change_stats_by_model_idx";

DROP INDEX "Change_stats_by_tier_idx";

CREATE INDEX "Change_stats_by_time_idx" ON "Change"("createdAt", "model", "tier", "id", "jobId", "cause", "parentChangeId", "latencyMs", "promptTokens", "completionTokens", "providerName", "revision", "recorded", "hasDiff", "repeatOfRevision");

CREATE INDEX "Change_stats_by_model_idx" ON "Change"("model", "createdAt", "tier", "id", "jobId", "cause", "parentChangeId", "latencyMs", "promptTokens", "completionTokens", "providerName", "revision", "recorded", "hasDiff", "repeatOfRevision");

CREATE INDEX "Change_stats_by_tier_idx" ON "Change"("tier", "createdAt", "model", "id", "jobId", "cause", "parentChangeId", "latencyMs", "promptTokens", "completionTokens", "providerName", "revision", "recorded", "hasDiff", "repeatOfRevision");

CREATE INDEX "Change_recorded_jobId_idx" ON "Change"("recorded", "jobId");
