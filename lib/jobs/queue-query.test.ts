import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, testDatabases, type TestDb } from "../db/testing";
import { listQueue, QueueQuerySchema, type QueueRow } from "./queue-query";

const STATUSES = ["merged", "awaiting_review", "generating", "queued", "conflict", "rejected", "gating", "failed", "awaiting_review", "approved"];

describe.each(testDatabases())("queue listing on %s", (provider) => {
  let t: TestDb;
  let repoA: string, repoB: string, alice: string, bob: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await openTestDb(provider);
    alice = (await t.db.user.create({ data: { email: `a-${provider}@example.test`, name: "Alice" } })).id;
    bob = (await t.db.user.create({ data: { email: `b-${provider}@example.test`, name: "Bob" } })).id;
    repoA = (await t.db.repository.create({ data: { name: "alpha", path: "/tmp/a", ecosystems: [] } })).id;
    repoB = (await t.db.repository.create({ data: { name: "beta", path: "/tmp/b", ecosystems: [] } })).id;
    const t0 = Date.UTC(2026, 0, 1);
    // 30 jobs, one minute apart, cycling through statuses, repositories, tiers and submitters.
    for (let i = 0; i < 30; i++) {
      const job = await t.db.job.create({
        data: {
          title: i === 7 ? "Fix the LOGIN redirect" : `job number ${i}`,
          instruction: "x",
          targetPaths: [],
          status: STATUSES[i % STATUSES.length],
          routedTier: i % 3 === 0 ? "accurate" : "fast",
          repositoryId: i % 2 ? repoB : repoA,
          submitterId: i % 5 === 0 ? bob : alice,
          createdAt: new Date(t0 + i * 60_000),
        },
      });
      ids[`j${i}`] = job.id;
    }
    // j1 (awaiting review): revision 1 failed complexity, revision 2 passes — not "complexity failing" any more.
    // j11 (awaiting review): its only revision fails complexity.
    const change = async (job: string, revision: number, complexity: string) => {
      const c = await t.db.change.create({
        data: { jobId: ids[job], revision, tier: "fast", model: `m${revision}`, baseCommit: "abc", diff: "", files: [] },
      });
      await t.db.gateResult.create({ data: { changeId: c.id, gate: "tests", status: "pass", score: 100, summary: "ok", findings: [], durationMs: 1 } });
      await t.db.gateResult.create({ data: { changeId: c.id, gate: "complexity", status: complexity, summary: complexity, findings: [], durationMs: 1 } });
    };
    await change("j1", 1, "fail");
    await change("j1", 2, "pass");
    await change("j11", 1, "fail");
    // j21 (awaiting review): tests ran with GATEHOUSE_SANDBOX=off — flagged in the queue.
    const c21 = await t.db.change.create({ data: { jobId: ids.j21, revision: 1, tier: "fast", model: "m1", baseCommit: "abc", diff: "", files: [] } });
    await t.db.gateResult.create({
      data: { changeId: c21.id, gate: "tests", status: "pass", score: 100, summary: "ok", findings: [], details: { sandbox: "none", log: "x" }, durationMs: 1 },
    });
  });

  it("flags gates whose repository code ran without a sandbox", async () => {
    const page = await list({ limit: "100" });
    const byId = new Map(page.rows.map((r) => [r.id, r]));
    expect(byId.get(ids.j21)!.gates).toEqual([{ gate: "tests", status: "pass", score: 100, summary: "ok", unsandboxed: true }]);
    expect(byId.get(ids.j11)!.gates.every((g) => g.unsandboxed === false)).toBe(true);
  });

  it("says why the merge policy blocks a job awaiting review, and nothing for other statuses", async () => {
    const policy = { requiredGates: ["tests", "complexity"], protectedPaths: [], minTestPassRate: 90 };
    await t.db.policy.upsert({ where: { id: "default" }, create: policy, update: policy });
    const page = await list({ limit: "100" });
    const byId = new Map(page.rows.map((r) => [r.id, r]));
    // j1's latest revision passes both required gates: it can be approved.
    expect(byId.get(ids.j1)!.blockedBy).toEqual([]);
    expect(byId.get(ids.j11)!.blockedBy).toEqual(["complexity gate failed: fail"]);
    expect(byId.get(ids.j21)!.blockedBy).toEqual([
      "complexity gate has no result",
      "tests ran without a sandbox (GATEHOUSE_SANDBOX=off): results of unisolated code never meet the policy",
    ]);
    expect(page.rows.filter((r) => r.status !== "awaiting_review").every((r) => r.blockedBy === null)).toBe(true);
  });
  afterAll(async () => t?.close());

  const list = (q: Record<string, string> = {}, opts = {}) => listQueue(t, QueueQuerySchema.parse(q), opts);

  it("puts jobs that need a reviewer first, then work in flight, then finished jobs, newest first in each", async () => {
    const page = await list({ limit: "100" });
    expect(page.rows).toHaveLength(30);
    const groups = page.rows.map((r) => r.group);
    expect([...groups].sort()).toEqual(groups);
    expect(new Set(page.rows.filter((r) => r.group === 0).map((r) => r.status))).toEqual(new Set(["awaiting_review", "conflict"]));
    for (const g of [0, 1, 2]) {
      const times = page.rows.filter((r) => r.group === g).map((r) => r.createdAt);
      expect(times).toEqual([...times].sort().reverse());
    }
    expect(page.total).toBe(30);
    expect(page.nextCursor).toBeNull();
  });

  it("pages with a cursor through every job exactly once, in the same order", async () => {
    const all = (await list({ limit: "100" })).rows.map((r) => r.id);
    for (const limit of ["4", "7", "9"]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let n = 0; n < 20; n++) {
        const page = await list({ limit, ...(cursor ? { cursor } : {}) });
        seen.push(...page.rows.map((r: QueueRow) => r.id));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      expect(seen).toEqual(all);
    }
  });

  it("filters by status, repository, tier, submitter and search", async () => {
    const byStatus = await list({ status: "awaiting_review", limit: "100" });
    expect(byStatus.rows.every((r) => r.status === "awaiting_review")).toBe(true);
    expect(byStatus.total).toBe(6);
    const combo = await list({ repositoryId: repoB, tier: "accurate", submitterId: alice, limit: "100" });
    expect(combo.rows.length).toBeGreaterThan(0);
    for (const r of combo.rows) {
      expect(r.repository.name).toBe("beta");
      expect(r.routedTier).toBe("accurate");
      expect(r.submitter.name).toBe("Alice");
    }
    const search = await list({ q: "login" });
    expect(search.rows.map((r) => r.id)).toEqual([ids.j7]);
    // LIKE wildcards in the search text are literal.
    expect((await list({ q: "job_number" })).rows).toHaveLength(0);
    expect((await list({ q: "%" })).rows).toHaveLength(0);
    expect((await list({ q: ids.j3 })).rows.map((r) => r.id)).toEqual([ids.j3]);
  });

  it("filters by a gate failing on the latest revision and shows that revision's badges", async () => {
    const failing = await list({ gate: "complexity" });
    expect(failing.rows.map((r) => r.id)).toEqual([ids.j11]);
    expect((await list({ gate: "any" })).rows.map((r) => r.id)).toEqual([ids.j11]);
    const j1 = (await list({ limit: "100" })).rows.find((r) => r.id === ids.j1);
    expect(j1).toMatchObject({ revision: 2, model: "m2" });
    expect(j1?.gates).toEqual([
      { gate: "tests", status: "pass", score: 100, summary: "ok", unsandboxed: false },
      { gate: "complexity", status: "pass", score: null, summary: "pass", unsandboxed: false },
    ]);
  });

  it("filters by more failing jobs than a statement has parameters", async () => {
    // 1,200 jobs whose only revision fails complexity: the filter must stay a subquery, not an id list.
    const repo = (await t.db.repository.create({ data: { name: "many", path: "/tmp/many", ecosystems: [] } })).id;
    const jobs = Array.from({ length: 1200 }, (_, i) => ({
      id: `many-${i}`,
      title: `many ${i}`,
      instruction: "x",
      targetPaths: [],
      status: "awaiting_review",
      repositoryId: repo,
      submitterId: alice,
    }));
    await t.db.job.createMany({ data: jobs });
    await t.db.change.createMany({ data: jobs.map((j) => ({ id: `c-${j.id}`, jobId: j.id, revision: 1, tier: "fast", model: "m", baseCommit: "a", diff: "", files: [] })) });
    await t.db.gateResult.createMany({
      data: jobs.map((j) => ({ changeId: `c-${j.id}`, gate: "complexity", status: "fail", summary: "x", findings: [], durationMs: 1 })),
    });
    const page = await list({ gate: "complexity", repositoryId: repo });
    expect(page.total).toBe(1200);
    expect(page.rows).toHaveLength(50);
    expect(page.nextCursor).not.toBeNull();
  });

  it("caps the count", async () => {
    const page = await list({ limit: "5" }, { countCap: 10 });
    expect(page).toMatchObject({ total: 10, totalCapped: true });
    expect(page.rows).toHaveLength(5);
  });

  it("ignores a malformed cursor", async () => {
    const page = await list({ cursor: "not-a-cursor", limit: "3" });
    expect(page.rows.map((r) => r.id)).toEqual((await list({ limit: "3" })).rows.map((r) => r.id));
  });
});
