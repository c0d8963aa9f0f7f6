/**
 * Generated data (random reroute chains, findings, reviews) loaded into SQLite and PostgreSQL through
 * the bulk loader: every figure and a drill-down page must come out identical on both databases.
 */
import { describe, expect, it } from "vitest";
import { testDatabases } from "../db/testing";
import { statsDialectFor } from "./dialect";
import { drillQuerySchema, getDrillDown } from "./drilldown";
import { resolveStatsFilters, statsQuerySchema } from "./filters";
import { getStats } from "./index";
import { createSyntheticPostgres, createSyntheticSqlite, type SyntheticDb } from "./synthetic-db";

const NOW = new Date("2026-06-30T12:00:00.000Z");
const QUERIES = [{}, { window: "90d" }, { window: "7d", tier: "local" }, { ecosystem: "pypi", model: "fast-a" }];

async function snapshot(db: SyntheticDb) {
  const d = statsDialectFor(db);
  const out: unknown[] = [db.counts];
  for (const query of QUERIES) {
    const f = resolveStatsFilters(statsQuerySchema.parse(query), NOW);
    const { options, speed, ...rest } = await getStats(db.db, d, f, NOW);
    out.push({ ...rest, models: options.models, speed: { ...speed, cost: speed.cost.map((c) => ({ ...c, cost: Math.round(c.cost * 1e6) })) } });
    for (const metric of ["not-found", "reroute", "decision-time", "complexity-bucket"]) {
      const q = drillQuerySchema.parse({ ...query, metric, key: metric === "complexity-bucket" ? "11-15" : "", pageSize: "25" });
      out.push(await getDrillDown(db.db, d, f, q));
    }
  }
  return out;
}

describe.runIf(testDatabases().length === 2)("synthetic data on both databases", () => {
  it("gives identical figures and drill-downs", async () => {
    const opts = { changes: 1500, days: 120, now: NOW, seed: 7 };
    const sqlite = await createSyntheticSqlite(opts);
    let a: unknown[];
    try {
      a = await snapshot(sqlite);
    } finally {
      await sqlite.close();
    }
    const pg = await createSyntheticPostgres(opts);
    let b: unknown[];
    try {
      b = await snapshot(pg);
    } finally {
      await pg.close();
    }
    expect((a[0] as { gateResults: number }).gateResults).toBe(6000);
    // The generated data exercises the figures (not just empty tables).
    for (const needle of ['"cause":"auto-complexity"', '"cause":"reviewer"', '"kind":"automatic"', '"unit":"jobs"']) {
      expect(JSON.stringify(a)).toContain(needle);
    }
    expect(b).toEqual(a);
  });
});
