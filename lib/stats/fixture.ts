/**
 * A small hand-designed data set for the stats tests: 15 jobs and 20 changes inside the default
 * 30-day window (3 models on 3 tiers, 3 repositories over npm/PyPI), plus one change 50 days back
 * (inside 90d only) and one 120 days back (outside every preset window).
 * Three more revisions are in the window but not counted by default (lib/stats/sql.ts,
 * countedChangeConditions): C23, a replay of a recording (job J18, counted only with replays included);
 * C24, a generation of J15 that failed before producing a diff (model "(choosing)"); and C25, a revision
 * of J6 whose diff is identical to C11's (one change, counted once).
 * The expected numbers in stats.test.ts are computed by hand from the tables below, e.g. 3 of the 20
 * changes (C1, C5, C9) use a package that does not exist = 15%.
 */
import type { Db } from "../db/client";

/** "Now" for the fixture: windows are computed from here. */
export const FIXTURE_NOW = new Date("2026-03-31T12:00:00.000Z");

type GateStatus = "pass" | "warn" | "fail" | "error" | "skipped";

interface FixtureRepository {
  key: string;
  name: string;
  ecosystems: string[];
}

interface FixtureJob {
  key: string;
  repo: string;
  routedTier: string | null;
  status: string;
  at: string;
  rerouteCount: number;
  /** Minutes from ready-for-review to decision; "ready" = awaiting a decision; null = never ready. */
  decisionMinutes: number | "ready" | null;
}

interface FixtureFinding {
  gate: string;
  kind: string;
  ecosystem?: string;
  package?: string;
}

interface FixtureChange {
  key: string;
  job: string;
  revision: number;
  tier: string;
  model: string;
  provider: string | null;
  cause: string;
  parent?: string;
  at: string;
  latencyMs: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  /** tests, dependencies, complexity (with score), error-contract, static-analysis; absent = the gate did not run. */
  gates: { tests?: GateStatus; deps?: GateStatus; complexity?: [GateStatus, number | null]; ec?: GateStatus; sa?: GateStatus };
  findings?: FixtureFinding[];
  review?: "approve" | "reject" | "reroute";
  /** Produced by the recorded (replay) provider. */
  recorded?: boolean;
  /** The generation failed before producing a change: no diff. */
  failed?: boolean;
  /** The diff is identical to this earlier revision's (same job). */
  sameDiffAs?: string;
}

export const FIXTURE_REPOSITORIES: FixtureRepository[] = [
  { key: "R1", name: "web", ecosystems: ["npm"] },
  { key: "R2", name: "ml", ecosystems: ["pypi"] },
  { key: "R3", name: "full", ecosystems: ["npm", "pypi"] },
];

export const FIXTURE_PROVIDERS = [
  { name: "p-fast", tier: "fast", model: "fast-1", pricePer1kInput: 0.5, pricePer1kOutput: 1.5 },
  { name: "p-acc", tier: "accurate", model: "acc-1", pricePer1kInput: 3, pricePer1kOutput: 15 },
  { name: "p-local", tier: "local", model: "local-1", pricePer1kInput: 0.1, pricePer1kOutput: 0.2 },
];

export const FIXTURE_JOBS: FixtureJob[] = [
  { key: "J1", repo: "R1", routedTier: "fast", status: "merged", at: "2026-03-02T10:00:00Z", rerouteCount: 1, decisionMinutes: 60 },
  { key: "J2", repo: "R1", routedTier: "fast", status: "merged", at: "2026-03-05T09:00:00Z", rerouteCount: 1, decisionMinutes: 30 },
  { key: "J3", repo: "R2", routedTier: "fast", status: "rejected", at: "2026-03-06T09:00:00Z", rerouteCount: 0, decisionMinutes: 10 },
  { key: "J4", repo: "R3", routedTier: "accurate", status: "merged", at: "2026-03-08T09:00:00Z", rerouteCount: 2, decisionMinutes: 120 },
  { key: "J5", repo: "R3", routedTier: "local", status: "merged", at: "2026-03-10T09:00:00Z", rerouteCount: 1, decisionMinutes: 45 },
  { key: "J6", repo: "R1", routedTier: "fast", status: "merged", at: "2026-03-12T09:00:00Z", rerouteCount: 0, decisionMinutes: 20 },
  { key: "J7", repo: "R1", routedTier: "fast", status: "rejected", at: "2026-03-14T09:00:00Z", rerouteCount: 0, decisionMinutes: 15 },
  { key: "J8", repo: "R2", routedTier: "local", status: "merged", at: "2026-03-15T09:00:00Z", rerouteCount: 0, decisionMinutes: 5 },
  { key: "J9", repo: "R2", routedTier: "accurate", status: "merged", at: "2026-03-16T09:00:00Z", rerouteCount: 0, decisionMinutes: 90 },
  { key: "J10", repo: "R3", routedTier: "fast", status: "merged", at: "2026-03-18T09:00:00Z", rerouteCount: 0, decisionMinutes: 25 },
  { key: "J11", repo: "R1", routedTier: "local", status: "awaiting_review", at: "2026-03-20T09:00:00Z", rerouteCount: 0, decisionMinutes: "ready" },
  { key: "J12", repo: "R3", routedTier: "accurate", status: "merged", at: "2026-03-22T09:00:00Z", rerouteCount: 0, decisionMinutes: 35 },
  { key: "J13", repo: "R2", routedTier: "fast", status: "gating", at: "2026-03-25T09:00:00Z", rerouteCount: 0, decisionMinutes: null },
  { key: "J14", repo: "R1", routedTier: "fast", status: "merged", at: "2026-03-28T09:00:00Z", rerouteCount: 0, decisionMinutes: 40 },
  { key: "J15", repo: "R2", routedTier: null, status: "queued", at: "2026-03-29T09:00:00Z", rerouteCount: 0, decisionMinutes: null },
  // Answered by a replay of a recording (a demo): counted only with replays included.
  { key: "J18", repo: "R1", routedTier: "fast", status: "merged", at: "2026-03-26T09:00:00Z", rerouteCount: 0, decisionMinutes: 5 },
  // Outside the 30-day window:
  { key: "J16", repo: "R1", routedTier: "fast", status: "rejected", at: "2026-02-10T09:00:00Z", rerouteCount: 0, decisionMinutes: 50 },
  { key: "J17", repo: "R2", routedTier: "accurate", status: "merged", at: "2025-12-01T09:00:00Z", rerouteCount: 0, decisionMinutes: 70 },
];

const NF = (ecosystem: string, pkg: string): FixtureFinding => ({ gate: "dependencies", kind: "not-found", ecosystem, package: pkg });
const VNF = (ecosystem: string, pkg: string): FixtureFinding => ({ gate: "dependencies", kind: "version-not-found", ecosystem, package: pkg });

export const FIXTURE_CHANGES: FixtureChange[] = [
  { key: "C1", job: "J1", revision: 1, tier: "fast", model: "fast-1", provider: "p-fast", cause: "initial", at: "2026-03-02T10:05:00Z",
    latencyMs: 1000, promptTokens: 1000, completionTokens: 500,
    gates: { tests: "pass", deps: "fail", complexity: ["pass", 4], ec: "pass", sa: "fail" },
    findings: [NF("npm", "left-padd"), { gate: "static-analysis", kind: "invented-member" }, { gate: "static-analysis", kind: "warning" }] },
  { key: "C2", job: "J1", revision: 2, tier: "accurate", model: "acc-1", provider: "p-acc", cause: "auto-dependency", parent: "C1", at: "2026-03-02T10:30:00Z",
    latencyMs: 5000, promptTokens: 2000, completionTokens: 1000,
    gates: { tests: "pass", deps: "pass", complexity: ["pass", 6], ec: "pass", sa: "pass" }, review: "approve" },
  { key: "C3", job: "J2", revision: 1, tier: "fast", model: "fast-1", provider: "p-fast", cause: "initial", at: "2026-03-05T09:05:00Z",
    latencyMs: 1200, promptTokens: 800, completionTokens: 400,
    gates: { tests: "pass", deps: "pass", complexity: ["fail", 14], ec: "skipped", sa: "fail" },
    findings: [{ gate: "complexity", kind: "rose" }, { gate: "static-analysis", kind: "error" }] },
  { key: "C4", job: "J2", revision: 2, tier: "accurate", model: "acc-1", provider: "p-acc", cause: "auto-complexity", parent: "C3", at: "2026-03-05T09:20:00Z",
    latencyMs: 6000, promptTokens: 1500, completionTokens: 700,
    gates: { tests: "pass", deps: "pass", complexity: ["pass", 9], ec: "pass" }, review: "approve" },
  { key: "C5", job: "J3", revision: 1, tier: "fast", model: "fast-1", provider: "p-fast", cause: "initial", at: "2026-03-06T09:05:00Z",
    latencyMs: 900, promptTokens: 600, completionTokens: 300,
    gates: { tests: "fail", deps: "fail", complexity: ["skipped", null], ec: "skipped" },
    findings: [NF("pypi", "reqeusts"), VNF("pypi", "numpy")], review: "reject" },
  { key: "C6", job: "J4", revision: 1, tier: "accurate", model: "acc-1", provider: "p-acc", cause: "initial", at: "2026-03-08T09:05:00Z",
    latencyMs: 4000, promptTokens: 3000, completionTokens: 1500,
    gates: { tests: "pass", deps: "pass", complexity: ["fail", 22], ec: "pass", sa: "error" } },
  { key: "C7", job: "J4", revision: 2, tier: "accurate", model: "acc-1", provider: "p-acc", cause: "auto-complexity", parent: "C6", at: "2026-03-08T09:30:00Z",
    latencyMs: 4500, promptTokens: 3000, completionTokens: 1200,
    gates: { tests: "pass", deps: "pass", complexity: ["fail", 12], ec: "error" }, review: "reroute" },
  { key: "C8", job: "J4", revision: 3, tier: "local", model: "local-1", provider: null, cause: "reviewer", parent: "C7", at: "2026-03-08T10:00:00Z",
    latencyMs: 2000, promptTokens: 500, completionTokens: 250,
    gates: { tests: "pass", deps: "pass", complexity: ["warn", 8], ec: "pass" }, review: "approve" },
  { key: "C9", job: "J5", revision: 1, tier: "local", model: "local-1", provider: "p-local", cause: "initial", at: "2026-03-10T09:05:00Z",
    latencyMs: 3000, promptTokens: 400, completionTokens: 200,
    gates: { tests: "pass", deps: "fail", complexity: ["pass", 3], ec: "fail", sa: "skipped" },
    findings: [NF("npm", "left-padd"), NF("npm", "fastjsonx"), { gate: "error-contract", kind: "changed" }], review: "reroute" },
  { key: "C10", job: "J5", revision: 2, tier: "accurate", model: "acc-1", provider: "p-acc", cause: "reviewer", parent: "C9", at: "2026-03-10T09:40:00Z",
    latencyMs: 5500, promptTokens: 2500, completionTokens: 1100,
    gates: { tests: "pass", deps: "pass", complexity: ["pass", 5], ec: "pass" }, review: "approve" },
  { key: "C11", job: "J6", revision: 1, tier: "fast", model: "fast-1", provider: "p-fast", cause: "initial", at: "2026-03-12T09:05:00Z",
    latencyMs: 1100, promptTokens: 700, completionTokens: 350,
    gates: { tests: "pass", deps: "warn", complexity: ["pass", 2], ec: "pass", sa: "pass" },
    findings: [{ gate: "dependencies", kind: "undeclared", ecosystem: "npm", package: "lodash" }], review: "approve" },
  { key: "C12", job: "J7", revision: 1, tier: "fast", model: "fast-1", provider: "p-fast", cause: "initial", at: "2026-03-14T09:05:00Z",
    latencyMs: 1300, promptTokens: 900, completionTokens: 450,
    gates: { tests: "error", deps: "fail", complexity: ["pass", 7], ec: "fail" }, findings: [VNF("npm", "react")], review: "reject" },
  { key: "C13", job: "J8", revision: 1, tier: "local", model: "local-1", provider: "p-local", cause: "initial", at: "2026-03-15T09:05:00Z",
    latencyMs: 2500, promptTokens: 450, completionTokens: 220,
    gates: { tests: "pass", deps: "pass", complexity: ["warn", 10], ec: "pass" }, review: "approve" },
  { key: "C14", job: "J9", revision: 1, tier: "accurate", model: "acc-1", provider: "p-acc", cause: "initial", at: "2026-03-16T09:05:00Z",
    latencyMs: 4200, promptTokens: 2800, completionTokens: 1300,
    gates: { tests: "pass", deps: "pass", complexity: ["fail", 16], ec: "pass" }, review: "approve" },
  { key: "C15", job: "J10", revision: 1, tier: "fast", model: "fast-1", provider: "p-fast", cause: "initial", at: "2026-03-18T09:05:00Z",
    latencyMs: 800, promptTokens: 750, completionTokens: 380,
    gates: { tests: "pass", deps: "pass", complexity: ["pass", 1], ec: "skipped" }, review: "approve" },
  { key: "C16", job: "J10", revision: 2, tier: "fast", model: "fast-1", provider: "p-fast", cause: "conflict", parent: "C15", at: "2026-03-18T11:00:00Z",
    latencyMs: 850, promptTokens: 760, completionTokens: 390,
    gates: { tests: "pass", deps: "pass", complexity: ["pass", 1], ec: "skipped" }, review: "approve" },
  { key: "C17", job: "J11", revision: 1, tier: "local", model: "local-1", provider: null, cause: "initial", at: "2026-03-20T09:05:00Z",
    latencyMs: 3500, promptTokens: null, completionTokens: null,
    gates: { tests: "pass", deps: "pass", complexity: ["skipped", null], ec: "skipped" } },
  { key: "C18", job: "J12", revision: 1, tier: "accurate", model: "acc-1", provider: "p-acc", cause: "initial", at: "2026-03-22T09:05:00Z",
    latencyMs: null, promptTokens: 2000, completionTokens: 900,
    gates: { tests: "pass", deps: "pass", complexity: ["pass", 10], ec: "pass" }, review: "approve" },
  { key: "C19", job: "J13", revision: 1, tier: "fast", model: "fast-1", provider: "p-fast", cause: "initial", at: "2026-03-25T09:05:00Z",
    latencyMs: 1000, promptTokens: 650, completionTokens: 320, gates: { tests: "pass" } },
  { key: "C20", job: "J14", revision: 1, tier: "fast", model: "fast-1", provider: "p-fast", cause: "initial", at: "2026-03-28T09:05:00Z",
    latencyMs: 1150, promptTokens: 820, completionTokens: 410,
    gates: { tests: "pass", deps: "pass", complexity: ["pass", 5], ec: "pass" }, review: "approve" },
  // Not counted by default: a replay, a failed generation, a revision identical to an earlier one.
  { key: "C23", job: "J18", revision: 1, tier: "fast", model: "fast-1", provider: "recorded", cause: "initial", at: "2026-03-26T09:05:00Z",
    latencyMs: 12, promptTokens: 900, completionTokens: 450, recorded: true,
    gates: { tests: "pass", deps: "fail", complexity: ["pass", 3], ec: "pass" }, findings: [NF("npm", "axios-v2")], review: "approve" },
  { key: "C24", job: "J15", revision: 1, tier: "fast", model: "(choosing)", provider: null, cause: "initial", at: "2026-03-29T09:05:00Z",
    latencyMs: null, promptTokens: null, completionTokens: null, failed: true, gates: {} },
  { key: "C25", job: "J6", revision: 2, tier: "fast", model: "fast-1", provider: "p-fast", cause: "conflict", parent: "C11", at: "2026-03-12T10:00:00Z",
    latencyMs: 1050, promptTokens: 700, completionTokens: 350, sameDiffAs: "C11",
    gates: { tests: "pass", deps: "warn", complexity: ["pass", 2], ec: "pass", sa: "pass" },
    findings: [{ gate: "dependencies", kind: "undeclared", ecosystem: "npm", package: "lodash" }], review: "approve" },
  // Outside the 30-day window:
  { key: "C21", job: "J16", revision: 1, tier: "fast", model: "fast-1", provider: "p-fast", cause: "initial", at: "2026-02-10T09:05:00Z",
    latencyMs: 700, promptTokens: 500, completionTokens: 250,
    gates: { tests: "pass", deps: "fail" }, findings: [NF("npm", "ghost-lib")], review: "reject" },
  { key: "C22", job: "J17", revision: 1, tier: "accurate", model: "acc-1", provider: "p-acc", cause: "initial", at: "2025-12-01T09:05:00Z",
    latencyMs: 9000, promptTokens: 4000, completionTokens: 2000,
    gates: { tests: "pass", deps: "fail" }, findings: [NF("pypi", "old-ghost")], review: "approve" },
];

export interface StatsFixture {
  now: Date;
  /** Database ids by fixture key (R1, J1, C1, …). */
  ids: Record<string, string>;
  /** Fixture key by database id. */
  keyOf(id: string): string;
}

const MINUTE = 60_000;

/** A small unified diff that differs per change key. */
function fixtureDiff(key: string): string {
  return `diff --git a/src/${key}.ts b/src/${key}.ts\n--- a/src/${key}.ts\n+++ b/src/${key}.ts\n@@ -0,0 +1 @@\n+export const change = "${key}";\n`;
}

/** Inserts the fixture into an empty, migrated database. */
export async function insertStatsFixture(db: Db): Promise<StatsFixture> {
  const ids: Record<string, string> = {};
  const reviewer = await db.user.create({ data: { email: "lead@stats.test", name: "Lead", role: "lead" } });
  for (const r of FIXTURE_REPOSITORIES) {
    const row = await db.repository.create({ data: { name: r.name, path: `/srv/${r.name}`, ecosystems: r.ecosystems } });
    ids[r.key] = row.id;
  }
  for (const p of FIXTURE_PROVIDERS) {
    await db.provider.create({ data: { ...p, baseUrl: "http://127.0.0.1:9/v1" } });
  }
  for (const j of FIXTURE_JOBS) {
    const at = new Date(j.at);
    const ready = j.decisionMinutes === null ? null : new Date(at.getTime() + 3 * 60 * MINUTE);
    const decided = typeof j.decisionMinutes === "number" && ready ? new Date(ready.getTime() + j.decisionMinutes * MINUTE) : null;
    const row = await db.job.create({
      data: {
        title: `Job ${j.key}`,
        instruction: "fixture",
        targetPaths: [],
        repositoryId: ids[j.repo],
        submitterId: reviewer.id,
        routedTier: j.routedTier,
        status: j.status,
        rerouteCount: j.rerouteCount,
        readyForReviewAt: ready,
        decidedAt: decided,
        createdAt: at,
      },
    });
    ids[j.key] = row.id;
  }
  for (const c of FIXTURE_CHANGES) {
    const at = new Date(c.at);
    const row = await db.change.create({
      data: {
        jobId: ids[c.job],
        revision: c.revision,
        tier: c.tier,
        model: c.model,
        providerName: c.provider,
        recorded: c.recorded ?? false,
        baseCommit: "0".repeat(40),
        diff: c.failed ? "" : fixtureDiff(c.sameDiffAs ?? c.key),
        files: [],
        latencyMs: c.latencyMs,
        promptTokens: c.promptTokens,
        completionTokens: c.completionTokens,
        cause: c.cause,
        parentChangeId: c.parent ? ids[c.parent] : null,
        createdAt: at,
      },
    });
    ids[c.key] = row.id;
    const gateAt = new Date(at.getTime() + MINUTE);
    const results: [string, GateStatus, number | null][] = [];
    if (c.gates.tests) results.push(["tests", c.gates.tests, null]);
    if (c.gates.deps) results.push(["dependencies", c.gates.deps, null]);
    if (c.gates.complexity) results.push(["complexity", c.gates.complexity[0], c.gates.complexity[1]]);
    if (c.gates.ec) results.push(["error-contract", c.gates.ec, null]);
    if (c.gates.sa) results.push(["static-analysis", c.gates.sa, null]);
    const resultIds: Record<string, string> = {};
    for (const [gate, status, score] of results) {
      const r = await db.gateResult.create({
        data: { changeId: row.id, gate, status, score, summary: `${gate} ${status}`, findings: [], durationMs: 10, createdAt: gateAt },
      });
      resultIds[gate] = r.id;
    }
    for (const f of c.findings ?? []) {
      const gateResultId = resultIds[f.gate];
      if (!gateResultId) throw new Error(`fixture ${c.key}: finding for gate ${f.gate} without a result`);
      await db.gateFinding.create({
        data: {
          gateResultId,
          changeId: row.id,
          gate: f.gate,
          kind: f.kind,
          ecosystem: f.ecosystem ?? null,
          package: f.package ?? null,
          file: "src/index.ts",
          line: 1,
          createdAt: gateAt,
        },
      });
    }
    if (c.review) {
      await db.review.create({
        data: {
          jobId: ids[c.job],
          changeId: row.id,
          reviewerId: reviewer.id,
          decision: c.review,
          createdAt: new Date(at.getTime() + 30 * MINUTE),
        },
      });
    }
  }
  const byId = new Map(Object.entries(ids).map(([k, v]) => [v, k]));
  return { now: FIXTURE_NOW, ids, keyOf: (id) => byId.get(id) ?? id };
}
