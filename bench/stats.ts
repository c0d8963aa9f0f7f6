/**
 * Stats benchmark: 100,000 changes and 400,000 gate results (plus findings, reviews, jobs) generated
 * into a fresh SQLite file and a dedicated PostgreSQL schema (dropped afterwards); then every stats
 * query runs several times per filter scenario and the p50/p95 wall time is printed per query and
 * per database. Target: p95 under 300 ms per query.
 *
 * Run alone with `npx tsx bench/stats.ts`; `npm run bench` runs it as the "stats" section.
 * Environment: STATS_BENCH_CHANGES (default 100000), STATS_BENCH_RUNS (default 10),
 * STATS_BENCH_DBS (default "sqlite,postgres"), TEST_DATABASE_URL (PostgreSQL server).
 */
import os from "node:os";
import type { DbProvider } from "../lib/db-url";
import { statsDialectFor } from "../lib/stats/dialect";
import { drillQuerySchema, getDrillDown } from "../lib/stats/drilldown";
import { resolveStatsFilters, statsQuerySchema, type StatsFilters } from "../lib/stats/filters";
import { getStats } from "../lib/stats/index";
import * as q from "../lib/stats/queries";
import { createSyntheticPostgres, createSyntheticSqlite, type SyntheticDb } from "../lib/stats/synthetic-db";

export const TARGET_MS = 300;

export interface StatsBenchOptions {
  changes?: number;
  runs?: number;
  databases?: DbProvider[];
  log?: (line: string) => void;
}

export interface StatsBenchRow {
  database: DbProvider;
  scenario: string;
  query: string;
  p50Ms: number;
  p95Ms: number;
  /** SQLite only: CPU time of the query (in-process), median. */
  cpuP50Ms?: number;
  overTarget: boolean;
}

/** The figures of the /stats page, each one SQL statement (getStats runs them all). */
const QUERIES: Record<string, q.StatsQueryFn<unknown>> = {
  totals: q.totals,
  hallucinationsOverall: q.hallucinationsOverall,
  hallucinationsByModel: q.hallucinationsByModel,
  hallucinationsByEcosystem: q.hallucinationsByEcosystem,
  hallucinationsOverTime: q.hallucinationsOverTime,
  hallucinationsOverTimeByModel: q.hallucinationsOverTimeByModel,
  topInventedPackages: q.topInventedPackages,
  gateStatusByModel: q.gateStatusByModel,
  errorContractBreaksByModel: q.errorContractBreaksByModel,
  complexityDistribution: q.complexityDistribution,
  complexityTransitions: q.complexityTransitions,
  complexityReroutes: q.complexityReroutes,
  jobsPerTier: q.jobsPerTier,
  rerouteTotals: q.rerouteTotals,
  rerouteFlows: q.rerouteFlows,
  reviewOutcomesByModel: q.reviewOutcomesByModel,
  firstRevisionAcceptance: q.firstRevisionAcceptance,
  latencyByTier: q.latencyByTier,
  latencyByModel: q.latencyByModel,
  tokenCost: q.tokenCost,
  decisionTimeByTier: q.decisionTimeByTier,
  decisionTimeOverall: q.decisionTimeOverall,
};

const SCENARIOS: Record<string, Record<string, string>> = {
  "30d (page default)": {},
  "90d": { window: "90d" },
  "30d tier=fast ecosystem=npm": { tier: "fast", ecosystem: "npm" },
};

function percentile(sorted: number[], pct: number): number {
  return sorted[Math.max(0, Math.ceil((pct / 100) * sorted.length) - 1)];
}

interface Timing {
  p50: number;
  p95: number;
  /** Median CPU time of this process: SQLite runs the query in-process, so this excludes waiting for a busy machine. */
  cpuP50: number;
}

async function time(fn: () => Promise<unknown>, runs: number): Promise<Timing> {
  await fn(); // warm-up: statement preparation, page cache
  const samples: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const startedCpu = process.cpuUsage();
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
    const used = process.cpuUsage(startedCpu);
    cpu.push((used.user + used.system) / 1000);
  }
  samples.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), cpuP50: percentile(cpu, 50) };
}

async function benchDatabase(db: SyntheticDb, runs: number, log: (line: string) => void): Promise<StatsBenchRow[]> {
  const d = statsDialectFor(db);
  const rows: StatsBenchRow[] = [];
  const record = (scenario: string, query: string, t: Timing, counted = true) => {
    const row: StatsBenchRow = { database: db.provider, scenario, query, p50Ms: t.p50, p95Ms: t.p95, overTarget: counted && t.p95 > TARGET_MS };
    if (db.provider === "sqlite") row.cpuP50Ms = t.cpuP50;
    rows.push(row);
    const ms = (v: number) => `${v.toFixed(1).padStart(7)} ms`;
    log(
      `  ${db.provider.padEnd(8)} ${scenario.padEnd(28)} ${query.padEnd(30)} p50 ${ms(t.p50)}  p95 ${ms(t.p95)}` +
        (row.cpuP50Ms !== undefined ? `  cpu ${ms(row.cpuP50Ms)}` : "") +
        (row.overTarget ? `  OVER ${TARGET_MS} ms` : ""),
    );
  };
  for (const [scenario, query] of Object.entries(SCENARIOS)) {
    const f: StatsFilters = resolveStatsFilters(statsQuerySchema.parse(query));
    for (const [name, fn] of Object.entries(QUERIES)) record(scenario, name, await time(() => fn(db.db, d, f), runs));
    const drill = drillQuerySchema.parse({ ...query, metric: "not-found" });
    record(scenario, "drill-down not-found p.1", await time(() => getDrillDown(db.db, d, f, drill), runs));
    // The whole page (all queries concurrently) for reference; the target applies per query.
    record(scenario, "(whole page, info)", await time(() => getStats(db.db, d, f), Math.max(3, Math.floor(runs / 3))), false);
  }
  return rows;
}

export async function run(opts: StatsBenchOptions = {}): Promise<StatsBenchRow[]> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const changes = opts.changes ?? Number(process.env.STATS_BENCH_CHANGES ?? 100_000);
  const runs = opts.runs ?? Number(process.env.STATS_BENCH_RUNS ?? 10);
  const databases = opts.databases ?? ((process.env.STATS_BENCH_DBS ?? "sqlite,postgres").split(",").map((s) => s.trim()) as DbProvider[]);
  log(`stats: ${changes} changes, ${runs} runs per query, target p95 < ${TARGET_MS} ms`);
  log(`stats: indexes from the migrations (prisma/*/migrations), load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  const all: StatsBenchRow[] = [];
  for (const provider of databases) {
    let db: SyntheticDb;
    try {
      db = provider === "sqlite" ? await createSyntheticSqlite({ changes }) : await createSyntheticPostgres({ changes });
    } catch (e) {
      log(`  ${provider}: skipped, cannot create the database (${e instanceof Error ? e.message : String(e)})`);
      continue;
    }
    try {
      const c = db.counts;
      log(
        `  ${provider}: loaded ${c.changes} changes, ${c.gateResults} gate results, ${c.findings} findings, ${c.jobs} jobs, ${c.reviews} reviews in ${(db.loadMs / 1000).toFixed(1)} s`,
      );
      all.push(...(await benchDatabase(db, runs, log)));
    } finally {
      await db.close();
    }
  }
  const over = all.filter((r) => r.overTarget);
  log(over.length ? `stats: ${over.length} queries over ${TARGET_MS} ms p95` : `stats: every query p95 under ${TARGET_MS} ms`);
  return all;
}

// Run directly: `npx tsx bench/stats.ts`.
if (process.argv[1] && /bench[\\/]stats\.ts$/.test(process.argv[1])) {
  run().then(
    (rows) => process.exit(rows.some((r) => r.overTarget) ? 1 : 0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
