/**
 * Lead statistics: every figure of the /stats page for one set of filters (GET /api/stats).
 * Queries run concurrently; on SQLite the adapter serialises them on its one connection anyway.
 */
import type { Db } from "../db/client";
import type { StatsDialect } from "./dialect";
import type { StatsFilters } from "./filters";
import * as q from "./queries";
import { queryRows } from "./sql";
import type { StatsOptions, StatsResponse } from "./types";

export { createStatsDialect, statsDialectFor, type StatsDialect } from "./dialect";
export { resolveStatsFilters, statsQuerySchema, type StatsFilters, type StatsQuery } from "./filters";
export { drillQuerySchema, getDrillDown, type DrillQuery } from "./drilldown";
export { exportDrillDown, DRILL_EXPORT_MAX_ROWS } from "./drill-csv";
export type * from "./types";

/** Values the filter bar offers: all repositories and every model that produced a change (not a failed generation's placeholder). */
export async function getStatsOptions(db: Db, d: StatsDialect): Promise<StatsOptions> {
  const repositories = await db.repository.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } });
  const P = d.params();
  const models = await queryRows(
    db,
    `SELECT c."model" AS model FROM ${d.table("Change")} c WHERE c."hasDiff" = ${d.bool(true)} GROUP BY c."model" ORDER BY ${d.textOrder(`c."model"`)}`,
    P,
  );
  return { repositories, models: models.map((r) => String(r.model)) };
}

export async function getStats(db: Db, d: StatsDialect, f: StatsFilters, now: Date = new Date()): Promise<StatsResponse> {
  const [
    totals,
    overall,
    byModel,
    byEcosystem,
    overTime,
    overTimeByModel,
    topPackages,
    statusByModel,
    staticAnalysis,
    errorContract,
    complexityDistribution,
    complexityTransitions,
    complexityReroutes,
    jobsPerTier,
    rerouteTotals,
    reroutes,
    reviewOutcomes,
    firstRevisionAcceptance,
    latencyByTier,
    latencyByModel,
    cost,
    decisionTimeByTier,
    decisionTime,
    options,
  ] = await Promise.all([
    q.totals(db, d, f),
    q.hallucinationsOverall(db, d, f),
    q.hallucinationsByModel(db, d, f),
    q.hallucinationsByEcosystem(db, d, f),
    q.hallucinationsOverTime(db, d, f),
    q.hallucinationsOverTimeByModel(db, d, f),
    q.topInventedPackages(db, d, f),
    q.gateStatusByModel(db, d, f),
    q.staticAnalysisByModel(db, d, f),
    q.errorContractBreaksByModel(db, d, f),
    q.complexityDistribution(db, d, f),
    q.complexityTransitions(db, d, f),
    q.complexityReroutes(db, d, f),
    q.jobsPerTier(db, d, f),
    q.rerouteTotals(db, d, f),
    q.rerouteFlows(db, d, f),
    q.reviewOutcomesByModel(db, d, f),
    q.firstRevisionAcceptance(db, d, f),
    q.latencyByTier(db, d, f),
    q.latencyByModel(db, d, f),
    q.tokenCost(db, d, f),
    q.decisionTimeByTier(db, d, f),
    q.decisionTimeOverall(db, d, f),
    getStatsOptions(db, d),
  ]);
  return {
    filters: {
      window: f.window,
      from: f.from.toISOString(),
      to: f.to.toISOString(),
      repositoryId: f.repositoryId ?? null,
      tier: f.tier ?? null,
      model: f.model ?? null,
      ecosystem: f.ecosystem ?? null,
      includeReplays: f.includeReplays,
    },
    generatedAt: now.toISOString(),
    totals,
    hallucinations: { overall, byModel, byEcosystem, overTime, overTimeByModel, topPackages },
    gates: { statusByModel, staticAnalysis, errorContract, complexityDistribution, complexityTransitions, complexityReroutes },
    routing: { jobsPerTier, rerouteTotals, reroutes, reviewOutcomes, firstRevisionAcceptance },
    speed: { latencyByTier, latencyByModel, cost, decisionTimeByTier, decisionTime },
    options,
  };
}
