/**
 * The list behind a number: GET /api/stats/changes?<filters>&metric=…&key=…&page=…
 *
 * The filters narrow the change (or job) set exactly as for the figure; `metric` picks the figure and
 * `key` the cell. Keys with several parts use "|" (package names and models never contain it);
 * an empty part means "any".
 *
 *  changes            key: "" | day (YYYY-MM-DD)
 *  not-found          key: "" | day          changes with a not-found package (in the filter's ecosystem)
 *  version-not-found  key: "" | day
 *  package            key: ecosystem|package changes that used this invented package
 *  gate-status        key: gate|status       status "" = any result, "checked" = not skipped
 *  invented-member    key: ""                changes whose static analysis found an invented member
 *  complexity-bucket  key: bucket id
 *  complexity-reroute key: fromBucket|toBucket|toModel   the changes rerouted for complexity
 *  reroute            key: cause|toTier|toModel          cause may also be a kind: automatic, manual, conflict
 *  review             key: "" | decision
 *  first-revision     key: all | decided | accepted
 *  latency            key: ""                changes with a latency, slowest first
 *  tokens             key: "" | unpriced
 *  jobs               key: "" | tier | "(none)", optionally "|rerouted"   (job list)
 *  decision-time      key: ""                (job list) decided jobs, slowest first
 */
import { z } from "zod";
import type { Db } from "../db/client";
import type { SqlParams, StatsDialect } from "./dialect";
import { statsQuerySchema, type StatsFilters } from "./filters";
import { changeBaseCte, complexityBucketCondition, countedChangeConditions, jobBaseCte, queryRows, toInt, toIso, toNumber, toText, type Row } from "./sql";
import { CAUSES_BY_KIND, DRILL_METRICS, REROUTE_KINDS, type DrillMetric, type DrillPage, type DrillRow, type RerouteKind } from "./types";
import { InputError } from "../settings/errors";
import { NO_TIER_KEY } from "./keys";

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

const drillFields = z.object({
  metric: z.enum(DRILL_METRICS).default("changes"),
  key: z.string().max(400).default(""),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
});

/** Query schema of the drill-down route: the stats filters plus metric, key and paging. */
export const drillQuerySchema = z.intersection(statsQuerySchema, drillFields);
export type DrillQuery = z.output<typeof drillFields>;

interface Predicate {
  /** SQL condition on `b` (change metrics) or `jb` (job metrics). */
  where: string;
  title: string;
  orderBy?: string;
}

function parts(key: string, n: number): string[] {
  const p = key.split("|");
  while (p.length < n) p.push("");
  return p.slice(0, n);
}

function fail(message: string): never {
  // InputError becomes a 400 with this message in lib/api.
  throw new InputError(`Invalid drill-down key: ${message}`, [{ path: "key", message }]);
}

function dayCondition(d: StatsDialect, P: SqlParams, key: string): string {
  if (key === "") return "1 = 1";
  if (!DAY.test(key)) fail("key must be a day (YYYY-MM-DD)");
  return `${d.day(`b."createdAt"`)} = ${P.p(key)}`;
}

function hasFinding(d: StatsDialect, P: SqlParams, f: StatsFilters, kind: string, ecosystem?: string, pkg?: string): string {
  const cond = [`gf."changeId" = b."id"`, `gf."gate" = 'dependencies'`, `gf."kind" = ${P.p(kind)}`];
  const eco = ecosystem || f.ecosystem;
  if (eco) cond.push(`gf."ecosystem" = ${P.p(eco)}`);
  if (pkg !== undefined) cond.push(`gf."package" = ${P.p(pkg)}`);
  return `EXISTS (SELECT 1 FROM ${d.table("GateFinding")} gf WHERE ${cond.join(" AND ")})`;
}

function causeCondition(P: SqlParams, column: string, cause: string): string {
  if (cause === "") return `${column} <> 'initial'`;
  if ((REROUTE_KINDS as readonly string[]).includes(cause)) {
    return `${column} IN (${CAUSES_BY_KIND[cause as RerouteKind].map((c) => P.p(c)).join(", ")})`;
  }
  return `${column} = ${P.p(cause)}`;
}

/** Builds the condition for a change metric. */
function changePredicate(d: StatsDialect, P: SqlParams, f: StatsFilters, metric: DrillMetric, key: string): Predicate {
  const gateResult = d.table("GateResult");
  switch (metric) {
    case "changes":
      return { where: dayCondition(d, P, key), title: key ? `Changes on ${key}` : "Changes" };
    case "not-found":
    case "version-not-found": {
      const day = dayCondition(d, P, key);
      return {
        where: `${day} AND ${hasFinding(d, P, f, metric)}`,
        title: `Changes with a ${metric === "not-found" ? "package" : "package version"} that does not exist${key ? ` (${key})` : ""}`,
      };
    }
    case "package": {
      const [ecosystem, pkg] = parts(key, 2);
      if (!pkg) fail("key must be ecosystem|package");
      return { where: hasFinding(d, P, f, "not-found", ecosystem, pkg), title: `Changes that used the invented package ${pkg}` };
    }
    case "gate-status": {
      const [gate, status] = parts(key, 2);
      if (!gate) fail("key must be gate|status");
      const statusCond = status === "" ? "" : status === "checked" ? ` AND g."status" <> 'skipped'` : ` AND g."status" = ${P.p(status)}`;
      return {
        where: `EXISTS (SELECT 1 FROM ${gateResult} g WHERE g."changeId" = b."id" AND g."gate" = ${P.p(gate)}${statusCond})`,
        title: `Changes with ${gate} gate ${status || "result"}`,
      };
    }
    case "invented-member":
      return {
        where: `EXISTS (SELECT 1 FROM ${d.table("GateFinding")} gf WHERE gf."changeId" = b."id" AND gf."gate" = 'static-analysis' AND gf."kind" = 'invented-member')`,
        title: "Changes that used a property or prop their types do not declare",
      };
    case "complexity-bucket": {
      const cond = complexityBucketCondition(`g."score"`, key) ?? fail("unknown complexity bucket");
      return {
        where: `EXISTS (SELECT 1 FROM ${gateResult} g WHERE g."changeId" = b."id" AND g."gate" = 'complexity' AND g."status" NOT IN ('skipped', 'error') AND ${cond})`,
        title: `Changes with complexity ${key}`,
      };
    }
    case "complexity-reroute": {
      const [fromBucket, toBucket, toModel] = parts(key, 3);
      const cond = [`c."parentChangeId" = b."id"`, `c."cause" = 'auto-complexity'`];
      if (toModel) cond.push(`c."model" = ${P.p(toModel)}`);
      if (fromBucket) {
        const bc = complexityBucketCondition(`gb."score"`, fromBucket) ?? fail("unknown complexity bucket");
        cond.push(bc);
      }
      if (toBucket) {
        const ac = complexityBucketCondition(`ga."score"`, toBucket) ?? fail("unknown complexity bucket");
        cond.push(`(${ac})`);
      }
      return {
        where: `EXISTS (SELECT 1 FROM ${d.table("Change")} c
            LEFT JOIN ${gateResult} gb ON gb."changeId" = b."id" AND gb."gate" = 'complexity'
            LEFT JOIN ${gateResult} ga ON ga."changeId" = c."id" AND ga."gate" = 'complexity'
            WHERE ${cond.map((x) => `(${x})`).join(" AND ")})`,
        title: "Changes rerouted because of complexity",
      };
    }
    case "reroute": {
      const [cause, toTier, toModel] = parts(key, 3);
      const cond = [`c."parentChangeId" = b."id"`, causeCondition(P, `c."cause"`, cause)];
      if (toTier) cond.push(`c."tier" = ${P.p(toTier)}`);
      if (toModel) cond.push(`c."model" = ${P.p(toModel)}`);
      return {
        where: `EXISTS (SELECT 1 FROM ${d.table("Change")} c WHERE ${cond.join(" AND ")})`,
        title: `Changes rerouted${cause ? ` (${cause})` : ""}${toModel || toTier ? ` to ${[toTier, toModel].filter(Boolean).join(" / ")}` : ""}`,
      };
    }
    case "review": {
      const decision = key ? ` AND r."decision" = ${P.p(key)}` : "";
      return {
        where: `EXISTS (SELECT 1 FROM ${d.table("Review")} r WHERE r."changeId" = b."id"${decision})`,
        title: key ? `Changes with a review decision "${key}"` : "Reviewed changes",
      };
    }
    case "first-revision": {
      const review = d.table("Review");
      if (key === "" || key === "all") return { where: `b."cause" = 'initial'`, title: "First revisions" };
      if (key === "accepted") {
        return {
          where: `b."cause" = 'initial' AND EXISTS (SELECT 1 FROM ${review} r WHERE r."changeId" = b."id" AND r."decision" = 'approve')`,
          title: "First revisions approved",
        };
      }
      if (key === "decided") {
        return {
          where: `b."cause" = 'initial' AND (EXISTS (SELECT 1 FROM ${review} r WHERE r."changeId" = b."id") OR EXISTS (SELECT 1 FROM ${d.table("Change")} n WHERE n."parentChangeId" = b."id"))`,
          title: "First revisions with an outcome",
        };
      }
      return fail("key must be all, decided or accepted");
    }
    case "latency":
      // Replays are never in the latency figures (their latency is the replay's).
      return { where: `b."latencyMs" IS NOT NULL AND b."recorded" = ${d.bool(false)}`, title: "Changes by generation latency", orderBy: `b."latencyMs" DESC` };
    case "tokens":
      if (key === "unpriced") {
        return {
          where: `b."recorded" = ${d.bool(false)} AND (b."promptTokens" IS NOT NULL OR b."completionTokens" IS NOT NULL) AND NOT EXISTS (SELECT 1 FROM ${d.table("Provider")} p WHERE p."name" = b."providerName")`,
          title: "Changes with tokens but no priced provider",
        };
      }
      return { where: `b."recorded" = ${d.bool(false)} AND (b."promptTokens" IS NOT NULL OR b."completionTokens" IS NOT NULL)`, title: "Changes with token counts" };
    default:
      return fail(`${metric} is not a change metric`);
  }
}

function jobPredicate(d: StatsDialect, P: SqlParams, metric: DrillMetric, key: string): Predicate {
  if (metric === "jobs") {
    const [tier, flag] = parts(key, 2);
    const cond: string[] = [];
    if (tier === NO_TIER_KEY) cond.push(`jb."routedTier" IS NULL`);
    else if (tier) cond.push(`jb."routedTier" = ${P.p(tier)}`);
    if (flag === "rerouted") cond.push(`jb."rerouteCount" > 0`);
    else if (flag) fail("key must be tier or tier|rerouted");
    return {
      where: cond.length ? cond.join(" AND ") : "1 = 1",
      title: `Jobs${tier ? ` routed to ${tier === NO_TIER_KEY ? "no tier" : tier}` : ""}${flag ? " that were rerouted" : ""}`,
    };
  }
  return {
    where: `jb."readyForReviewAt" IS NOT NULL AND jb."decidedAt" IS NOT NULL AND jb."decidedAt" >= jb."readyForReviewAt"`,
    title: "Decided jobs by time from ready-for-review to decision",
    orderBy: `${d.msBetween(`jb."decidedAt"`, `jb."readyForReviewAt"`)} DESC`,
  };
}

const JOB_METRICS: readonly DrillMetric[] = ["jobs", "decision-time"];

function drillRow(r: Row): DrillRow {
  return {
    changeId: toText(r.changeId),
    jobId: String(r.jobId),
    jobTitle: String(r.jobTitle),
    jobStatus: String(r.jobStatus),
    revision: toNumber(r.revision),
    tier: toText(r.tier),
    model: toText(r.model),
    cause: toText(r.cause),
    createdAt: toIso(r.createdAt),
    latencyMs: toNumber(r.latencyMs),
    promptTokens: toNumber(r.promptTokens),
    completionTokens: toNumber(r.completionTokens),
    decisionMs: toNumber(r.decisionMs),
  };
}

async function changeDrill(db: Db, d: StatsDialect, f: StatsFilters, q: DrillQuery): Promise<DrillPage> {
  const countP = d.params();
  const countBase = changeBaseCte(d, f, countP);
  const countPred = changePredicate(d, countP, f, q.metric, q.key);
  const [count] = await queryRows(db, `WITH ${countBase} SELECT COUNT(*) AS n FROM base b WHERE ${countPred.where}`, countP);

  const P = d.params();
  const base = changeBaseCte(d, f, P);
  const pred = changePredicate(d, P, f, q.metric, q.key);
  const order = [pred.orderBy, `b."createdAt" DESC`, d.textOrder(`b."id"`) + " DESC"].filter(Boolean).join(", ");
  const sql = `WITH ${base}
    SELECT b."id" AS "changeId", b."jobId" AS "jobId", j."title" AS "jobTitle", j."status" AS "jobStatus", b."revision" AS revision,
           b."tier" AS tier, b."model" AS model, b."cause" AS cause, b."createdAt" AS "createdAt", b."latencyMs" AS "latencyMs",
           b."promptTokens" AS "promptTokens", b."completionTokens" AS "completionTokens", NULL AS "decisionMs"
    FROM base b JOIN ${d.table("Job")} j ON j."id" = b."jobId"
    WHERE ${pred.where}
    ORDER BY ${order}
    LIMIT ${P.p(q.pageSize)} OFFSET ${P.p((q.page - 1) * q.pageSize)}`;
  const rows = await queryRows(db, sql, P);
  return { metric: q.metric, key: q.key, title: pred.title, unit: "changes", total: toInt(count?.n), page: q.page, pageSize: q.pageSize, rows: rows.map(drillRow) };
}

/** Job metrics list each job once, with its latest counted revision (if any; see countedChangeConditions). */
async function jobDrill(db: Db, d: StatsDialect, f: StatsFilters, q: DrillQuery): Promise<DrillPage> {
  const countP = d.params();
  const countBase = jobBaseCte(d, f, countP);
  const countPred = jobPredicate(d, countP, q.metric, q.key);
  const [count] = await queryRows(db, `WITH ${countBase} SELECT COUNT(*) AS n FROM jbase jb WHERE ${countPred.where}`, countP);

  const P = d.params();
  const base = jobBaseCte(d, f, P);
  const pred = jobPredicate(d, P, q.metric, q.key);
  const change = d.table("Change");
  const order = [pred.orderBy, `jb."createdAt" DESC`, d.textOrder(`jb."id"`) + " DESC"].filter(Boolean).join(", ");
  const sql = `WITH ${base}
    SELECT c."id" AS "changeId", jb."id" AS "jobId", jb."title" AS "jobTitle", jb."status" AS "jobStatus", c."revision" AS revision,
           COALESCE(c."tier", jb."routedTier") AS tier, c."model" AS model, c."cause" AS cause, jb."createdAt" AS "createdAt",
           c."latencyMs" AS "latencyMs", c."promptTokens" AS "promptTokens", c."completionTokens" AS "completionTokens",
           CASE WHEN jb."readyForReviewAt" IS NOT NULL AND jb."decidedAt" IS NOT NULL
                THEN ${d.msBetween(`jb."decidedAt"`, `jb."readyForReviewAt"`)} END AS "decisionMs"
    FROM jbase jb
    LEFT JOIN ${change} c ON c."jobId" = jb."id" AND c."revision" = (SELECT MAX(c2."revision") FROM ${change} c2 WHERE c2."jobId" = jb."id" AND ${countedChangeConditions(d, f, "c2").join(" AND ")})
    WHERE ${pred.where}
    ORDER BY ${order}
    LIMIT ${P.p(q.pageSize)} OFFSET ${P.p((q.page - 1) * q.pageSize)}`;
  const rows = await queryRows(db, sql, P);
  return { metric: q.metric, key: q.key, title: pred.title, unit: "jobs", total: toInt(count?.n), page: q.page, pageSize: q.pageSize, rows: rows.map(drillRow) };
}

export async function getDrillDown(db: Db, d: StatsDialect, f: StatsFilters, q: DrillQuery): Promise<DrillPage> {
  return JOB_METRICS.includes(q.metric) ? jobDrill(db, d, f, q) : changeDrill(db, d, f, q);
}
