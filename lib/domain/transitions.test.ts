import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { createDb, type DbHandle } from "../db/client";
import { openTestDb, testDatabases, type TestDb } from "../db/testing";
import { makeJob, seedOwner, type Owner } from "../queue/testing/fixtures";
import { recordAudit, SYSTEM_ACTOR } from "./audit";
import { IllegalTransitionError } from "./job-status";
import { ConflictError, JobNotFoundError, transitionJob } from "./transitions";

describe.each(testDatabases())("transitionJob on %s", (provider) => {
  let t: TestDb;
  // PostgreSQL: a second client (own pool), like another process. SQLite: the same client — a second
  // better-sqlite3 connection in one process would block the event loop in busy_timeout while the first
  // holds the write lock; cross-process SQLite races are covered by the worker process tests.
  let other: DbHandle;
  let owner: Owner;
  const actor = { id: null, label: "tester@example.test" };

  beforeAll(async () => {
    t = await openTestDb(provider);
    other = provider === "postgres" ? createDb(t.url) : t;
    owner = await seedOwner(t.db);
  });
  afterAll(async () => {
    if (other && other !== t) await other.db.$disconnect();
    await t?.close();
  });

  const statusEvents = (jobId: string) =>
    t.db.auditEvent.findMany({ where: { subjectId: jobId, action: "job.status" }, orderBy: { createdAt: "asc" } });

  it("moves the job, bumps the version and writes an audit event", async () => {
    const job = await makeJob(t.db, owner);
    const moved = await transitionJob(t.db, job.id, { from: "queued", to: "building_context", actor, reason: "picked up", stage: "scanning" });
    expect(moved.status).toBe("building_context");
    expect(moved.version).toBe(job.version + 1);
    expect(moved.statusReason).toBe("picked up");
    expect(moved.stage).toBe("scanning");
    const events = await statusEvents(job.id);
    expect(events).toHaveLength(1);
    expect(events[0].actorLabel).toBe(actor.label);
    expect(events[0].subjectType).toBe("job");
    expect(events[0].details).toEqual({ from: "queued", to: "building_context", reason: "picked up" });
  });

  it("refuses illegal moves without writing anything", async () => {
    const job = await makeJob(t.db, owner);
    await expect(transitionJob(t.db, job.id, { to: "approved", actor })).rejects.toBeInstanceOf(IllegalTransitionError);
    const after = await t.db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(after.status).toBe("queued");
    expect(after.version).toBe(job.version);
    expect(await statusEvents(job.id)).toHaveLength(0);
  });

  it("raises ConflictError when from or expectVersion do not match", async () => {
    const job = await makeJob(t.db, owner);
    await expect(transitionJob(t.db, job.id, { from: "gating", to: "awaiting_review", actor })).rejects.toBeInstanceOf(ConflictError);
    await expect(transitionJob(t.db, job.id, { to: "failed", expectVersion: job.version + 7, actor })).rejects.toBeInstanceOf(
      ConflictError,
    );
    await expect(transitionJob(t.db, "nope", { to: "failed", actor })).rejects.toBeInstanceOf(JobNotFoundError);
    // With both from and expectVersion the move skips its read; a stale view still cannot win.
    await expect(
      transitionJob(t.db, job.id, { from: "queued", expectVersion: job.version + 1, to: "failed", actor }),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(transitionJob(t.db, "nope", { from: "queued", expectVersion: 0, to: "failed", actor })).rejects.toBeInstanceOf(
      JobNotFoundError,
    );
    expect((await t.db.job.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("queued");
  });

  it("lets exactly one of several concurrent writers win", async () => {
    const job = await makeJob(t.db, owner);
    // Same starting version, different targets, two connections: the conditional update admits one.
    const results = await Promise.allSettled([
      transitionJob(t.db, job.id, { to: "building_context", expectVersion: job.version, actor }),
      transitionJob(other.db, job.id, { to: "failed", expectVersion: job.version, actor, reason: "cancelled" }),
      transitionJob(t.db, job.id, { to: "gating", expectVersion: job.version, actor }),
      transitionJob(other.db, job.id, { to: "building_context", expectVersion: job.version, actor }),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    for (const r of lost) expect(r.reason).toBeInstanceOf(ConflictError);
    const final = await t.db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(final.version).toBe(job.version + 1);
    expect(await statusEvents(job.id)).toHaveLength(1);
  });

  it("honours a guard (e.g. lease owner)", async () => {
    const job = await makeJob(t.db, owner);
    await t.db.job.update({ where: { id: job.id }, data: { leaseOwner: "w1" } });
    await expect(
      transitionJob(t.db, job.id, { to: "building_context", guard: { leaseOwner: "w2" }, actor }),
    ).rejects.toBeInstanceOf(ConflictError);
    const ok = await transitionJob(t.db, job.id, { to: "building_context", guard: { leaseOwner: "w1" }, actor });
    expect(ok.leaseOwner).toBe("w1"); // running statuses keep their lease
  });

  it("commits effects with the move and rolls both back when effects fail", async () => {
    const job = await makeJob(t.db, owner);
    await expect(
      transitionJob(t.db, job.id, {
        to: "gating",
        actor,
        effects: async (tx) => {
          await recordAudit(tx, { ...SYSTEM_ACTOR, actorLabel: "system", action: "test.effect", subjectType: "job", subjectId: job.id });
          throw new Error("effect failed");
        },
      }),
    ).rejects.toThrow("effect failed");
    const unchanged = await t.db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(unchanged.status).toBe("queued");
    expect(await t.db.auditEvent.count({ where: { subjectId: job.id, action: { in: ["test.effect", "job.status"] } } })).toBe(0);

    await transitionJob(t.db, job.id, {
      to: "gating",
      actor,
      effects: (tx) => recordAudit(tx, { actorLabel: "system", action: "test.effect", subjectType: "job", subjectId: job.id }).then(() => {}),
    });
    expect(await t.db.auditEvent.count({ where: { subjectId: job.id, action: "test.effect" } })).toBe(1);
  });

  it("stamps review and finish times and drops the lease outside running statuses", async () => {
    const job = await makeJob(t.db, owner);
    await t.db.job.update({ where: { id: job.id }, data: { leaseOwner: "w", leaseExpiresAt: new Date(Date.now() + 60_000) } });
    await transitionJob(t.db, job.id, { to: "gating", actor });
    const review = await transitionJob(t.db, job.id, { to: "awaiting_review", actor });
    expect(review.readyForReviewAt).toBeInstanceOf(Date);
    expect(review.leaseOwner).toBeNull();
    expect(review.leaseExpiresAt).toBeNull();
    const rejected = await transitionJob(t.db, job.id, { to: "rejected", actor, reason: "not needed" });
    expect(rejected.decidedAt).toBeInstanceOf(Date);
    expect(rejected.finishedAt).toBeInstanceOf(Date);
    expect((await statusEvents(job.id)).map((e) => (e.details as { to: string }).to)).toEqual(["gating", "awaiting_review", "rejected"]);
  });
});

describe.each(testDatabases())("recordAudit on %s", (provider) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(provider);
  });
  afterAll(async () => t?.close());

  it("appends events and validates them", async () => {
    const e = await recordAudit(t.db, { actorLabel: "system", action: "x.y", subjectType: "job", subjectId: "j1", details: { when: new Date(0) } });
    expect(e.details).toEqual({ when: "1970-01-01T00:00:00.000Z" });
    await expect(recordAudit(t.db, { actorLabel: "", action: "x", subjectType: "job", subjectId: "j1" })).rejects.toThrow();
    expect(await t.db.auditEvent.count()).toBe(1);
  });
});
