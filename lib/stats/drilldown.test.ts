/** Drill-down lists behind the numbers, on both databases, against the fixture of lib/stats/fixture.ts. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases, type TestDb } from "../db/testing";
import type { StatsDialect } from "./dialect";
import { exportDrillDown } from "./drill-csv";
import { drillQuerySchema, getDrillDown } from "./drilldown";
import type { StatsFixture } from "./fixture";
import { openStatsFixtureDb } from "./testing";
import { resolveStatsFilters } from "./filters";
import * as q from "./queries";

describe.each(testDatabases())("drill-down on %s", (kind) => {
  let t: TestDb, fx: StatsFixture, d: StatsDialect;

  beforeAll(async () => void ({ t, fx, d } = await openStatsFixtureDb(kind)));
  afterAll(async () => t?.close());

  async function drill(params: Record<string, string>) {
    const query = drillQuerySchema.parse(params);
    return getDrillDown(t.db, d, resolveStatsFilters(query, fx.now), query);
  }
  const changeKeys = async (params: Record<string, string>) => (await drill(params)).rows.map((r) => fx.keyOf(r.changeId!));

  it("lists the changes with a not-found package, newest first", async () => {
    const page = await drill({ metric: "not-found" });
    expect(page).toMatchObject({ total: 3, unit: "changes", page: 1 });
    expect(page.rows.map((r) => fx.keyOf(r.changeId!))).toEqual(["C9", "C5", "C1"]);
    expect(page.rows[2]).toMatchObject({ jobId: fx.ids.J1, jobTitle: "Job J1", tier: "fast", model: "fast-1", revision: 1, cause: "initial" });
    expect(page.rows[2].createdAt).toBe("2026-03-02T10:05:00.000Z");
  });

  it("narrows by the figure's row: model, day, ecosystem", async () => {
    expect(await changeKeys({ metric: "not-found", model: "fast-1" })).toEqual(["C5", "C1"]);
    expect(await changeKeys({ metric: "version-not-found", key: "2026-03-14" })).toEqual(["C12"]);
    expect(await changeKeys({ metric: "not-found", ecosystem: "pypi" })).toEqual(["C5"]);
    expect(await changeKeys({ metric: "changes", key: "2026-03-08" })).toEqual(["C8", "C7", "C6"]);
  });

  it("lists the same changes the figures count: the replay only with replays included, never a failed or repeated revision", async () => {
    expect(await changeKeys({ metric: "changes", key: "2026-03-12" })).toEqual(["C11"]); // not C25, the same diff again
    expect(await changeKeys({ metric: "not-found", includeReplays: "1" })).toEqual(["C23", "C9", "C5", "C1"]);
    // The replay's latency is the recording's: never listed behind the latency figures.
    expect(await changeKeys({ metric: "latency", includeReplays: "1", model: "fast-1", pageSize: "1" })).toEqual(["C12"]);
    const unrouted = await drill({ metric: "jobs", key: "(none)" });
    expect(unrouted.rows.map((r) => [fx.keyOf(r.jobId), r.changeId])).toEqual([["J15", null]]); // C24 failed: no counted revision
    expect((await drill({ metric: "jobs", key: "fast", includeReplays: "1" })).total).toBe(9); // + J18
  });

  it("lists the changes that used an invented package", async () => {
    expect(await changeKeys({ metric: "package", key: "npm|left-padd" })).toEqual(["C9", "C1"]);
    expect(await changeKeys({ metric: "package", key: "pypi|left-padd" })).toEqual([]);
  });

  it("gate statuses, complexity buckets and reroutes", async () => {
    expect(await changeKeys({ metric: "gate-status", key: "complexity|fail" })).toEqual(["C14", "C7", "C6", "C3"]);
    expect(await changeKeys({ metric: "invented-member" })).toEqual(["C1"]);
    expect(await changeKeys({ metric: "gate-status", key: "static-analysis|fail" })).toEqual(["C3", "C1"]);
    expect(await changeKeys({ metric: "gate-status", key: "error-contract|checked", model: "fast-1" })).toEqual(["C20", "C12", "C11", "C1"]);
    expect(await changeKeys({ metric: "complexity-bucket", key: "6-10" })).toEqual(["C18", "C13", "C12", "C8", "C4", "C2"]);
    expect(await changeKeys({ metric: "complexity-reroute", key: "21+|11-15|" })).toEqual(["C6"]);
    expect(await changeKeys({ metric: "complexity-reroute", key: "||acc-1", model: "fast-1" })).toEqual(["C3"]);
    expect(await changeKeys({ metric: "reroute", key: "automatic||" })).toEqual(["C6", "C3", "C1"]);
    expect(await changeKeys({ metric: "reroute", key: "reviewer|local|local-1" })).toEqual(["C7"]);
    expect(await changeKeys({ metric: "review", key: "reject" })).toEqual(["C12", "C5"]);
    expect(await changeKeys({ metric: "first-revision", key: "accepted", tier: "fast" })).toEqual(["C20", "C15", "C11"]);
    expect(await changeKeys({ metric: "tokens", key: "unpriced" })).toEqual(["C8"]);
  });

  it("latency lists slowest first", async () => {
    const page = await drill({ metric: "latency", tier: "local" });
    expect(page.rows.map((r) => [fx.keyOf(r.changeId!), r.latencyMs])).toEqual([
      ["C17", 3500],
      ["C9", 3000],
      ["C13", 2500],
      ["C8", 2000],
    ]);
  });

  it("job metrics list jobs with their latest revision", async () => {
    const rerouted = await drill({ metric: "jobs", key: "fast|rerouted" });
    expect(rerouted).toMatchObject({ unit: "jobs", total: 2 });
    expect(rerouted.rows.map((r) => [fx.keyOf(r.jobId), r.changeId && fx.keyOf(r.changeId)])).toEqual([
      ["J2", "C4"],
      ["J1", "C2"],
    ]);
    const unrouted = await drill({ metric: "jobs", key: "(none)" });
    expect(unrouted.rows.map((r) => [fx.keyOf(r.jobId), r.changeId, r.jobStatus])).toEqual([["J15", null, "queued"]]);
    const slowest = await drill({ metric: "decision-time", pageSize: "2" });
    expect(slowest.total).toBe(12);
    expect(slowest.rows.map((r) => [fx.keyOf(r.jobId), r.decisionMs])).toEqual([
      ["J4", 120 * 60_000],
      ["J9", 90 * 60_000],
    ]);
  });

  it("paginates in a stable order", async () => {
    const page4 = await drill({ metric: "changes", page: "4", pageSize: "5" });
    expect(page4).toMatchObject({ total: 20, page: 4, pageSize: 5 });
    expect(page4.rows.map((r) => fx.keyOf(r.changeId!))).toEqual(["C5", "C4", "C3", "C2", "C1"]);
    expect((await drill({ metric: "changes", page: "5", pageSize: "5" })).rows).toEqual([]);
  });

  it("every drill-down total matches the number it stands behind", async () => {
    const f = resolveStatsFilters(drillQuerySchema.parse({}), fx.now);
    for (const r of await q.hallucinationsByModel(t.db, d, f)) {
      expect((await drill({ metric: "not-found", model: r.model })).total).toBe(r.notFound);
      expect((await drill({ metric: "version-not-found", model: r.model })).total).toBe(r.versionNotFound);
      expect((await drill({ metric: "changes", model: r.model })).total).toBe(r.changes);
    }
    for (const r of await q.gateStatusByModel(t.db, d, f)) {
      for (const status of ["pass", "warn", "fail", "error", "skipped"] as const) {
        expect((await drill({ metric: "gate-status", model: r.model, key: `${r.gate}|${status}` })).total).toBe(r[status]);
      }
    }
    for (const r of await q.complexityDistribution(t.db, d, f)) {
      expect((await drill({ metric: "complexity-bucket", model: r.model, key: r.bucket })).total).toBe(r.changes);
    }
    for (const r of await q.rerouteFlows(t.db, d, f)) {
      const params = { metric: "reroute", tier: r.fromTier, model: r.fromModel, key: `${r.cause}|${r.toTier}|${r.toModel}` };
      expect((await drill(params)).total).toBe(r.reroutes);
    }
    for (const r of await q.firstRevisionAcceptance(t.db, d, f)) {
      expect((await drill({ metric: "first-revision", tier: r.tier, key: "decided" })).total).toBe(r.decided);
      expect((await drill({ metric: "first-revision", tier: r.tier, key: "accepted" })).total).toBe(r.accepted);
    }
    for (const r of await q.jobsPerTier(t.db, d, f)) {
      expect((await drill({ metric: "jobs", key: r.tier ?? "(none)" })).total).toBe(r.jobs);
    }
  });

  it("rejects malformed keys with an input error", async () => {
    await expect(drill({ metric: "package", key: "npm" })).rejects.toThrow(/ecosystem\|package/);
    await expect(drill({ metric: "complexity-bucket", key: "7-9" })).rejects.toThrow(/bucket/);
    await expect(drill({ metric: "changes", key: "yesterday" })).rejects.toThrow(/day/);
  });

  it("exports at most the cap, counting what it left out", async () => {
    const query = drillQuerySchema.parse({ metric: "not-found" });
    const f = resolveStatsFilters(query, fx.now);
    const all = await exportDrillDown(t.db, d, f, query);
    expect([all.rows, all.total]).toEqual([3, 3]);
    const capped = await exportDrillDown(t.db, d, f, query, 2);
    expect([capped.rows, capped.total]).toEqual([2, 3]);
    expect(capped.csv.trimEnd().split("\r\n")).toHaveLength(3);
  });
});
