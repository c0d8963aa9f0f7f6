import { describe, it, expect, beforeAll, afterAll } from "vitest";
import Database from "better-sqlite3";
import { spawn } from "node:child_process";
import { createDb, type DbHandle } from "../db/client";
import { openTestDb, testDatabases, type TestDb } from "../db/testing";
import { sqliteFilePath } from "../db-url";
import { ConflictError } from "../domain/errors";
import { transitionJob } from "../domain/transitions";
import { claimJob } from "./claim";
import { enqueueJob, InvalidJobInputError } from "./enqueue";
import { heartbeat, releaseJob, setJobStage } from "./lease";
import { completeStep, retryOrFailJob } from "./step-results";
import { configureSqliteBusyTimeout } from "./sql";
import { bulkJobs, jobInput, makeJob, seedOwner, type Owner } from "./testing/fixtures";

const LEASE = 1_000;
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

describe.each(testDatabases())("queue on %s", (provider) => {
  let t: TestDb;
  let owner: Owner;
  beforeAll(async () => {
    t = await openTestDb(provider);
    owner = await seedOwner(t.db);
  });
  afterAll(async () => t?.close());

  /** Each test starts with an empty queue so claims only see its own jobs. */
  async function clearJobs() {
    await t.db.auditEvent.deleteMany({});
    await t.db.job.deleteMany({});
  }

  describe("enqueueJob", () => {
    it("stores the job and a job.created audit event", async () => {
      await clearJobs();
      const runAfter = new Date(Date.now() + 3_600_000);
      const job = await enqueueJob(t.db, jobInput(owner, { title: "  Nightly cleanup ", runAfter, requestedTier: "fast", maxAttempts: 5 }));
      expect(job.status).toBe("queued");
      expect(job.title).toBe("Nightly cleanup");
      expect(job.runAfter.getTime()).toBe(runAfter.getTime());
      expect(job.maxAttempts).toBe(5);
      expect(job.targetPaths).toEqual(["src/a.ts"]);
      const events = await t.db.auditEvent.findMany({ where: { subjectId: job.id } });
      expect(events.map((e) => e.action)).toEqual(["job.created"]);
      expect(events[0].actorId).toBe(owner.userId);
      expect(events[0].details).toMatchObject({ title: "Nightly cleanup", requestedTier: "fast", maxAttempts: 5 });
    });

    it("rejects invalid input and unknown references, writing nothing", async () => {
      await clearJobs();
      const bad = [
        jobInput(owner, { title: "" }),
        jobInput(owner, { targetPaths: ["/etc/passwd"] }),
        jobInput(owner, { targetPaths: ["src/../../x"] }),
        jobInput(owner, { taskType: "huge" as never }),
        jobInput(owner, { source: "email" as never }),
        jobInput(owner, { maxAttempts: 0 }),
        jobInput(owner, { repositoryId: "missing" }),
        jobInput(owner, { submitterId: "missing" }),
      ];
      for (const input of bad) await expect(enqueueJob(t.db, input)).rejects.toBeInstanceOf(InvalidJobInputError);
      expect(await t.db.job.count()).toBe(0);
      expect(await t.db.auditEvent.count()).toBe(0);
    });

    it("takes maxAttempts from the Policy row when the input has none", async () => {
      await t.db.policy.create({ data: { id: "default", requiredGates: [], protectedPaths: [], maxAttempts: 7 } });
      try {
        expect((await makeJob(t.db, owner)).maxAttempts).toBe(7);
      } finally {
        await t.db.policy.delete({ where: { id: "default" } });
      }
      expect((await makeJob(t.db, owner)).maxAttempts).toBe(3);
    });
  });

  describe("claimJob", () => {
    it("claims due jobs by runAfter then createdAt, and not before runAfter", async () => {
      await clearJobs();
      const now = new Date();
      const later = await makeJob(t.db, owner, { title: "later", runAfter: at(now, 60_000) });
      const second = await makeJob(t.db, owner, { title: "second", runAfter: at(now, -1_000) });
      const first = await makeJob(t.db, owner, { title: "first", runAfter: at(now, -5_000) });
      const third = await makeJob(t.db, owner, { title: "third", runAfter: at(now, -1_000) }); // same runAfter, created after `second`

      const order: string[] = [];
      for (;;) {
        const job = await claimJob(t, "w1", 600_000, { now });
        if (!job) break;
        order.push(job.id);
        expect(job).toEqual(await t.db.job.findUniqueOrThrow({ where: { id: job.id } }));
        expect(job.leaseOwner).toBe("w1");
        expect(job.attempts).toBe(1);
        expect(job.status).toBe("queued");
        expect(job.leaseExpiresAt!.getTime()).toBe(now.getTime() + 600_000);
      }
      const titles = new Map([first, second, third, later].map((j) => [j.id, j.title]));
      expect(order.map((id) => titles.get(id))).toEqual(["first", "second", "third"]);
      // The row the claim returns is typed exactly like Prisma's own read of it.
      const claimedRow = await t.db.job.findUniqueOrThrow({ where: { id: first.id } });
      expect(claimedRow.leaseOwner).toBe("w1");
      // The overnight job becomes due once its time has come.
      const due = await claimJob(t, "w1", 600_000, { now: at(now, 61_000) });
      expect(due?.id).toBe(later.id);
    });

    it("does not hand a leased job to another worker until the lease expires", async () => {
      await clearJobs();
      const now = new Date();
      const job = await makeJob(t.db, owner, { runAfter: at(now, -1) });
      const a = await claimJob(t, "A", LEASE, { now });
      expect(a?.id).toBe(job.id);
      await transitionJob(t.db, job.id, { to: "building_context", actor: { label: "A" } });
      expect(await claimJob(t, "B", LEASE, { now: at(now, LEASE - 1) })).toBeNull();

      const b = await claimJob(t, "B", LEASE, { now: at(now, LEASE + 1) });
      expect(b?.id).toBe(job.id);
      expect(b?.status).toBe("building_context"); // resumes where A stopped
      expect(b?.attempts).toBe(2);
      expect(await heartbeat(t.db, job.id, "A", LEASE)).toBe(false);
      expect(await heartbeat(t.db, job.id, "B", LEASE)).toBe(true);
      expect(await setJobStage(t.db, job.id, "A", "zombie progress")).toBe(false);
      // A's late attempt to move the job on is refused.
      await expect(
        completeStep(t.db, { jobId: job.id, workerId: "A", expectVersion: a!.version + 1, to: "generating" }),
      ).rejects.toBeInstanceOf(ConflictError);
      const moved = await completeStep(t.db, { jobId: job.id, workerId: "B", expectVersion: b!.version, to: "generating" });
      expect(moved.status).toBe("generating");
      expect(moved.leaseOwner).toBe("B");
    });

    it("fails a job whose workers kept losing it once attempts are used up", async () => {
      await clearJobs();
      const now = new Date();
      const job = await makeJob(t.db, owner, { maxAttempts: 2, runAfter: at(now, -1) });
      const next = await makeJob(t.db, owner, { runAfter: at(now, 0) });
      expect((await claimJob(t, "A", LEASE, { now }))?.id).toBe(job.id);
      await transitionJob(t.db, job.id, { to: "building_context", actor: { label: "A" } });
      expect((await claimJob(t, "B", LEASE, { now: at(now, 2 * LEASE) }))?.id).toBe(job.id);
      // B dies too. The third claim fails the job instead and moves on to the next one.
      const c = await claimJob(t, "C", LEASE, { now: at(now, 4 * LEASE) });
      expect(c?.id).toBe(next.id);
      const failed = await t.db.job.findUniqueOrThrow({ where: { id: job.id } });
      expect(failed.status).toBe("failed");
      expect(failed.statusReason).toBe("worker lost the job 2 times (last lease owner B)");
      expect(failed.leaseOwner).toBeNull();
      expect(failed.attempts).toBe(2);
      const ev = await t.db.auditEvent.findFirstOrThrow({ where: { subjectId: job.id, action: "job.status" }, orderBy: { createdAt: "desc" } });
      expect(ev.details).toMatchObject({ from: "building_context", to: "failed", lastLeaseOwner: "B" });
    });

    it("resumes an abandoned running job before queued ones", async () => {
      await clearJobs();
      const now = new Date();
      const queued = await makeJob(t.db, owner, { runAfter: at(now, -60_000) });
      const abandoned = await makeJob(t.db, owner, { runAfter: at(now, -1_000) });
      await t.db.job.update({ where: { id: abandoned.id }, data: { status: "gating", attempts: 1, leaseOwner: "dead", leaseExpiresAt: at(now, -1) } });
      expect((await claimJob(t, "A", LEASE, { now }))?.id).toBe(abandoned.id);
      expect((await claimJob(t, "A", LEASE, { now }))?.id).toBe(queued.id);
    });

    it("fails a queued job that has no attempts left (e.g. maxAttempts lowered) instead of running it", async () => {
      await clearJobs();
      const now = new Date();
      const over = await makeJob(t.db, owner, { runAfter: at(now, -2_000) });
      await t.db.job.update({ where: { id: over.id }, data: { attempts: 3, maxAttempts: 3 } });
      const next = await makeJob(t.db, owner, { runAfter: at(now, -1_000) });
      expect((await claimJob(t, "A", LEASE, { now }))?.id).toBe(next.id);
      expect(await t.db.job.findUniqueOrThrow({ where: { id: over.id } })).toMatchObject({
        status: "failed",
        attempts: 3,
        statusReason: "attempts exhausted (3 of 3)",
        leaseOwner: null,
      });
    });

    it("hands out each job once to concurrent claimers", async () => {
      await clearJobs();
      await bulkJobs(t.db, owner, 60);
      // PostgreSQL: three clients with their own pools race for real. SQLite: in-process claims share
      // one connection (cross-process SQLite claims are covered by the worker process tests).
      const clients: DbHandle[] = provider === "postgres" ? [t, createDb(t.url), createDb(t.url)] : [t, t, t];
      try {
        const claimed = await Promise.all(
          clients.map(async (c, i) => {
            const ids: string[] = [];
            for (let job = await claimJob(c, `w${i}`, 60_000); job; job = await claimJob(c, `w${i}`, 60_000)) ids.push(job.id);
            return ids;
          }),
        );
        const all = claimed.flat();
        expect(all).toHaveLength(60);
        expect(new Set(all).size).toBe(60);
        const rows = await t.db.job.findMany({ select: { attempts: true, leaseOwner: true } });
        expect(rows.every((r) => r.attempts === 1 && r.leaseOwner !== null)).toBe(true);
      } finally {
        for (const c of clients.slice(1)) if (c !== t) await c.db.$disconnect();
      }
    });
  });

  describe("releasing and waiting", () => {
    it("release gives the job back without using an attempt", async () => {
      await clearJobs();
      const job = await makeJob(t.db, owner, { runAfter: new Date(Date.now() - 10) });
      const claimed = (await claimJob(t, "A", 60_000))!;
      expect(await releaseJob(t.db, job.id, "B", { reason: "not mine" })).toBe(false);
      expect(await releaseJob(t.db, job.id, "A", { reason: "released: worker shutting down" })).toBe(true);
      let row = await t.db.job.findUniqueOrThrow({ where: { id: job.id } });
      expect(row).toMatchObject({ status: "queued", attempts: 0, leaseOwner: null, statusReason: "released: worker shutting down" });
      expect(row.version).toBe(claimed.version);

      // Released from a running status: a real status change, audited.
      const again = (await claimJob(t, "A", 60_000))!;
      const running = await completeStep(t.db, { jobId: job.id, workerId: "A", expectVersion: again.version, to: "building_context" });
      expect(running.attempts).toBe(1);
      expect(await releaseJob(t.db, job.id, "A", { reason: "released: worker shutting down" })).toBe(true);
      row = await t.db.job.findUniqueOrThrow({ where: { id: job.id } });
      expect(row).toMatchObject({ status: "queued", attempts: 0, leaseOwner: null });
      const last = await t.db.auditEvent.findFirstOrThrow({ where: { subjectId: job.id, action: "job.status" }, orderBy: { createdAt: "desc" } });
      expect(last.details).toMatchObject({ from: "building_context", to: "queued", released: true });
    });

    it("a wait puts the job back until its delay passed, attempts unchanged", async () => {
      await clearJobs();
      const job = await makeJob(t.db, owner, { runAfter: new Date(Date.now() - 10) });
      const now = new Date();
      const c = (await claimJob(t, "A", 60_000, { now }))!;
      await completeStep(t.db, { jobId: job.id, workerId: "A", expectVersion: c.version, to: "building_context" });
      expect(await releaseJob(t.db, job.id, "A", { reason: "waiting: no provider for tier fast", delayMs: 30_000, now })).toBe(true);
      const row = await t.db.job.findUniqueOrThrow({ where: { id: job.id } });
      expect(row).toMatchObject({ status: "queued", attempts: 0, statusReason: "waiting: no provider for tier fast" });
      expect(await claimJob(t, "B", 60_000, { now: at(now, 29_000) })).toBeNull();
      expect((await claimJob(t, "B", 60_000, { now: at(now, 30_001) }))?.id).toBe(job.id);
    });

    it("retryOrFailJob requeues with the attempt used, then fails when none are left", async () => {
      await clearJobs();
      const job = await makeJob(t.db, owner, { maxAttempts: 2, runAfter: new Date(Date.now() - 10) });
      for (const attempt of [1, 2]) {
        const now = new Date(Date.now() + attempt * 10_000);
        const c = (await claimJob(t, "A", 60_000, { now }))!;
        expect(c.attempts).toBe(attempt);
        const r = await completeStep(t.db, { jobId: job.id, workerId: "A", expectVersion: c.version, to: "building_context" });
        const after = await retryOrFailJob(t.db, { jobId: job.id, workerId: "A", expectVersion: r.version, error: "boom", retryDelayMs: 0, now });
        if (attempt === 1) expect(after).toMatchObject({ status: "queued", statusReason: "attempt 1 of 2 failed: boom; retrying" });
        else expect(after).toMatchObject({ status: "failed", statusReason: "failed after 2 attempts: boom" });
      }
    });
  });

  if (provider === "sqlite") {
    it("retries a claim that hit SQLITE_BUSY until the lock is free", async () => {
      await clearJobs();
      const job = await makeJob(t.db, owner, { runAfter: new Date(Date.now() - 10) });
      await configureSqliteBusyTimeout(t, 0); // fail fast, so the retry path (not busy_timeout) does the waiting
      const raw = new Database(sqliteFilePath(t.url));
      try {
        raw.exec("BEGIN IMMEDIATE");
        const unlock = setTimeout(() => raw.inTransaction && raw.exec("COMMIT"), 150);
        const claimed = await claimJob(t, "A", 60_000);
        clearTimeout(unlock);
        expect(claimed?.id).toBe(job.id);
      } finally {
        if (raw.inTransaction) raw.exec("ROLLBACK");
        raw.close();
        await configureSqliteBusyTimeout(t, 5_000);
      }
    });

    it("waits in busy_timeout while another process holds the write lock", async () => {
      await clearJobs();
      const job = await makeJob(t.db, owner, { runAfter: new Date(Date.now() - 10) });
      await configureSqliteBusyTimeout(t, 10_000);
      const script = `const D=require("better-sqlite3");const d=new D(process.argv[1]);d.exec("BEGIN IMMEDIATE");
        process.stdout.write("locked\\n");setTimeout(()=>{d.exec("COMMIT");d.close();process.exit(0)},400);`;
      const child = spawn(process.execPath, ["-e", script, sqliteFilePath(t.url)], { cwd: process.cwd(), stdio: ["ignore", "pipe", "inherit"] });
      const exited = new Promise((r) => child.on("close", r));
      await new Promise<void>((resolve) => child.stdout!.once("data", () => resolve()));
      // The lock is held by another process right now; the claim must wait for it rather than fail.
      const claimed = await claimJob(t, "A", 60_000);
      expect(claimed?.id).toBe(job.id);
      await exited;
    });
  }
});
