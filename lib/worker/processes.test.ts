/**
 * Reliability with real worker processes (lib/worker/testing/test-worker.ts): crashes, shutdown and
 * parallel workers against real SQLite and PostgreSQL databases.
 */
import { describe, it, expect, beforeAll, afterAll, afterEach } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openTestDb, testDatabases, type TestDb } from "../db/testing";
import { bulkJobs, makeJob, seedOwner, type Owner } from "../queue/testing/fixtures";
import { sleep } from "./run-worker";
import { killAllWorkers, spawnTestWorker, type SpawnedWorker } from "./testing/spawn-worker";
import { readExecRecords, type ExecRecord } from "./testing/test-pipeline";

const LEASE_MS = 1_000;

async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

interface Interval {
  jobId: string;
  step: string;
  pid: number;
  start: number;
  end: number;
  phase: "end" | "aborted" | "killed";
}

/** Pairs start/end(or aborted) records per process; an execution cut off by a kill ends at the kill time. */
function intervals(records: ExecRecord[], killedAt: Map<number, number>): Interval[] {
  const open = new Map<string, ExecRecord>();
  const out: Interval[] = [];
  for (const r of [...records].sort((a, b) => a.t - b.t)) {
    const key = `${r.pid}|${r.jobId}|${r.step}`;
    if (r.phase === "start") open.set(key, r);
    else {
      const s = open.get(key)!;
      open.delete(key);
      out.push({ jobId: r.jobId, step: r.step, pid: r.pid, start: s.t, end: r.t, phase: r.phase });
    }
  }
  for (const s of open.values()) {
    const end = killedAt.get(s.pid);
    if (end === undefined) throw new Error(`execution of ${s.jobId}/${s.step} by live pid ${s.pid} never ended`);
    out.push({ jobId: s.jobId, step: s.step, pid: s.pid, start: s.t, end, phase: "killed" });
  }
  return out;
}

/** No two executions of the same job (any step) overlap in time. */
function overlapsPerJob(list: Interval[]): string[] {
  const byJob = new Map<string, Interval[]>();
  for (const i of list) byJob.set(i.jobId, [...(byJob.get(i.jobId) ?? []), i]);
  const problems: string[] = [];
  for (const [jobId, xs] of byJob) {
    xs.sort((a, b) => a.start - b.start);
    for (let k = 1; k < xs.length; k++) {
      if (xs[k].start < xs[k - 1].end) problems.push(`${jobId}: ${xs[k - 1].step}@${xs[k - 1].pid} overlaps ${xs[k].step}@${xs[k].pid}`);
    }
  }
  return problems;
}

async function completionsPerJob(t: TestDb): Promise<Map<string, number>> {
  const rows = await t.db.auditEvent.groupBy({ by: ["subjectId"], where: { action: "test.completed" }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.subjectId, r._count._all]));
}

async function stopGracefully(workers: SpawnedWorker[]): Promise<void> {
  for (const w of workers) w.kill("SIGTERM");
  const results = await Promise.all(workers.map((w) => w.exited));
  for (const [i, r] of results.entries()) expect(r, workers[i].output().slice(-2000)).toEqual({ code: 0, signal: null });
}

describe.each(testDatabases())("worker processes on %s", (provider) => {
  let t: TestDb;
  let owner: Owner;
  let execDir: string;

  beforeAll(async () => {
    t = await openTestDb(provider);
    owner = await seedOwner(t.db);
  });
  afterEach(async () => {
    await killAllWorkers();
  });
  afterAll(async () => {
    await killAllWorkers();
    await t?.close();
    if (execDir) fs.rmSync(execDir, { recursive: true, force: true });
  });

  function worker(extra: Record<string, string> = {}): SpawnedWorker {
    execDir ??= fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-exec-"));
    return spawnTestWorker({
      DATABASE_URL: t.url,
      GATEHOUSE_LEASE_MS: String(LEASE_MS),
      GATEHOUSE_HEARTBEAT_MS: "200",
      GATEHOUSE_POLL_MS: "50",
      GATEHOUSE_RETRY_DELAY_MS: "0",
      GATEHOUSE_TEST_EXEC_DIR: execDir,
      ...extra,
    });
  }
  const started = (w: SpawnedWorker) => waitFor("worker start", () => w.output().includes('"worker started"'), 20_000);

  async function freshQueue() {
    await killAllWorkers();
    await t.db.auditEvent.deleteMany({});
    await t.db.job.deleteMany({});
    if (execDir) fs.rmSync(execDir, { recursive: true, force: true });
    execDir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-exec-"));
  }

  it("a job whose worker is SIGKILLed mid-step is finished exactly once by another worker", async () => {
    await freshQueue();
    const jobs = await Promise.all([1, 2, 3].map((i) => makeJob(t.db, owner, { title: `job ${i}`, runAfter: new Date(Date.now() - 10) })));
    const a = worker({ GATEHOUSE_TEST_STEP_MS: "1500" });
    const firstGen = await waitFor("worker A to start generating", () =>
      readExecRecords(execDir).find((r) => r.step === "generation" && r.phase === "start"),
    );
    a.kill("SIGKILL");
    const killedAt = Date.now();
    expect(await a.exited).toEqual({ code: null, signal: "SIGKILL" });
    const abandoned = await t.db.job.findUniqueOrThrow({ where: { id: firstGen.jobId } });
    expect(abandoned.status).toBe("generating");
    expect(abandoned.leaseOwner).toBe(firstGen.workerId);

    const b = worker({ GATEHOUSE_TEST_STEP_MS: "100" });
    await waitFor("all jobs to reach review", async () => (await t.db.job.count({ where: { status: "awaiting_review" } })) === 3);
    await stopGracefully([b]);

    const completions = await completionsPerJob(t);
    for (const j of jobs) expect(completions.get(j.id)).toBe(1);
    const toReview = await t.db.auditEvent.findMany({ where: { action: "job.status" } });
    expect(toReview.filter((e) => (e.details as { to: string }).to === "awaiting_review")).toHaveLength(3);

    const records = readExecRecords(execDir);
    const mine = records.filter((r) => r.jobId === firstGen.jobId);
    // Context ran once (A finished it); generation started twice (A was killed in it), ended once (B).
    expect(mine.filter((r) => r.step === "context" && r.phase === "start")).toHaveLength(1);
    const genStarts = mine.filter((r) => r.step === "generation" && r.phase === "start");
    expect(genStarts.map((r) => r.pid)).toEqual([a.pid, b.pid]);
    expect(mine.filter((r) => r.step === "generation" && r.phase === "end").map((r) => r.pid)).toEqual([b.pid]);
    // B could only take the job over once A's last lease had run out.
    expect(genStarts[1].t).toBeGreaterThanOrEqual(abandoned.leaseExpiresAt!.getTime());
    expect(overlapsPerJob(intervals(records, new Map([[a.pid, killedAt]])))).toEqual([]);
    expect((await t.db.job.findUniqueOrThrow({ where: { id: firstGen.jobId } })).attempts).toBe(2);
  });

  it("SIGTERM past the grace period releases the running job and exits 0", async () => {
    await freshQueue();
    const job = await makeJob(t.db, owner, { runAfter: new Date(Date.now() - 10) });
    const w = worker({ GATEHOUSE_TEST_STEP_MS: "60000", GATEHOUSE_GRACE_MS: "300" });
    await waitFor("generation to start", () => readExecRecords(execDir).some((r) => r.step === "generation"));
    w.kill("SIGTERM");
    expect(await w.exited).toEqual({ code: 0, signal: null });
    const row = await t.db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(row).toMatchObject({ status: "queued", attempts: 0, leaseOwner: null, statusReason: "released: worker shutting down" });
    expect(row.runAfter.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it("SIGTERM within the grace period lets the step finish, then exits 0", async () => {
    await freshQueue();
    const job = await makeJob(t.db, owner, { runAfter: new Date(Date.now() - 10) });
    const w = worker({ GATEHOUSE_TEST_STEP_MS: "700", GATEHOUSE_GRACE_MS: "20000" });
    await waitFor("generation to start", () => readExecRecords(execDir).some((r) => r.step === "generation"));
    w.kill("SIGTERM");
    expect(await w.exited).toEqual({ code: 0, signal: null });
    const gen = readExecRecords(execDir).filter((r) => r.step === "generation");
    expect(gen.map((r) => r.phase)).toEqual(["start", "end"]); // the step completed
    const row = await t.db.job.findUniqueOrThrow({ where: { id: job.id } });
    // Its result was kept (generating → gating), then the job went back to the queue for the next worker.
    const moves = (await t.db.auditEvent.findMany({ where: { subjectId: job.id, action: "job.status" }, orderBy: { createdAt: "asc" } })).map(
      (e) => (e.details as { to: string }).to,
    );
    expect(moves).toEqual(["building_context", "generating", "gating", "queued"]);
    expect(row).toMatchObject({ status: "queued", attempts: 0, leaseOwner: null });
  });

  it("one process with GATEHOUSE_WORKER_CONCURRENCY=3 works on three jobs at once, each exactly once", async () => {
    await freshQueue();
    const jobs = await Promise.all([1, 2, 3, 4].map((i) => makeJob(t.db, owner, { title: `job ${i}`, runAfter: new Date(Date.now() - 10) })));
    const w = worker({ GATEHOUSE_TEST_STEP_MS: "2000", GATEHOUSE_WORKER_CONCURRENCY: "3" });
    await waitFor("all jobs to reach review", async () => (await t.db.job.count({ where: { status: "awaiting_review" } })) === 4);
    await stopGracefully([w]);

    const completions = await completionsPerJob(t);
    for (const j of jobs) expect(completions.get(j.id)).toBe(1);
    const records = readExecRecords(execDir);
    expect(new Set(records.map((r) => r.pid))).toEqual(new Set([w.pid]));
    // Three slots, each with its own lease owner id.
    expect(new Set(records.map((r) => r.workerId)).size).toBe(3);
    const runs = intervals(records, new Map());
    expect(overlapsPerJob(runs)).toEqual([]);
    // The slow generation steps of different jobs ran at the same time in this one process.
    const gen = runs.filter((r) => r.step === "generation").sort((a, b) => a.start - b.start);
    const concurrent = gen.filter((g) => gen.some((o) => o !== g && o.start < g.end && g.start < o.end));
    expect(concurrent.length).toBeGreaterThanOrEqual(3);
    expect(JSON.parse(w.output().trim().split("\n").pop()!)).toMatchObject({ stats: { claimed: 4, finished: 4 } });
  });

  const parallel = provider === "postgres" ? { workers: 4, jobs: 500 } : { workers: 2, jobs: 150 };
  it(`${parallel.workers} workers × ${parallel.jobs} jobs: every job processed exactly once, never concurrently`, async () => {
    await freshQueue();
    // No worker dies here, so a lease long enough that a busy 2-core machine cannot stall a worker past it.
    const opts = { GATEHOUSE_TEST_PIPELINE: "short", GATEHOUSE_TEST_STEP_MS: "1", GATEHOUSE_LEASE_MS: "5000" };
    const workers = Array.from({ length: parallel.workers }, () => worker(opts));
    await Promise.all(workers.map(started));
    await bulkJobs(t.db, owner, parallel.jobs);
    await waitFor(
      "all jobs to reach review",
      async () => (await t.db.job.count({ where: { status: "awaiting_review" } })) === parallel.jobs,
      45_000,
    );
    await stopGracefully(workers);

    const ids = (await t.db.job.findMany({ select: { id: true, attempts: true } }));
    const completions = await completionsPerJob(t);
    expect(ids.filter((j) => completions.get(j.id) !== 1)).toEqual([]);
    expect(ids.every((j) => j.attempts === 1)).toBe(true);

    const records = readExecRecords(execDir);
    const starts = new Map<string, number>();
    for (const r of records) if (r.phase === "start") starts.set(r.jobId, (starts.get(r.jobId) ?? 0) + 1);
    expect(starts.size).toBe(parallel.jobs);
    expect([...starts.values()].every((n) => n === 1)).toBe(true);
    expect(overlapsPerJob(intervals(records, new Map()))).toEqual([]);
    expect(records.filter((r) => r.phase === "aborted")).toEqual([]);
    // The work really was shared.
    expect(new Set(records.map((r) => r.pid)).size).toBeGreaterThan(1);
  });

  if (provider === "sqlite") {
    it("2 workers, one SIGKILLed and replaced midway: still exactly once", async () => {
      await freshQueue();
      const opts = { GATEHOUSE_TEST_PIPELINE: "short", GATEHOUSE_TEST_STEP_MS: "5", GATEHOUSE_LEASE_MS: "2000" };
      const a = worker(opts);
      const b = worker(opts);
      await Promise.all([a, b].map(started));
      await bulkJobs(t.db, owner, 100);
      await waitFor("a third of the jobs", async () => (await t.db.job.count({ where: { status: "awaiting_review" } })) >= 33);
      a.kill("SIGKILL");
      const killedAt = Date.now();
      await a.exited;
      const c = worker(opts);
      await waitFor("all jobs to reach review", async () => (await t.db.job.count({ where: { status: "awaiting_review" } })) === 100);
      await stopGracefully([b, c]);

      const completions = await completionsPerJob(t);
      expect(completions.size).toBe(100);
      expect([...completions.values()].every((n) => n === 1)).toBe(true);
      const records = readExecRecords(execDir);
      expect(overlapsPerJob(intervals(records, new Map([[a.pid, killedAt]])))).toEqual([]);
      // Each job's gates ended exactly once (a killed execution has a start but no end).
      expect(records.filter((r) => r.phase === "aborted")).toEqual([]);
      const ends = new Map<string, number>();
      for (const r of records) if (r.phase === "end") ends.set(r.jobId, (ends.get(r.jobId) ?? 0) + 1);
      expect(ends.size).toBe(100);
    });
  }
});
