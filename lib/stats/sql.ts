/**
 * Building blocks shared by the stats queries: the filtered change and job sets (as CTEs), the
 * complexity bucket expression, percentile SQL and normalisation of raw result values.
 *
 * Filter semantics (also in lib/stats/README.md):
 * - change figures: changes created in the window; tier/model filter the change's own tier/model;
 *   repository and ecosystem filter the change's job's repository (ecosystem: the repository's
 *   `ecosystems` list contains it).
 * - job figures (jobs per tier, time to decision): jobs created in the window; tier filters
 *   Job.routedTier; model keeps jobs with at least one change by that model.
 * - which revisions count (countedChangeConditions): real providers only unless replays are included,
 *   only revisions that produced a change, and a revision identical to an earlier one of its job once.
 */
import type { Db } from "../db/client";
import { nearestRankSql, type SqlParams, type StatsDialect } from "./dialect";
import type { StatsFilters } from "./filters";
import { COMPLEXITY_BUCKETS, NO_SCORE_BUCKET } from "./types";

export type Row = Record<string, unknown>;

/** LIKE pattern matching a JSON array (as text) that contains the string `ecosystem`. */
export function ecosystemPattern(ecosystem: string): string {
  return `%"${ecosystem}"%`;
}

function repositoryConditions(d: StatsDialect, f: StatsFilters, P: SqlParams, repoColumn: string): string[] {
  const out: string[] = [];
  if (f.repositoryId) out.push(`${repoColumn} = ${P.p(f.repositoryId)}`);
  if (f.ecosystem) {
    // The few repositories using the ecosystem; matched once, not per row.
    out.push(
      `${repoColumn} IN (SELECT r."id" FROM ${d.table("Repository")} r WHERE CAST(r."ecosystems" AS TEXT) LIKE ${P.p(ecosystemPattern(f.ecosystem))})`,
    );
  }
  return out;
}

/**
 * The revisions statistics count, as conditions on Change `c`:
 * - a recorded (replayed) completion is a demo, not a model's work: left out unless replays are included;
 * - a generation that failed before producing a change has no diff (its model may read "(choosing)");
 * - a revision whose diff is identical to an earlier revision of the same job is the same change again
 *   (a reroute that changed nothing): it counts once, as the earlier revision.
 */
export function countedChangeConditions(d: StatsDialect, f: StatsFilters, c = "c"): string[] {
  // hasDiff and repeatOfRevision are kept by a trigger whenever a diff is written (migration
  // 20261203110000_stats_counted_revisions), so these conditions read the stats indexes, not diffs.
  const out = [`${c}."hasDiff" = ${d.bool(true)}`, `${c}."repeatOfRevision" IS NULL`];
  if (!f.includeReplays) out.push(`${c}."recorded" = ${d.bool(false)}`);
  return out;
}

/** `base` CTE: the changes the filters select. */
export function changeBaseCte(d: StatsDialect, f: StatsFilters, P: SqlParams): string {
  const where = [`c."createdAt" >= ${P.p(f.from)}`, `c."createdAt" < ${P.p(f.to)}`, ...countedChangeConditions(d, f)];
  if (f.tier) where.push(`c."tier" = ${P.p(f.tier)}`);
  if (f.model) where.push(`c."model" = ${P.p(f.model)}`);
  const repo = repositoryConditions(d, f, P, `j."repositoryId"`);
  // Per change, look its job up (an index on Job(id, repositoryId) answers it) instead of listing every
  // job of the repository over all time.
  if (repo.length > 0) where.push(`EXISTS (SELECT 1 FROM ${d.table("Job")} j WHERE j."id" = c."jobId" AND ${repo.join(" AND ")})`);
  return `base AS (
    SELECT c."id", c."jobId", c."revision", c."tier", c."model", c."providerName", c."recorded", c."latencyMs",
           c."promptTokens", c."completionTokens", c."cause", c."parentChangeId", c."createdAt"
    FROM ${d.table("Change")} c
    WHERE ${where.join(" AND ")})`;
}

/** `jbase` CTE: the jobs the filters select. */
export function jobBaseCte(d: StatsDialect, f: StatsFilters, P: SqlParams): string {
  const where = [`j."createdAt" >= ${P.p(f.from)}`, `j."createdAt" < ${P.p(f.to)}`];
  where.push(...repositoryConditions(d, f, P, `j."repositoryId"`));
  if (f.tier) where.push(`j."routedTier" = ${P.p(f.tier)}`);
  // A job answered by replays is a demo: left out with its revisions unless replays are included.
  if (!f.includeReplays) {
    where.push(`NOT EXISTS (SELECT 1 FROM ${d.table("Change")} rc WHERE rc."jobId" = j."id" AND rc."recorded" = ${d.bool(true)})`);
  }
  if (f.model) {
    where.push(`EXISTS (SELECT 1 FROM ${d.table("Change")} mc WHERE mc."jobId" = j."id" AND mc."model" = ${P.p(f.model)})`);
  }
  return `jbase AS (
    SELECT j."id", j."title", j."status", j."routedTier", j."rerouteCount", j."readyForReviewAt", j."decidedAt", j."createdAt"
    FROM ${d.table("Job")} j
    WHERE ${where.join(" AND ")})`;
}

/** CASE expression naming the complexity bucket of a score column ('none' when null). */
export function complexityBucketSql(score: string): string {
  const whens = COMPLEXITY_BUCKETS.filter((b) => Number.isFinite(b.max))
    .map((b) => `WHEN ${score} <= ${b.max} THEN '${b.id}'`)
    .join(" ");
  const last = COMPLEXITY_BUCKETS[COMPLEXITY_BUCKETS.length - 1].id;
  return `(CASE WHEN ${score} IS NULL THEN '${NO_SCORE_BUCKET}' ${whens} ELSE '${last}' END)`;
}

/** SQL condition: `score` falls into bucket `id` (for drill-downs). Null for an unknown bucket. */
export function complexityBucketCondition(score: string, id: string): string | null {
  if (id === NO_SCORE_BUCKET) return `${score} IS NULL`;
  const i = COMPLEXITY_BUCKETS.findIndex((b) => b.id === id);
  if (i === -1) return null;
  const lower = i === 0 ? null : COMPLEXITY_BUCKETS[i - 1].max;
  const upper = COMPLEXITY_BUCKETS[i].max;
  const parts = [`${score} IS NOT NULL`];
  if (lower !== null) parts.push(`${score} > ${lower}`);
  if (Number.isFinite(upper)) parts.push(`${score} <= ${upper}`);
  return parts.join(" AND ");
}

/**
 * Nearest-rank p50/p95 of `value` per group, over a CTE named `src` with the group columns and `v`.
 * Returns SQL selecting the group columns, `n`, `p50` and `p95`. Row number and group size share one
 * window definition, so the rows are sorted once.
 */
export function percentilesSql(groups: string[]): string {
  const partition = groups.length ? `PARTITION BY ${groups.map((g) => `"${g}"`).join(", ")} ` : "";
  const cols = groups.map((g) => `"${g}"`).join(", ");
  return `ranked AS (
      SELECT ${cols ? cols + ", " : ""}"v",
             ROW_NUMBER() OVER w AS rn,
             COUNT(*) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS n
      FROM src
      WINDOW w AS (${partition}ORDER BY "v"))
    SELECT ${cols ? cols + ", " : ""}MAX(n) AS n,
           MAX(CASE WHEN rn = ${nearestRankSql("n", 50)} THEN "v" END) AS p50,
           MAX(CASE WHEN rn = ${nearestRankSql("n", 95)} THEN "v" END) AS p95
    FROM ranked${cols ? ` GROUP BY ${cols}` : ""}`;
}

/** ORDER BY terms putting nulls last on both databases (they disagree by default). */
export function nullsLast(d: StatsDialect, expr: string): string {
  return `CASE WHEN ${expr} IS NULL THEN 1 ELSE 0 END, ${d.textOrder(expr)}`;
}

export async function queryRows(db: Db, sql: string, P: SqlParams): Promise<Row[]> {
  const bound = P.bind(sql);
  return db.$queryRawUnsafe<Row[]>(bound.sql, ...bound.values);
}

/**
 * A raw numeric value as a JS number: PostgreSQL returns COUNT/SUM of integers as BigInt and
 * numeric as a decimal object; SQLite returns BigInt for integer expressions.
 */
export function toNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "string") return value.trim() === "" ? null : Number(value);
  if (typeof value === "object" && value !== null && "toString" in value) return Number(String(value));
  return null;
}

export function toInt(value: unknown): number {
  return toNumber(value) ?? 0;
}

export function toText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/** A timestamp from either database as an ISO string ("…Z"). */
export function toIso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  const d = new Date(String(value));
  return Number.isNaN(d.getTime()) ? String(value) : d.toISOString();
}

export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}
