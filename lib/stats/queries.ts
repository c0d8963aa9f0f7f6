/**
 * One function per stats figure: `(db, dialect, filters) => Promise<rows>`. All aggregation runs in
 * SQL (grouped queries over the filtered `base`/`jbase` sets); JavaScript only renames columns,
 * converts driver number types and divides two aggregated counts into a rate.
 */
import type { Db } from "../db/client";
import type { SqlParams, StatsDialect } from "./dialect";
import type { StatsFilters } from "./filters";
import {
  changeBaseCte,
  complexityBucketSql,
  jobBaseCte,
  nullsLast,
  percentilesSql,
  queryRows,
  ratio,
  toInt,
  toNumber,
  toText,
  type Row,
} from "./sql";
import {
  CAUSES_BY_KIND,
  COMPLEXITY_BUCKETS,
  type ComplexityBucketCount,
  type ComplexityReroute,
  type ComplexityTransition,
  type DecisionTime,
  type ErrorContractBreaks,
  type FirstRevisionAcceptance,
  type GateStatusCounts,
  type HallucinationCounts,
  type InventedPackage,
  type JobsPerTier,
  type LatencyPercentiles,
  type RerouteFlow,
  type RerouteKind,
  type RerouteTotal,
  type ReviewOutcomes,
  type StaticAnalysisCounts,
  type StatsTotals,
  type TokenCost,
} from "./types";
import { ECOSYSTEMS } from "../settings/constants";
import { GATE_NAMES } from "../gates/types";

export type StatsQueryFn<T> = (db: Db, d: StatsDialect, f: StatsFilters) => Promise<T>;

const TOP_PACKAGES = 20;

// ---------- totals ----------

export const totals: StatsQueryFn<StatsTotals> = async (db, d, f) => {
  const P = d.params();
  const sql = `WITH ${changeBaseCte(d, f, P)}, ${jobBaseCte(d, f, P)}
    SELECT (SELECT COUNT(*) FROM base) AS changes, (SELECT COUNT(*) FROM jbase) AS jobs`;
  const [row] = await queryRows(db, sql, P);
  return { changes: toInt(row?.changes), jobs: toInt(row?.jobs) };
};

// ---------- hallucinations ----------

/**
 * `h` CTE: per change (and ecosystem), whether it has a not-found / version-not-found package.
 * Aggregates only dependency findings of those two kinds, a small share of all findings.
 */
function hallucinationFlagsCte(d: StatsDialect, f: StatsFilters, P: SqlParams, perEcosystem: boolean): string {
  const eco = f.ecosystem ? ` AND gf."ecosystem" = ${P.p(f.ecosystem)}` : "";
  const ecoCol = perEcosystem ? `, gf."ecosystem"` : "";
  return `h AS (
    SELECT gf."changeId"${ecoCol},
           MAX(CASE WHEN gf."kind" = 'not-found' THEN 1 ELSE 0 END) AS nf,
           MAX(CASE WHEN gf."kind" = 'version-not-found' THEN 1 ELSE 0 END) AS vnf
    FROM ${d.table("GateFinding")} gf
    WHERE gf."gate" = 'dependencies' AND gf."kind" IN ('not-found', 'version-not-found')${eco}
    GROUP BY gf."changeId"${ecoCol})`;
}

function hallucinationCounts(row: Row): HallucinationCounts {
  const changes = toInt(row.changes);
  const notFound = toInt(row.nf);
  const versionNotFound = toInt(row.vnf);
  return {
    changes,
    notFound,
    versionNotFound,
    notFoundRate: ratio(notFound, changes),
    versionNotFoundRate: ratio(versionNotFound, changes),
  };
}

/** Hallucination counts grouped by some columns of `base` (given as [alias, expression]). */
async function hallucinationsGrouped(db: Db, d: StatsDialect, f: StatsFilters, groups: [string, string][]): Promise<Row[]> {
  const P = d.params();
  const base = changeBaseCte(d, f, P);
  const h = hallucinationFlagsCte(d, f, P, false);
  const select = groups.map(([alias, expr]) => `${expr} AS "${alias}"`).join(", ");
  const groupBy = groups.map(([, expr]) => expr).join(", ");
  const orderBy = groups.map(([, expr]) => d.textOrder(expr)).join(", ");
  const sql = `WITH ${base}, ${h}
    SELECT ${select}, COUNT(*) AS changes, COALESCE(SUM(h.nf), 0) AS nf, COALESCE(SUM(h.vnf), 0) AS vnf
    FROM base b LEFT JOIN h ON h."changeId" = b."id"
    GROUP BY ${groupBy}
    ORDER BY ${orderBy}`;
  return queryRows(db, sql, P);
}

/** All filtered changes together (the headline share). */
export const hallucinationsOverall: StatsQueryFn<HallucinationCounts> = async (db, d, f) => {
  const P = d.params();
  const sql = `WITH ${changeBaseCte(d, f, P)}, ${hallucinationFlagsCte(d, f, P, false)}
    SELECT COUNT(*) AS changes, COALESCE(SUM(h.nf), 0) AS nf, COALESCE(SUM(h.vnf), 0) AS vnf
    FROM base b LEFT JOIN h ON h."changeId" = b."id"`;
  const [row] = await queryRows(db, sql, P);
  return hallucinationCounts(row ?? {});
};

export const hallucinationsByModel: StatsQueryFn<(HallucinationCounts & { model: string })[]> = async (db, d, f) =>
  (await hallucinationsGrouped(db, d, f, [["model", `b."model"`]])).map((r) => ({ model: String(r.model), ...hallucinationCounts(r) }));

export const hallucinationsOverTime: StatsQueryFn<(HallucinationCounts & { day: string })[]> = async (db, d, f) =>
  (await hallucinationsGrouped(db, d, f, [["day", d.day(`b."createdAt"`)]])).map((r) => ({ day: String(r.day), ...hallucinationCounts(r) }));

export const hallucinationsOverTimeByModel: StatsQueryFn<(HallucinationCounts & { day: string; model: string })[]> = async (db, d, f) =>
  (
    await hallucinationsGrouped(db, d, f, [
      ["day", d.day(`b."createdAt"`)],
      ["model", `b."model"`],
    ])
  ).map((r) => ({ day: String(r.day), model: String(r.model), ...hallucinationCounts(r) }));

/**
 * Per ecosystem: of the changes in repositories that use the ecosystem, how many used a package of
 * that ecosystem that does not exist (or a version that does not).
 */
export const hallucinationsByEcosystem: StatsQueryFn<(HallucinationCounts & { ecosystem: string })[]> = async (db, d, f) => {
  // Literal values from the fixed ecosystem list (never user input); the filter narrows it to one.
  const ecosystems = ECOSYSTEMS.filter((e) => !f.ecosystem || e === f.ecosystem);
  const P = d.params();
  const base = changeBaseCte(d, f, P);
  const h = hallucinationFlagsCte(d, f, P, true);
  const values = ecosystems.map((e) => `SELECT '${e}' AS "name"`).join(" UNION ALL ");
  // Count per repository first, then add repositories up per ecosystem: the repository × ecosystem
  // pairs are a handful of rows, and planners misjudge a LIKE join if it comes first.
  const sql = `WITH ${base}, ${h}, eco AS (${values}),
    repo_eco AS (
      SELECT r."id" AS "repositoryId", e."name" AS "name"
      FROM ${d.table("Repository")} r JOIN eco e ON CAST(r."ecosystems" AS TEXT) LIKE '%"' || e."name" || '"%'),
    per_repo AS (
      SELECT j."repositoryId" AS "repositoryId", COUNT(*) AS changes
      FROM base b JOIN ${d.table("Job")} j ON j."id" = b."jobId"
      GROUP BY j."repositoryId"),
    hits AS (
      SELECT j."repositoryId" AS "repositoryId", h."ecosystem" AS "ecosystem", SUM(h.nf) AS nf, SUM(h.vnf) AS vnf
      FROM h JOIN base b ON b."id" = h."changeId" JOIN ${d.table("Job")} j ON j."id" = b."jobId"
      GROUP BY j."repositoryId", h."ecosystem")
    SELECT re."name" AS ecosystem, SUM(pr.changes) AS changes, COALESCE(SUM(hi.nf), 0) AS nf, COALESCE(SUM(hi.vnf), 0) AS vnf
    FROM repo_eco re
    JOIN per_repo pr ON pr."repositoryId" = re."repositoryId"
    LEFT JOIN hits hi ON hi."repositoryId" = re."repositoryId" AND hi."ecosystem" = re."name"
    GROUP BY re."name"
    ORDER BY ${d.textOrder(`re."name"`)}`;
  return (await queryRows(db, sql, P)).map((r) => ({ ecosystem: String(r.ecosystem), ...hallucinationCounts(r) }));
};

/** The most frequent invented (not-found) package names. */
export const topInventedPackages: StatsQueryFn<InventedPackage[]> = async (db, d, f) => {
  const P = d.params();
  const base = changeBaseCte(d, f, P);
  const eco = f.ecosystem ? ` AND gf."ecosystem" = ${P.p(f.ecosystem)}` : "";
  const sql = `WITH ${base}
    SELECT gf."ecosystem" AS ecosystem, gf."package" AS package, COUNT(DISTINCT gf."changeId") AS changes,
           COUNT(*) AS findings, COUNT(DISTINCT b."model") AS models
    FROM ${d.table("GateFinding")} gf JOIN base b ON b."id" = gf."changeId"
    WHERE gf."gate" = 'dependencies' AND gf."kind" = 'not-found' AND gf."package" IS NOT NULL${eco}
    GROUP BY gf."ecosystem", gf."package"
    ORDER BY changes DESC, findings DESC, ${nullsLast(d, `gf."ecosystem"`)}, ${d.textOrder(`gf."package"`)}
    LIMIT ${TOP_PACKAGES}`;
  return (await queryRows(db, sql, P)).map((r) => ({
    ecosystem: toText(r.ecosystem),
    package: String(r.package),
    changes: toInt(r.changes),
    findings: toInt(r.findings),
    models: toInt(r.models),
  }));
};

// ---------- gates ----------

const GATE_STATUSES = ["pass", "warn", "fail", "error", "skipped"] as const;

/** Column alias for one gate × status count, e.g. "c0_2" (gate 0, status 2). */
const pivotAlias = (gate: number, status: number) => `c${gate}_${status}`;

/**
 * Status counts per gate and model. One row per model with a count column per gate × status
 * (conditional aggregation): grouping by model alone lets SQLite aggregate in index order instead of
 * sorting every gate result. The columns are turned back into one object per model and gate.
 */
export const gateStatusByModel: StatsQueryFn<GateStatusCounts[]> = async (db, d, f) => {
  const P = d.params();
  const counts = GATE_NAMES.flatMap((gate, gi) =>
    GATE_STATUSES.map((status, si) => `COUNT(*) FILTER (WHERE g."gate" = '${gate}' AND g."status" = '${status}') AS ${pivotAlias(gi, si)}`),
  ).join(",\n           ");
  const sql = `WITH ${changeBaseCte(d, f, P)}
    SELECT b."model" AS model,
           ${counts}
    FROM base b JOIN ${d.table("GateResult")} g ON g."changeId" = b."id"
    GROUP BY b."model"
    ORDER BY ${d.textOrder(`b."model"`)}`;
  const out: GateStatusCounts[] = [];
  for (const r of await queryRows(db, sql, P)) {
    GATE_NAMES.forEach((gate, gi) => {
      const [pass, warn, fail, error, skipped] = GATE_STATUSES.map((_, si) => toInt(r[pivotAlias(gi, si)]));
      const total = pass + warn + fail + error + skipped;
      if (total === 0) return;
      const decided = total - skipped;
      out.push({
        model: String(r.model),
        gate,
        total,
        pass,
        warn,
        fail,
        error,
        skipped,
        passRate: ratio(pass, decided),
        warnRate: ratio(warn, decided),
        failRate: ratio(fail, decided),
        errorRate: ratio(error, decided),
      });
    });
  }
  // Gates in name order within a model, as the per-model, per-gate listing reads best.
  return out.sort((a, b) => (a.model === b.model ? (a.gate < b.gate ? -1 : 1) : 0));
};

export const errorContractBreaksByModel: StatsQueryFn<ErrorContractBreaks[]> = async (db, d, f) => {
  const P = d.params();
  const sql = `WITH ${changeBaseCte(d, f, P)}
    SELECT b."model" AS model, COUNT(*) AS checked,
           SUM(CASE WHEN g."status" = 'fail' THEN 1 ELSE 0 END) AS breaks,
           SUM(CASE WHEN g."status" = 'error' THEN 1 ELSE 0 END) AS errors
    FROM base b JOIN ${d.table("GateResult")} g ON g."changeId" = b."id"
    WHERE g."gate" = 'error-contract' AND g."status" <> 'skipped'
    GROUP BY b."model"
    ORDER BY ${d.textOrder(`b."model"`)}`;
  return (await queryRows(db, sql, P)).map((r) => {
    const checked = toInt(r.checked);
    const breaks = toInt(r.breaks);
    return { model: String(r.model), checked, breaks, errors: toInt(r.errors), breakRate: ratio(breaks, checked) };
  });
};

/**
 * Static-analysis gate per change tier and model. GateFinding rows of this gate have kind
 * `invented-member`, `error`, `warning` or `note` (lib/generation/pipeline/gates-step.ts), so problems
 * and invented members are counted in SQL per change first, then summed per tier and model.
 */
export const staticAnalysisByModel: StatsQueryFn<StaticAnalysisCounts[]> = async (db, d, f) => {
  const P = d.params();
  const sql = `WITH ${changeBaseCte(d, f, P)},
    sa AS (
      SELECT gf."changeId",
             COUNT(*) AS problems,
             SUM(CASE WHEN gf."kind" IN ('error', 'invented-member') THEN 1 ELSE 0 END) AS errors,
             SUM(CASE WHEN gf."kind" = 'invented-member' THEN 1 ELSE 0 END) AS invented
      FROM ${d.table("GateFinding")} gf
      WHERE gf."gate" = 'static-analysis' AND gf."changeId" IN (SELECT "id" FROM base)
      GROUP BY gf."changeId")
    SELECT b."tier" AS tier, b."model" AS model, COUNT(*) AS checked,
           SUM(CASE WHEN g."status" = 'fail' THEN 1 ELSE 0 END) AS failed,
           SUM(COALESCE(sa.problems, 0)) AS problems,
           SUM(COALESCE(sa.errors, 0)) AS errors,
           SUM(COALESCE(sa.invented, 0)) AS invented,
           SUM(CASE WHEN sa.invented > 0 THEN 1 ELSE 0 END) AS invented_changes
    FROM base b
    JOIN ${d.table("GateResult")} g ON g."changeId" = b."id" AND g."gate" = 'static-analysis'
    LEFT JOIN sa ON sa."changeId" = b."id"
    WHERE g."status" NOT IN ('skipped', 'error')
    GROUP BY b."tier", b."model"
    ORDER BY ${d.textOrder(`b."tier"`)}, ${d.textOrder(`b."model"`)}`;
  return (await queryRows(db, sql, P)).map((r) => {
    const checked = toInt(r.checked);
    const problems = toInt(r.problems);
    const inventedChanges = toInt(r.invented_changes);
    return {
      tier: String(r.tier),
      model: String(r.model),
      checked,
      failed: toInt(r.failed),
      problems,
      errors: toInt(r.errors),
      inventedMembers: toInt(r.invented),
      inventedChanges,
      problemsPerChange: checked === 0 ? null : problems / checked,
      inventedRate: ratio(inventedChanges, checked),
    };
  });
};

/**
 * Distribution of complexity scores per model. The score is GateResult.score of the complexity gate:
 * the highest complexity among the functions a change added or made more complex (only decided
 * results: skipped means nothing analyzable changed, error means the score is partial; written as
 * NOT IN so SQLite seeks (change, gate) once instead of once per status).
 * Counted as cumulative "score ≤ upper bound" columns grouped by model only (one comparison per
 * bucket, no sort of every result on SQLite); a bucket is the difference of two neighbours.
 */
export const complexityDistribution: StatsQueryFn<ComplexityBucketCount[]> = async (db, d, f) => {
  const P = d.params();
  const bounded = COMPLEXITY_BUCKETS.filter((b) => Number.isFinite(b.max));
  const counts = bounded.map((b, i) => `COUNT(*) FILTER (WHERE g."score" <= ${b.max}) AS le${i}`).join(", ");
  const sql = `WITH ${changeBaseCte(d, f, P)}
    SELECT b."model" AS model, COUNT(*) AS total, ${counts}
    FROM base b JOIN ${d.table("GateResult")} g ON g."changeId" = b."id" AND g."gate" = 'complexity'
    WHERE g."status" NOT IN ('skipped', 'error') AND g."score" IS NOT NULL
    GROUP BY b."model"
    ORDER BY ${d.textOrder(`b."model"`)}`;
  const out: ComplexityBucketCount[] = [];
  for (const r of await queryRows(db, sql, P)) {
    let below = 0;
    COMPLEXITY_BUCKETS.forEach((b, i) => {
      const upTo = i < bounded.length ? toInt(r[`le${i}`]) : toInt(r.total);
      if (upTo - below > 0) out.push({ model: String(r.model), bucket: b.id, changes: upTo - below });
      below = upTo;
    });
  }
  return out;
};

/** FROM clause joining each filtered change to its complexity reroute and both complexity results. */
function complexityRerouteFrom(d: StatsDialect): string {
  return `base b
    JOIN ${d.table("Change")} c ON c."parentChangeId" = b."id" AND c."cause" = 'auto-complexity'
    LEFT JOIN ${d.table("GateResult")} gb ON gb."changeId" = b."id" AND gb."gate" = 'complexity'
    LEFT JOIN ${d.table("GateResult")} ga ON ga."changeId" = c."id" AND ga."gate" = 'complexity'`;
}

/** Before→after: complexity bucket of the rerouted change and of the revision that replaced it. */
export const complexityTransitions: StatsQueryFn<ComplexityTransition[]> = async (db, d, f) => {
  const P = d.params();
  const from = complexityBucketSql(`gb."score"`);
  const to = complexityBucketSql(`ga."score"`);
  const sql = `WITH ${changeBaseCte(d, f, P)}
    SELECT ${from} AS "fromBucket", ${to} AS "toBucket", COUNT(*) AS reroutes
    FROM ${complexityRerouteFrom(d)}
    GROUP BY ${from}, ${to}
    ORDER BY MIN(COALESCE(gb."score", -1)), MIN(COALESCE(ga."score", -1)), 1, 2`;
  return (await queryRows(db, sql, P)).map((r) => ({
    fromBucket: String(r.fromBucket),
    toBucket: String(r.toBucket),
    reroutes: toInt(r.reroutes),
  }));
};

/** Reroutes caused by complexity, from which model to which, with the average score before and after. */
export const complexityReroutes: StatsQueryFn<ComplexityReroute[]> = async (db, d, f) => {
  const P = d.params();
  const sql = `WITH ${changeBaseCte(d, f, P)}
    SELECT b."model" AS "fromModel", c."model" AS "toModel", COUNT(*) AS reroutes,
           AVG(gb."score") AS "avgBefore", AVG(ga."score") AS "avgAfter",
           SUM(CASE WHEN ga."status" = 'fail' THEN 1 ELSE 0 END) AS "stillFailing"
    FROM ${complexityRerouteFrom(d)}
    GROUP BY b."model", c."model"
    ORDER BY reroutes DESC, ${d.textOrder(`b."model"`)}, ${d.textOrder(`c."model"`)}`;
  return (await queryRows(db, sql, P)).map((r) => ({
    fromModel: String(r.fromModel),
    toModel: String(r.toModel),
    reroutes: toInt(r.reroutes),
    avgScoreBefore: toNumber(r.avgBefore),
    avgScoreAfter: toNumber(r.avgAfter),
    stillFailing: toInt(r.stillFailing),
  }));
};

// ---------- routing and outcome ----------

export const jobsPerTier: StatsQueryFn<JobsPerTier[]> = async (db, d, f) => {
  const P = d.params();
  const sql = `WITH ${jobBaseCte(d, f, P)}
    SELECT jb."routedTier" AS tier, COUNT(*) AS jobs, SUM(CASE WHEN jb."rerouteCount" > 0 THEN 1 ELSE 0 END) AS rerouted
    FROM jbase jb
    GROUP BY jb."routedTier"
    ORDER BY ${nullsLast(d, `jb."routedTier"`)}`;
  return (await queryRows(db, sql, P)).map((r) => ({ tier: toText(r.tier), jobs: toInt(r.jobs), rerouted: toInt(r.rerouted) }));
};

/** CASE expression naming the reroute kind of a cause column. */
export function rerouteKindSql(cause: string): string {
  const whens = (Object.keys(CAUSES_BY_KIND) as RerouteKind[])
    .map((kind) => `WHEN ${cause} IN (${CAUSES_BY_KIND[kind].map((c) => `'${c}'`).join(", ")}) THEN '${kind}'`)
    .join(" ");
  return `(CASE ${whens} ELSE 'other' END)`;
}

function rerouteKind(value: unknown): RerouteKind | "other" {
  const v = String(value);
  return v === "automatic" || v === "manual" || v === "conflict" ? v : "other";
}

/** Changes in the filter that were replaced by a new revision: why, and where the work went. */
export const rerouteFlows: StatsQueryFn<RerouteFlow[]> = async (db, d, f) => {
  const P = d.params();
  const sql = `WITH ${changeBaseCte(d, f, P)}
    SELECT c."cause" AS cause, b."tier" AS "fromTier", b."model" AS "fromModel", c."tier" AS "toTier", c."model" AS "toModel",
           COUNT(*) AS reroutes
    FROM base b JOIN ${d.table("Change")} c ON c."parentChangeId" = b."id"
    WHERE c."cause" <> 'initial'
    GROUP BY c."cause", b."tier", b."model", c."tier", c."model"
    ORDER BY reroutes DESC, ${["c.\"cause\"", "b.\"tier\"", "b.\"model\"", "c.\"tier\"", "c.\"model\""].map((e) => d.textOrder(e)).join(", ")}`;
  return (await queryRows(db, sql, P)).map((r) => ({
    cause: String(r.cause),
    kind: kindOfCause(String(r.cause)),
    fromTier: String(r.fromTier),
    fromModel: String(r.fromModel),
    toTier: String(r.toTier),
    toModel: String(r.toModel),
    reroutes: toInt(r.reroutes),
  }));
};

function kindOfCause(cause: string): RerouteKind | "other" {
  for (const kind of Object.keys(CAUSES_BY_KIND) as RerouteKind[]) if (CAUSES_BY_KIND[kind].includes(cause)) return kind;
  return "other";
}

export const rerouteTotals: StatsQueryFn<RerouteTotal[]> = async (db, d, f) => {
  const P = d.params();
  const kind = rerouteKindSql(`c."cause"`);
  const sql = `WITH ${changeBaseCte(d, f, P)}
    SELECT ${kind} AS kind, COUNT(*) AS reroutes
    FROM base b JOIN ${d.table("Change")} c ON c."parentChangeId" = b."id"
    WHERE c."cause" <> 'initial'
    GROUP BY ${kind}
    ORDER BY 1`;
  return (await queryRows(db, sql, P)).map((r) => ({ kind: rerouteKind(r.kind), reroutes: toInt(r.reroutes) }));
};

export const reviewOutcomesByModel: StatsQueryFn<ReviewOutcomes[]> = async (db, d, f) => {
  const P = d.params();
  const sql = `WITH ${changeBaseCte(d, f, P)}
    SELECT b."model" AS model, COUNT(*) AS reviews,
           SUM(CASE WHEN r."decision" = 'approve' THEN 1 ELSE 0 END) AS approve,
           SUM(CASE WHEN r."decision" = 'reject' THEN 1 ELSE 0 END) AS reject,
           SUM(CASE WHEN r."decision" = 'reroute' THEN 1 ELSE 0 END) AS reroute
    FROM base b
    -- One outcome per change and decision: a revision that needed several approvals counts as one approval.
    JOIN (SELECT DISTINCT rv."changeId", rv."decision" FROM ${d.table("Review")} rv) r ON r."changeId" = b."id"
    GROUP BY b."model"
    ORDER BY ${d.textOrder(`b."model"`)}`;
  return (await queryRows(db, sql, P)).map((r) => {
    const [reviews, approve, reject, reroute] = [r.reviews, r.approve, r.reject, r.reroute].map(toInt);
    return {
      model: String(r.model),
      reviews,
      approve,
      reject,
      reroute,
      approveRate: ratio(approve, reviews),
      rejectRate: ratio(reject, reviews),
      rerouteRate: ratio(reroute, reviews),
    };
  });
};

/**
 * First-revision acceptance per tier: of the jobs' first revisions (cause "initial") that have an
 * outcome — a review decision, or a next revision (automatic reroute, reviewer reroute, conflict) —
 * the share a reviewer approved.
 */
export const firstRevisionAcceptance: StatsQueryFn<FirstRevisionAcceptance[]> = async (db, d, f) => {
  const P = d.params();
  // Outcomes as per-change sets joined once (index-ordered aggregates) rather than correlated EXISTS
  // per row, which PostgreSQL cannot turn into a semi-join when two are OR-ed.
  const sql = `WITH ${changeBaseCte(d, f, P)},
    reviewed AS (
      SELECT r."changeId" AS "changeId", MAX(CASE WHEN r."decision" = 'approve' THEN 1 ELSE 0 END) AS approved
      FROM ${d.table("Review")} r
      GROUP BY r."changeId"),
    followed AS (
      SELECT DISTINCT n."parentChangeId" AS "changeId"
      FROM ${d.table("Change")} n
      WHERE n."parentChangeId" IS NOT NULL)
    SELECT b."tier" AS tier, COUNT(*) AS "firstRevisions",
           SUM(CASE WHEN rv."changeId" IS NOT NULL OR fo."changeId" IS NOT NULL THEN 1 ELSE 0 END) AS decided,
           COALESCE(SUM(rv.approved), 0) AS accepted
    FROM base b
    LEFT JOIN reviewed rv ON rv."changeId" = b."id"
    LEFT JOIN followed fo ON fo."changeId" = b."id"
    WHERE b."cause" = 'initial'
    GROUP BY b."tier"
    ORDER BY ${d.textOrder(`b."tier"`)}`;
  return (await queryRows(db, sql, P)).map((r) => {
    const decided = toInt(r.decided);
    const accepted = toInt(r.accepted);
    return { tier: String(r.tier), firstRevisions: toInt(r.firstRevisions), decided, accepted, acceptanceRate: ratio(accepted, decided) };
  });
};

// ---------- speed and cost ----------

async function latency(db: Db, d: StatsDialect, f: StatsFilters, perModel: boolean): Promise<LatencyPercentiles[]> {
  const P = d.params();
  const groups = perModel ? ["tier", "model"] : ["tier"];
  const sql = `WITH ${changeBaseCte(d, f, P)},
    src AS (
      SELECT b."tier" AS "tier"${perModel ? `, b."model" AS "model"` : ""}, b."latencyMs" AS "v"
      FROM base b WHERE b."latencyMs" IS NOT NULL AND b."recorded" = ${d.bool(false)}),
    ${percentilesSql(groups)}
    ORDER BY ${groups.map((g) => d.textOrder(`"${g}"`)).join(", ")}`;
  return (await queryRows(db, sql, P)).map((r) => ({
    tier: String(r.tier),
    model: perModel ? String(r.model) : null,
    changes: toInt(r.n),
    p50Ms: toNumber(r.p50),
    p95Ms: toNumber(r.p95),
  }));
}

/**
 * Generation latency (nearest-rank median and p95) per tier, all models together. Replayed completions
 * never count: their latency is the replay's, not a model's.
 */
export const latencyByTier: StatsQueryFn<LatencyPercentiles[]> = (db, d, f) => latency(db, d, f, false);
/** Generation latency per tier and model. */
export const latencyByModel: StatsQueryFn<LatencyPercentiles[]> = (db, d, f) => latency(db, d, f, true);

/**
 * Tokens and estimated cost per tier and model. Prices come from the provider whose name the change
 * recorded (Change.providerName = Provider.name); each provider's token sums are priced once, then
 * the providers of a model are added up. Replayed completions cost nothing and are left out even when
 * replays are included.
 */
export const tokenCost: StatsQueryFn<TokenCost[]> = async (db, d, f) => {
  const P = d.params();
  const sql = `WITH ${changeBaseCte(d, f, P)},
    per AS (
      SELECT b."tier" AS tier, b."model" AS model, COUNT(*) AS changes,
             SUM(COALESCE(b."promptTokens", 0)) AS pt, SUM(COALESCE(b."completionTokens", 0)) AS ct,
             SUM(CASE WHEN p."id" IS NULL AND (b."promptTokens" IS NOT NULL OR b."completionTokens" IS NOT NULL) THEN 1 ELSE 0 END) AS unpriced,
             SUM(COALESCE(b."promptTokens", 0)) * COALESCE(MAX(p."pricePer1kInput"), 0) / 1000.0
               + SUM(COALESCE(b."completionTokens", 0)) * COALESCE(MAX(p."pricePer1kOutput"), 0) / 1000.0 AS cost
      FROM base b LEFT JOIN ${d.table("Provider")} p ON p."name" = b."providerName"
      WHERE b."recorded" = ${d.bool(false)}
      GROUP BY b."tier", b."model", b."providerName")
    SELECT tier, model, SUM(changes) AS changes, SUM(pt) AS pt, SUM(ct) AS ct, SUM(cost) AS cost, SUM(unpriced) AS unpriced
    FROM per
    GROUP BY tier, model
    ORDER BY ${d.textOrder("tier")}, ${d.textOrder("model")}`;
  return (await queryRows(db, sql, P)).map((r) => ({
    tier: String(r.tier),
    model: String(r.model),
    changes: toInt(r.changes),
    promptTokens: toInt(r.pt),
    completionTokens: toInt(r.ct),
    cost: toNumber(r.cost) ?? 0,
    unpricedChanges: toInt(r.unpriced),
  }));
};

async function decisionTimes(db: Db, d: StatsDialect, f: StatsFilters, perTier: boolean): Promise<Row[]> {
  const P = d.params();
  const sql = `WITH ${jobBaseCte(d, f, P)},
    src AS (
      SELECT ${perTier ? `jb."routedTier" AS "tier", ` : ""}${d.msBetween(`jb."decidedAt"`, `jb."readyForReviewAt"`)} AS "v"
      FROM jbase jb
      WHERE jb."readyForReviewAt" IS NOT NULL AND jb."decidedAt" IS NOT NULL AND jb."decidedAt" >= jb."readyForReviewAt"),
    ${percentilesSql(perTier ? ["tier"] : [])}
    ${perTier ? `ORDER BY ${nullsLast(d, `"tier"`)}` : ""}`;
  return queryRows(db, sql, P);
}

function decisionTime(r: Row | undefined, tier: string | null): DecisionTime {
  return { tier, jobs: toInt(r?.n), p50Ms: toNumber(r?.p50), p95Ms: toNumber(r?.p95) };
}

/** Time from ready-for-review to the decision (the job's latest review cycle), per routed tier. */
export const decisionTimeByTier: StatsQueryFn<DecisionTime[]> = async (db, d, f) =>
  (await decisionTimes(db, d, f, true)).map((r) => decisionTime(r, toText(r.tier)));

export const decisionTimeOverall: StatsQueryFn<DecisionTime> = async (db, d, f) => {
  const [row] = await decisionTimes(db, d, f, false);
  return decisionTime(row, null);
};
