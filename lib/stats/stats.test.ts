/**
 * Every stats figure against the hand-designed fixture (lib/stats/fixture.ts), on SQLite and on
 * PostgreSQL with the same expected numbers. Comments show the hand computation.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases, type TestDb } from "../db/testing";
import type { StatsDialect } from "./dialect";
import type { StatsFixture } from "./fixture";
import { openStatsFixtureDb } from "./testing";
import { resolveStatsFilters, statsQuerySchema } from "./filters";
import { getStats } from "./index";
import * as q from "./queries";

const MIN = 60_000;

describe.each(testDatabases())("stats figures on %s", (kind) => {
  let t: TestDb, fx: StatsFixture, d: StatsDialect;
  const filters = (query: Record<string, string> = {}) => resolveStatsFilters(statsQuerySchema.parse(query), fx.now);

  beforeAll(async () => void ({ t, fx, d } = await openStatsFixtureDb(kind)));
  afterAll(async () => t?.close());

  it("counts the changes and jobs of the default 30-day window", async () => {
    // C1–C20 and J1–J15 were created after 2026-03-01T12:00Z; C21/J16 and C22/J17 earlier.
    expect(await q.totals(t.db, d, filters())).toEqual({ changes: 20, jobs: 15 });
  });

  describe("hallucinations", () => {
    it("per model: 3 of 20 changes (15%) used a package that does not exist", async () => {
      const rows = await q.hallucinationsByModel(t.db, d, filters());
      // fast-1: C1,C3,C5,C11,C12,C15,C16,C19,C20 — not-found C1,C5; version-not-found C5,C12.
      // acc-1: C2,C4,C6,C7,C10,C14,C18 — none. local-1: C8,C9,C13,C17 — not-found C9.
      expect(rows).toEqual([
        { model: "acc-1", changes: 7, notFound: 0, versionNotFound: 0, notFoundRate: 0, versionNotFoundRate: 0 },
        { model: "fast-1", changes: 9, notFound: 2, versionNotFound: 2, notFoundRate: 2 / 9, versionNotFoundRate: 2 / 9 },
        { model: "local-1", changes: 4, notFound: 1, versionNotFound: 0, notFoundRate: 0.25, versionNotFoundRate: 0 },
      ]);
      // C1, C5, C9 of 20 → 15%; version-not-found C5, C12 → 10%.
      expect(await q.hallucinationsOverall(t.db, d, filters())).toEqual({
        changes: 20,
        notFound: 3,
        versionNotFound: 2,
        notFoundRate: 0.15,
        versionNotFoundRate: 0.1,
      });
    });

    it("per ecosystem: changes in repositories using it, findings of that ecosystem", async () => {
      // npm repos: web (8 changes) + full (8) = 16; not-found C1 (web), C9 (full); version-not-found C12.
      // pypi repos: ml (4) + full (8) = 12; C5 has both a not-found and a version-not-found PyPI package.
      expect(await q.hallucinationsByEcosystem(t.db, d, filters())).toEqual([
        { ecosystem: "npm", changes: 16, notFound: 2, versionNotFound: 1, notFoundRate: 2 / 16, versionNotFoundRate: 1 / 16 },
        { ecosystem: "pypi", changes: 12, notFound: 1, versionNotFound: 1, notFoundRate: 1 / 12, versionNotFoundRate: 1 / 12 },
      ]);
    });

    it("over time, per UTC day", async () => {
      const rows = await q.hallucinationsOverTime(t.db, d, filters());
      expect(rows.map((r) => [r.day, r.changes, r.notFound, r.versionNotFound])).toEqual([
        ["2026-03-02", 2, 1, 0],
        ["2026-03-05", 2, 0, 0],
        ["2026-03-06", 1, 1, 1],
        ["2026-03-08", 3, 0, 0],
        ["2026-03-10", 2, 1, 0],
        ["2026-03-12", 1, 0, 0],
        ["2026-03-14", 1, 0, 1],
        ["2026-03-15", 1, 0, 0],
        ["2026-03-16", 1, 0, 0],
        ["2026-03-18", 2, 0, 0],
        ["2026-03-20", 1, 0, 0],
        ["2026-03-22", 1, 0, 0],
        ["2026-03-25", 1, 0, 0],
        ["2026-03-28", 1, 0, 0],
      ]);
      const byModel = await q.hallucinationsOverTimeByModel(t.db, d, filters());
      expect(byModel.filter((r) => r.notFound > 0).map((r) => [r.day, r.model, r.notFound, r.notFoundRate])).toEqual([
        ["2026-03-02", "fast-1", 1, 1],
        ["2026-03-06", "fast-1", 1, 1],
        ["2026-03-10", "local-1", 1, 1],
      ]);
      expect(byModel.find((r) => r.day === "2026-03-08" && r.model === "acc-1")?.changes).toBe(2);
    });

    it("most frequent invented packages, counted per change", async () => {
      expect(await q.topInventedPackages(t.db, d, filters())).toEqual([
        { ecosystem: "npm", package: "left-padd", changes: 2, findings: 2, models: 2 }, // C1 (fast-1), C9 (local-1)
        { ecosystem: "npm", package: "fastjsonx", changes: 1, findings: 1, models: 1 },
        { ecosystem: "pypi", package: "reqeusts", changes: 1, findings: 1, models: 1 },
      ]);
    });
  });

  describe("gates", () => {
    it("status counts per gate and model, rates over non-skipped results", async () => {
      const rows = await q.gateStatusByModel(t.db, d, filters());
      expect(rows).toHaveLength(15);
      const pick = (model: string, gate: string) => rows.find((r) => r.model === model && r.gate === gate);
      // fast-1 tests: 7 pass, C5 fail, C12 error (C19 only ran tests).
      expect(pick("fast-1", "tests")).toMatchObject({ total: 9, pass: 7, warn: 0, fail: 1, error: 1, skipped: 0, passRate: 7 / 9 });
      // fast-1 dependencies: C1,C5,C12 fail, C11 warn, C3,C15,C16,C20 pass.
      expect(pick("fast-1", "dependencies")).toMatchObject({ total: 8, pass: 4, warn: 1, fail: 3, failRate: 3 / 8 });
      // fast-1 complexity: C3 fail, C5 skipped, 6 pass → pass rate 6/7.
      expect(pick("fast-1", "complexity")).toMatchObject({ total: 8, pass: 6, fail: 1, skipped: 1, passRate: 6 / 7, failRate: 1 / 7 });
      expect(pick("fast-1", "error-contract")).toMatchObject({ total: 8, pass: 3, fail: 1, skipped: 4, failRate: 0.25 });
      // acc-1 complexity: C6 (22), C7 (12), C14 (16) fail; C2, C4, C10, C18 pass.
      expect(pick("acc-1", "complexity")).toMatchObject({ total: 7, pass: 4, fail: 3, failRate: 3 / 7 });
      expect(pick("acc-1", "error-contract")).toMatchObject({ total: 7, pass: 6, error: 1, errorRate: 1 / 7 });
      expect(pick("local-1", "complexity")).toMatchObject({ total: 4, pass: 1, warn: 2, skipped: 1, warnRate: 2 / 3 });
      expect(pick("local-1", "dependencies")).toMatchObject({ total: 4, pass: 3, fail: 1 });
    });

    it("static-analysis problems introduced per tier and model, invented members apart", async () => {
      // fast-1: C1 fail (an invented member + a warning), C3 fail (an error), C11 pass. acc-1: C2 pass,
      // C6 error (not counted: it decided nothing). local-1: C9 skipped (not counted).
      expect(await q.staticAnalysisByModel(t.db, d, filters())).toEqual([
        { tier: "accurate", model: "acc-1", checked: 1, failed: 0, problems: 0, errors: 0, inventedMembers: 0, inventedChanges: 0, problemsPerChange: 0, inventedRate: 0 },
        { tier: "fast", model: "fast-1", checked: 3, failed: 2, problems: 3, errors: 2, inventedMembers: 1, inventedChanges: 1, problemsPerChange: 1, inventedRate: 1 / 3 },
      ]);
      expect(await q.staticAnalysisByModel(t.db, d, filters({ tier: "accurate" }))).toHaveLength(1);
    });

    it("error-contract breaks per model", async () => {
      expect(await q.errorContractBreaksByModel(t.db, d, filters())).toEqual([
        { model: "acc-1", checked: 7, breaks: 0, errors: 1, breakRate: 0 },
        { model: "fast-1", checked: 4, breaks: 1, errors: 0, breakRate: 0.25 }, // C12 of C1, C11, C12, C20
        { model: "local-1", checked: 3, breaks: 1, errors: 0, breakRate: 1 / 3 }, // C9 of C8, C9, C13
      ]);
    });

    it("complexity score distribution per model", async () => {
      // fast-1 scores 4,14,2,7,1,1,5; acc-1 6,9,22,12,5,16,10; local-1 8,3,10 (skipped results have no score).
      expect((await q.complexityDistribution(t.db, d, filters())).map((r) => `${r.model} ${r.bucket}=${r.changes}`)).toEqual([
        "acc-1 0-5=1",
        "acc-1 6-10=3",
        "acc-1 11-15=1",
        "acc-1 16-20=1",
        "acc-1 21+=1",
        "fast-1 0-5=5",
        "fast-1 6-10=1",
        "fast-1 11-15=1",
        "local-1 0-5=1",
        "local-1 6-10=2",
      ]);
    });

    it("complexity before→after across complexity reroutes", async () => {
      // C3 (14) → C4 (9); C6 (22) → C7 (12, still failing).
      expect(await q.complexityTransitions(t.db, d, filters())).toEqual([
        { fromBucket: "11-15", toBucket: "6-10", reroutes: 1 },
        { fromBucket: "21+", toBucket: "11-15", reroutes: 1 },
      ]);
      expect(await q.complexityReroutes(t.db, d, filters())).toEqual([
        { fromModel: "acc-1", toModel: "acc-1", reroutes: 1, avgScoreBefore: 22, avgScoreAfter: 12, stillFailing: 1 },
        { fromModel: "fast-1", toModel: "acc-1", reroutes: 1, avgScoreBefore: 14, avgScoreAfter: 9, stillFailing: 0 },
      ]);
    });
  });

  describe("routing and outcome", () => {
    it("jobs per routed tier, unrouted last", async () => {
      expect(await q.jobsPerTier(t.db, d, filters())).toEqual([
        { tier: "accurate", jobs: 3, rerouted: 1 }, // J4, J9, J12
        { tier: "fast", jobs: 8, rerouted: 2 }, // J1, J2, J3, J6, J7, J10, J13, J14
        { tier: "local", jobs: 3, rerouted: 1 }, // J5, J8, J11
        { tier: null, jobs: 1, rerouted: 0 }, // J15
      ]);
    });

    it("automatic and manual reroutes and where they went", async () => {
      // A reroute happened even when it reproduced the same diff: C25 (identical to C11) is a conflict reroute.
      expect(await q.rerouteTotals(t.db, d, filters())).toEqual([
        { kind: "automatic", reroutes: 3 }, // C2, C4, C7
        { kind: "conflict", reroutes: 2 }, // C16, C25
        { kind: "manual", reroutes: 2 }, // C8, C10
      ]);
      const flows = await q.rerouteFlows(t.db, d, filters());
      expect(flows.map((r) => `${r.cause}: ${r.fromTier}/${r.fromModel} → ${r.toTier}/${r.toModel} ×${r.reroutes}`)).toEqual([
        "conflict: fast/fast-1 → fast/fast-1 ×2",
        "auto-complexity: accurate/acc-1 → accurate/acc-1 ×1",
        "auto-complexity: fast/fast-1 → accurate/acc-1 ×1",
        "auto-dependency: fast/fast-1 → accurate/acc-1 ×1",
        "reviewer: accurate/acc-1 → local/local-1 ×1",
        "reviewer: local/local-1 → accurate/acc-1 ×1",
      ]);
      expect(flows.map((r) => r.kind)).toEqual(["conflict", "automatic", "automatic", "automatic", "manual", "manual"]);
    });

    it("review outcomes per model", async () => {
      expect(await q.reviewOutcomesByModel(t.db, d, filters())).toEqual([
        { model: "acc-1", reviews: 6, approve: 5, reject: 0, reroute: 1, approveRate: 5 / 6, rejectRate: 0, rerouteRate: 1 / 6 },
        { model: "fast-1", reviews: 6, approve: 4, reject: 2, reroute: 0, approveRate: 4 / 6, rejectRate: 2 / 6, rerouteRate: 0 },
        { model: "local-1", reviews: 3, approve: 2, reject: 0, reroute: 1, approveRate: 2 / 3, rejectRate: 0, rerouteRate: 1 / 3 },
      ]);
    });

    it("first-revision acceptance per tier", async () => {
      // fast: 8 first revisions; C19 has no outcome yet; C11, C15, C20 approved → 3/7.
      // accurate: C6 (auto-rerouted), C14, C18 approved → 2/3. local: C17 pending; C13 approved, C9 rerouted → 1/2.
      expect(await q.firstRevisionAcceptance(t.db, d, filters())).toEqual([
        { tier: "accurate", firstRevisions: 3, decided: 3, accepted: 2, acceptanceRate: 2 / 3 },
        { tier: "fast", firstRevisions: 8, decided: 7, accepted: 3, acceptanceRate: 3 / 7 },
        { tier: "local", firstRevisions: 3, decided: 2, accepted: 1, acceptanceRate: 0.5 },
      ]);
    });
  });

  describe("speed and cost", () => {
    it("latency median and p95 (nearest rank) per tier and per model", async () => {
      // fast: 800 850 900 1000 1000 1100 1150 1200 1300 → rank 5 and 9. accurate (C18 has none):
      // 4000 4200 4500 5000 5500 6000 → rank 3 and 6. local: 2000 2500 3000 3500 → rank 2 and 4.
      const expected = [
        { tier: "accurate", changes: 6, p50Ms: 4500, p95Ms: 6000 },
        { tier: "fast", changes: 9, p50Ms: 1000, p95Ms: 1300 },
        { tier: "local", changes: 4, p50Ms: 2500, p95Ms: 3500 },
      ];
      expect(await q.latencyByTier(t.db, d, filters())).toEqual(expected.map((r) => ({ ...r, model: null })));
      const models = { accurate: "acc-1", fast: "fast-1", local: "local-1" } as Record<string, string>;
      expect(await q.latencyByModel(t.db, d, filters())).toEqual(expected.map((r) => ({ ...r, model: models[r.tier] })));
    });

    it("tokens and estimated cost with each provider's price", async () => {
      const rows = await q.tokenCost(t.db, d, filters());
      expect(rows.map(({ cost, ...r }) => r)).toEqual([
        { tier: "accurate", model: "acc-1", changes: 7, promptTokens: 16800, completionTokens: 7700, unpricedChanges: 0 },
        { tier: "fast", model: "fast-1", changes: 9, promptTokens: 6980, completionTokens: 3500, unpricedChanges: 0 },
        // C8 has tokens but no provider; C17 has no tokens at all.
        { tier: "local", model: "local-1", changes: 4, promptTokens: 1350, completionTokens: 670, unpricedChanges: 1 },
      ]);
      expect(rows[0].cost).toBeCloseTo((16800 * 3 + 7700 * 15) / 1000, 9); // 165.9
      expect(rows[1].cost).toBeCloseTo((6980 * 0.5 + 3500 * 1.5) / 1000, 9); // 8.74
      expect(rows[2].cost).toBeCloseTo((850 * 0.1 + 420 * 0.2) / 1000, 9); // C9 + C13 only: 0.169
    });

    it("time from ready-for-review to decision", async () => {
      // fast 10 15 20 25 30 40 60 min; accurate 35 90 120; local 5 45; J11 still waits.
      expect(await q.decisionTimeByTier(t.db, d, filters())).toEqual([
        { tier: "accurate", jobs: 3, p50Ms: 90 * MIN, p95Ms: 120 * MIN },
        { tier: "fast", jobs: 7, p50Ms: 25 * MIN, p95Ms: 60 * MIN },
        { tier: "local", jobs: 2, p50Ms: 5 * MIN, p95Ms: 45 * MIN },
      ]);
      // All 12: rank 6 of 5 10 15 20 25 30 35 40 45 60 90 120 and rank 12.
      expect(await q.decisionTimeOverall(t.db, d, filters())).toEqual({ tier: null, jobs: 12, p50Ms: 30 * MIN, p95Ms: 120 * MIN });
    });
  });

  describe("filters", () => {
    it("7 days: only the last week's changes and jobs", async () => {
      const f = filters({ window: "7d" }); // from 2026-03-24T12:00Z
      expect(await q.totals(t.db, d, f)).toEqual({ changes: 2, jobs: 3 }); // C19, C20; J13, J14, J15
      expect((await q.hallucinationsByModel(t.db, d, f)).map((r) => [r.model, r.changes, r.notFound])).toEqual([["fast-1", 2, 0]]);
    });

    it("90 days adds the February change and its invented package", async () => {
      const f = filters({ window: "90d" }); // from 2025-12-31T12:00Z: C21 in, C22 (2025-12-01) out
      expect(await q.totals(t.db, d, f)).toEqual({ changes: 21, jobs: 16 });
      expect((await q.topInventedPackages(t.db, d, f)).map((p) => p.package)).toEqual(["left-padd", "fastjsonx", "ghost-lib", "reqeusts"]);
      const fast = (await q.hallucinationsByModel(t.db, d, f)).find((r) => r.model === "fast-1");
      expect(fast).toMatchObject({ changes: 10, notFound: 3 });
    });

    it("custom window covers whole UTC days, end day included", async () => {
      const f = filters({ window: "custom", from: "2026-03-05", to: "2026-03-06" });
      expect(await q.totals(t.db, d, f)).toEqual({ changes: 3, jobs: 2 }); // C3, C4, C5; J2, J3
      const byModel = await q.hallucinationsByModel(t.db, d, f);
      expect(byModel.map((r) => [r.model, r.changes, r.notFound])).toEqual([
        ["acc-1", 1, 0],
        ["fast-1", 2, 1],
      ]);
    });

    it("tier filters changes by their tier and jobs by their routed tier", async () => {
      const f = filters({ tier: "fast" });
      expect(await q.totals(t.db, d, f)).toEqual({ changes: 9, jobs: 8 });
      expect((await q.hallucinationsByModel(t.db, d, f)).map((r) => [r.model, r.notFound])).toEqual([["fast-1", 2]]);
      expect((await q.jobsPerTier(t.db, d, f)).map((r) => r.tier)).toEqual(["fast"]);
      // Reroutes away from the fast tier only.
      expect((await q.rerouteTotals(t.db, d, f)).map((r) => [r.kind, r.reroutes])).toEqual([
        ["automatic", 2],
        ["conflict", 2],
      ]);
    });

    it("model filters changes, and jobs with a change by that model", async () => {
      const f = filters({ model: "acc-1" });
      // J1 (C2), J2 (C4), J4 (C6, C7), J5 (C10), J9 (C14), J12 (C18).
      expect(await q.totals(t.db, d, f)).toEqual({ changes: 7, jobs: 6 });
      expect((await q.reviewOutcomesByModel(t.db, d, f)).map((r) => r.model)).toEqual(["acc-1"]);
      expect(await q.latencyByTier(t.db, d, f)).toEqual([{ tier: "accurate", model: null, changes: 6, p50Ms: 4500, p95Ms: 6000 }]);
    });

    it("repository filters changes and jobs of that repository", async () => {
      const f = filters({ repositoryId: fx.ids.R1 });
      expect(await q.totals(t.db, d, f)).toEqual({ changes: 8, jobs: 6 }); // J1, J2, J6, J7, J11, J14
      const byModel = await q.hallucinationsByModel(t.db, d, f);
      expect(byModel.map((r) => [r.model, r.changes, r.notFound, r.versionNotFound])).toEqual([
        ["acc-1", 2, 0, 0],
        ["fast-1", 5, 1, 1],
        ["local-1", 1, 0, 0],
      ]);
    });

    it("ecosystem narrows repositories and counts only that ecosystem's findings", async () => {
      const f = filters({ ecosystem: "pypi" });
      expect((await q.totals(t.db, d, f)).changes).toBe(12); // ml + full
      expect(await q.hallucinationsByEcosystem(t.db, d, f)).toEqual([
        { ecosystem: "pypi", changes: 12, notFound: 1, versionNotFound: 1, notFoundRate: 1 / 12, versionNotFoundRate: 1 / 12 },
      ]);
      // C9 (full) invented npm packages: not counted under pypi.
      const local = (await q.hallucinationsByModel(t.db, d, f)).find((r) => r.model === "local-1");
      expect(local).toMatchObject({ changes: 3, notFound: 0 }); // C8, C9, C13
      expect((await q.topInventedPackages(t.db, d, f)).map((p) => p.package)).toEqual(["reqeusts"]);
    });

    it("an empty window gives empty tables and null percentiles, not errors", async () => {
      const f = filters({ window: "custom", from: "2024-01-01", to: "2024-01-31" });
      const stats = await getStats(t.db, d, f, fx.now);
      expect(stats.totals).toEqual({ changes: 0, jobs: 0 });
      expect(stats.hallucinations.byModel).toEqual([]);
      expect(stats.speed.decisionTime).toEqual({ tier: null, jobs: 0, p50Ms: null, p95Ms: null });
      expect(stats.options.models).toEqual(["acc-1", "fast-1", "local-1"]);
    });
  });

  describe("honest counting: replays, failed generations and identical revisions", () => {
    it("by default counts one figure per change produced by a real provider", async () => {
      // Left out: C23 (a replay, and with it job J18), C24 (failed before producing a diff, model
      // "(choosing)"), C25 (the same diff as C11 again): still 20 changes and 15 jobs.
      const stats = await getStats(t.db, d, filters(), fx.now);
      expect(stats.totals).toEqual({ changes: 20, jobs: 15 });
      expect(stats.options.models).toEqual(["acc-1", "fast-1", "local-1"]);
      // C25 repeats C11's dependency warning; counted once: fast-1 has 1 warn of 8 dependency results.
      const deps = stats.gates.statusByModel.find((r) => r.model === "fast-1" && r.gate === "dependencies");
      expect(deps).toMatchObject({ total: 8, warn: 1, warnRate: 1 / 8 });
      // C25's approval is the same change's approval again: fast-1 keeps 4 approvals of 6 reviews.
      expect(stats.routing.reviewOutcomes.find((r) => r.model === "fast-1")).toMatchObject({ reviews: 6, approve: 4 });
      // The replay's invented package is not a model's.
      expect(stats.hallucinations.topPackages.map((p) => p.package)).not.toContain("axios-v2");
      expect(stats.hallucinations.byModel.find((r) => r.model === "fast-1")).toMatchObject({ changes: 9, notFound: 2 });
    });

    it("with replays included counts the replayed change and its job, but never its latency or cost", async () => {
      const f = filters({ includeReplays: "1" });
      const stats = await getStats(t.db, d, f, fx.now);
      expect(stats.filters.includeReplays).toBe(true);
      // + C23 and J18; C24 and C25 still out.
      expect(stats.totals).toEqual({ changes: 21, jobs: 16 });
      // Not-found: C1, C5, C9, C23 of 21; fast-1: C1, C5, C23 of 10.
      expect(stats.hallucinations.overall).toMatchObject({ changes: 21, notFound: 4, notFoundRate: 4 / 21 });
      expect(stats.hallucinations.byModel.find((r) => r.model === "fast-1")).toEqual({
        model: "fast-1",
        changes: 10,
        notFound: 3,
        versionNotFound: 2,
        notFoundRate: 0.3,
        versionNotFoundRate: 0.2,
      });
      expect(stats.hallucinations.topPackages.find((p) => p.package === "axios-v2")).toMatchObject({ changes: 1 });
      // Fast first revisions: the 8 of before + C23 (approved) → 9, 8 with an outcome, 4 approved.
      expect(stats.routing.firstRevisionAcceptance.find((r) => r.tier === "fast")).toEqual({
        tier: "fast",
        firstRevisions: 9,
        decided: 8,
        accepted: 4,
        acceptanceRate: 0.5,
      });
      expect(stats.routing.jobsPerTier.find((r) => r.tier === "fast")).toEqual({ tier: "fast", jobs: 9, rerouted: 2 });
      // J18 decided in 5 min: fast 5 10 15 20 25 30 40 60 → rank 4 and 8.
      expect(stats.speed.decisionTimeByTier.find((r) => r.tier === "fast")).toEqual({ tier: "fast", jobs: 8, p50Ms: 20 * MIN, p95Ms: 60 * MIN });
      // The replay's 12 ms and its tokens are the recording's, not a model's: latency and cost as before.
      expect(stats.speed.latencyByTier.find((r) => r.tier === "fast")).toEqual({ tier: "fast", model: null, changes: 9, p50Ms: 1000, p95Ms: 1300 });
      expect(stats.speed.cost.find((r) => r.model === "fast-1")).toMatchObject({ changes: 9, promptTokens: 6980, completionTokens: 3500, unpricedChanges: 0 });
    });
  });

  it("the database marks a revision without a diff, and one that repeats an earlier diff, as the worker writes them", async () => {
    // The worker creates a revision with an empty diff (building context) and writes the diff when the
    // model answered: the trigger keeps hasDiff and repeatOfRevision up to date on both writes.
    const c20 = await t.db.change.findUniqueOrThrow({ where: { id: fx.ids.C20 } });
    const base = { jobId: c20.jobId, tier: "fast", model: "(choosing)", baseCommit: c20.baseCommit, files: [], createdAt: new Date("2026-03-28T10:00:00Z") };
    const rev2 = await t.db.change.create({ data: { ...base, revision: 2, diff: "" } });
    const flags = async (id: string) => t.db.change.findUniqueOrThrow({ where: { id }, select: { hasDiff: true, repeatOfRevision: true } });
    try {
      expect(await flags(rev2.id)).toEqual({ hasDiff: false, repeatOfRevision: null });
      await t.db.change.update({ where: { id: rev2.id }, data: { diff: c20.diff, model: "fast-1" } });
      expect(await flags(rev2.id)).toEqual({ hasDiff: true, repeatOfRevision: 1 });
      expect(await q.totals(t.db, d, filters())).toEqual({ changes: 20, jobs: 15 }); // the same change once
      await t.db.change.update({ where: { id: rev2.id }, data: { diff: `${c20.diff}+// reviewed\n` } });
      expect(await flags(rev2.id)).toEqual({ hasDiff: true, repeatOfRevision: null });
      expect(await q.totals(t.db, d, filters())).toEqual({ changes: 21, jobs: 15 }); // a new change now
      expect(await flags(fx.ids.C25)).toEqual({ hasDiff: true, repeatOfRevision: 1 }); // inserted with C11's diff
      expect(await flags(fx.ids.C24)).toEqual({ hasDiff: false, repeatOfRevision: null });
    } finally {
      await t.db.change.delete({ where: { id: rev2.id } });
    }
  });

  it("getStats returns every section with the same numbers as the single queries", async () => {
    const f = filters();
    const stats = await getStats(t.db, d, f, fx.now);
    expect(stats.filters).toEqual({
      window: "30d",
      from: "2026-03-01T12:00:00.000Z",
      to: "2026-03-31T12:00:00.000Z",
      repositoryId: null,
      tier: null,
      model: null,
      ecosystem: null,
      includeReplays: false,
    });
    expect(stats.hallucinations.byModel).toEqual(await q.hallucinationsByModel(t.db, d, f));
    expect(stats.routing.firstRevisionAcceptance).toEqual(await q.firstRevisionAcceptance(t.db, d, f));
    expect(stats.options.repositories.map((r) => r.name)).toEqual(["full", "ml", "web"]);
  });
});

describe.runIf(testDatabases().length === 2)("SQLite and PostgreSQL agree", () => {
  it("returns identical stats for the same fixture and filters", async () => {
    const results: unknown[] = [];
    for (const kind of ["sqlite", "postgres"] as const) {
      const { t, fx, d } = await openStatsFixtureDb(kind);
      try {
        const out = [];
        for (const query of [{}, { window: "90d" }, { tier: "fast" }, { ecosystem: "npm" }, { model: "local-1", window: "7d" }, { includeReplays: "1" }]) {
          const s = await getStats(t.db, d, resolveStatsFilters(statsQuerySchema.parse(query), fx.now), fx.now);
          // Database ids differ; cost is a float sum whose last bits may depend on summation order.
          const { options, ...rest } = s;
          out.push({
            ...rest,
            options: { models: options.models, repositories: options.repositories.map((r) => r.name) },
            speed: { ...rest.speed, cost: rest.speed.cost.map((c) => ({ ...c, cost: Math.round(c.cost * 1e9) })) },
          });
        }
        results.push(out);
      } finally {
        await t.close();
      }
    }
    expect(results[1]).toEqual(results[0]);
  });
});
