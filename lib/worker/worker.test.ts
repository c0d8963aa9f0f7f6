import { describe, it, expect, beforeAll, afterAll, beforeEach } from "vitest";
import { openTestDb, testDatabases, type TestDb } from "../db/testing";
import { makeJob, seedOwner, type Owner } from "../queue/testing/fixtures";
import { createDefaultPipeline } from "./default-pipeline";
import { createPipeline, PipelineDefinitionError, type Pipeline } from "./pipeline";
import { ProgressReporter } from "./progress";
import { runWorker, sleep, type RunWorkerOptions } from "./run-worker";
import { outcome, type PipelineStep, type StepContext } from "./steps";

const past = () => new Date(Date.now() - 1_000);

function step(from: PipelineStep["from"], to: PipelineStep["to"], run: (ctx: StepContext) => Promise<ReturnType<typeof outcome.advance>>, name: string = from): PipelineStep {
  return { name, from, to, run };
}

describe.each(testDatabases())("worker on %s", (provider) => {
  let t: TestDb;
  let owner: Owner;
  beforeAll(async () => {
    t = await openTestDb(provider);
    owner = await seedOwner(t.db);
  });
  afterAll(async () => t?.close());
  beforeEach(async () => {
    await t.db.auditEvent.deleteMany({});
    await t.db.job.deleteMany({});
  });

  function opts(pipeline: Pipeline, extra: Partial<RunWorkerOptions> = {}): RunWorkerOptions {
    return {
      handle: t,
      workerId: "w-test",
      pipeline,
      leaseMs: 2_000,
      heartbeatMs: 50,
      pollMs: 20,
      signal: new AbortController().signal,
      exitWhenIdle: true,
      retryDelayMs: 0,
      ...extra,
    };
  }

  const trail = async (jobId: string) =>
    (await t.db.auditEvent.findMany({ where: { subjectId: jobId, action: "job.status" }, orderBy: { createdAt: "asc" } })).map(
      (e) => (e.details as { to: string }).to,
    );

  it("runs a job through every step to awaiting_review", async () => {
    const job = await makeJob(t.db, owner, { runAfter: past() });
    const ran: string[] = [];
    const pipeline = createPipeline([
      step("building_context", "generating", async (ctx) => (ran.push(ctx.job.status), outcome.advance())),
      step("generating", "gating", async (ctx) => (ran.push(ctx.job.status), outcome.advance({ data: { routedTier: "fast" } }))),
      step("gating", "awaiting_review", async (ctx) => (ran.push(ctx.job.status), outcome.finish("awaiting_review", { reason: "gates passed" }))),
    ]);
    const stats = await runWorker(opts(pipeline));
    expect(stats).toMatchObject({ claimed: 1, finished: 1 });
    expect(ran).toEqual(["building_context", "generating", "gating"]);
    const done = await t.db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(done).toMatchObject({ status: "awaiting_review", statusReason: "gates passed", routedTier: "fast", leaseOwner: null, attempts: 1 });
    expect(await trail(job.id)).toEqual(["building_context", "generating", "gating", "awaiting_review"]);
  });

  it("a waiting step puts the job back without using an attempt", async () => {
    const job = await makeJob(t.db, owner, { runAfter: past() });
    const before = Date.now();
    const pipeline = createPipeline([step("building_context", "generating", async () => outcome.wait(60_000, "no provider for tier fast"))]);
    const stats = await runWorker(opts(pipeline));
    expect(stats).toMatchObject({ claimed: 1, waited: 1 });
    const row = await t.db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(row).toMatchObject({ status: "queued", attempts: 0, statusReason: "waiting: no provider for tier fast", leaseOwner: null });
    expect(row.runAfter.getTime()).toBeGreaterThanOrEqual(before + 60_000);
  });

  it("a failing step fails the job with its reason", async () => {
    const job = await makeJob(t.db, owner, { runAfter: past() });
    const pipeline = createPipeline([step("building_context", "generating", async () => outcome.fail("target file is binary"))]);
    expect(await runWorker(opts(pipeline))).toMatchObject({ failed: 1 });
    expect(await t.db.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "failed", statusReason: "target file is binary" });
  });

  it("retries a step that throws, then fails the job when attempts run out", async () => {
    const job = await makeJob(t.db, owner, { runAfter: past(), maxAttempts: 2 });
    let calls = 0;
    const pipeline = createPipeline([
      step("building_context", "generating", async () => {
        calls++;
        throw new Error("provider returned 500");
      }, "context"),
    ]);
    const stats = await runWorker(opts(pipeline));
    expect(calls).toBe(2);
    expect(stats).toMatchObject({ claimed: 2, retried: 1, failed: 1 });
    const row = await t.db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(row).toMatchObject({ status: "failed", attempts: 2, statusReason: "failed after 2 attempts: context: provider returned 500" });
    expect(await trail(job.id)).toEqual(["building_context", "queued", "building_context", "failed"]);
  });

  it("resumes a reclaimed job at the step that owns its status", async () => {
    const job = await makeJob(t.db, owner, { runAfter: past() });
    // A worker died while generating: its lease ran out.
    await t.db.job.update({
      where: { id: job.id },
      data: { status: "generating", attempts: 1, leaseOwner: "dead-worker", leaseExpiresAt: past() },
    });
    const ran: string[] = [];
    const pipeline = createPipeline([
      step("building_context", "generating", async () => (ran.push("context"), outcome.advance())),
      step("generating", "gating", async () => (ran.push("generation"), outcome.advance())),
      step("gating", "awaiting_review", async () => (ran.push("gates"), outcome.advance())),
    ]);
    await runWorker(opts(pipeline));
    expect(ran).toEqual(["generation", "gates"]);
    expect(await t.db.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "awaiting_review", attempts: 2 });
  });

  it("aborts the step and abandons the job when the lease is lost", async () => {
    const job = await makeJob(t.db, owner, { runAfter: past() });
    let sawAbort = false;
    const pipeline = createPipeline([
      step("building_context", "generating", async (ctx) => {
        // Another worker takes the job over (as after an expired lease).
        await t.db.job.update({ where: { id: ctx.job.id }, data: { leaseOwner: "thief", version: { increment: 1 } } });
        await sleep(10_000, ctx.signal);
        sawAbort = ctx.signal.aborted;
        return outcome.advance();
      }),
    ]);
    const stats = await runWorker(opts(pipeline));
    expect(sawAbort).toBe(true);
    expect(stats).toMatchObject({ claimed: 1, lost: 1 });
    const row = await t.db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(row).toMatchObject({ status: "building_context", leaseOwner: "thief" });
    expect(await trail(job.id)).toEqual(["building_context"]);
  });

  it("on shutdown lets the running step finish, then releases the job", async () => {
    const job = await makeJob(t.db, owner, { runAfter: past() });
    const shutdown = new AbortController();
    let secondRan = false;
    const pipeline = createPipeline([
      step("building_context", "generating", async (ctx) => {
        shutdown.abort();
        await sleep(200, ctx.signal); // within the grace period: the signal stays quiet
        expect(ctx.signal.aborted).toBe(false);
        return outcome.advance();
      }),
      step("generating", "gating", async () => ((secondRan = true), outcome.advance())),
    ]);
    const stats = await runWorker(opts(pipeline, { signal: shutdown.signal, graceMs: 5_000, exitWhenIdle: false }));
    expect(stats).toMatchObject({ claimed: 1, released: 1 });
    expect(secondRan).toBe(false);
    expect(await t.db.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({
      status: "queued",
      attempts: 0,
      leaseOwner: null,
      statusReason: "released: worker shutting down",
    });
    expect(await trail(job.id)).toEqual(["building_context", "generating", "queued"]);
  });

  it("on shutdown aborts a step that outlives the grace period and releases the job", async () => {
    const job = await makeJob(t.db, owner, { runAfter: past() });
    const shutdown = new AbortController();
    const pipeline = createPipeline([
      step("building_context", "generating", async (ctx) => {
        shutdown.abort();
        await sleep(30_000, ctx.signal);
        ctx.signal.throwIfAborted();
        return outcome.advance();
      }),
    ]);
    const stats = await runWorker(opts(pipeline, { signal: shutdown.signal, graceMs: 100, exitWhenIdle: false }));
    expect(stats).toMatchObject({ released: 1 });
    expect(await t.db.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "queued", attempts: 0 });
  });

  it("writes step progress to Job.stage", async () => {
    const job = await makeJob(t.db, owner, { runAfter: past() });
    let seen: string | null = null;
    let stageOnEntry: string | null = null;
    const pipeline = createPipeline([
      step("building_context", "generating", async (ctx) => {
        for (let i = 1; i <= 50; i++) ctx.progress(`scanning ${i}/50`);
        await sleep(300);
        seen = (await ctx.db.job.findUniqueOrThrow({ where: { id: ctx.job.id } })).stage;
        return outcome.advance({ stage: "queued for the model" });
      }),
      step("generating", "gating", async (ctx) => ((stageOnEntry = ctx.job.stage), outcome.fail("stop here"))),
    ]);
    await runWorker(opts(pipeline, { progressIntervalMs: 100 }));
    expect(seen).toBe("scanning 50/50");
    expect(stageOnEntry).toBe("queued for the model");
    expect((await t.db.job.findUniqueOrThrow({ where: { id: job.id } })).stage).toBeNull(); // cleared by the next move
  });

  describe("default pipeline", () => {
    it("fails jobs honestly while no generation provider is plugged in", async () => {
      const job = await makeJob(t.db, owner, { runAfter: past() });
      const pipeline = createDefaultPipeline({ buildContext: async () => outcome.advance() });
      await runWorker(opts(pipeline));
      const row = await t.db.job.findUniqueOrThrow({ where: { id: job.id } });
      expect(row.status).toBe("failed");
      expect(row.statusReason).toMatch(/^no generation provider configured/);
      expect(await trail(job.id)).toEqual(["building_context", "generating", "failed"]);
    });

    it("sends patch-intake jobs straight to the gates", async () => {
      const job = await makeJob(t.db, owner, { runAfter: past(), source: "patch" });
      let gated = false;
      const pipeline = createDefaultPipeline({ runGates: async () => ((gated = true), outcome.advance()) });
      await runWorker(opts(pipeline));
      expect(gated).toBe(true);
      expect(await trail(job.id)).toEqual(["gating", "awaiting_review"]);
    });
  });
});

describe("createPipeline", () => {
  const noop = async () => outcome.advance();
  it("rejects steps that contradict the state machine", () => {
    expect(() => createPipeline([])).toThrow(PipelineDefinitionError);
    expect(() => createPipeline([{ name: "x", from: "generating", to: "merged", run: noop }])).toThrow(/not a legal transition/);
    expect(() => createPipeline([{ name: "x", from: "awaiting_review" as never, to: "approved", run: noop }])).toThrow(/not a running status/);
    expect(() =>
      createPipeline([
        { name: "a", from: "gating", to: "awaiting_review", run: noop },
        { name: "b", from: "gating", to: "failed", run: noop },
      ]),
    ).toThrow(/both own gating/);
  });

  it("refuses an entry status a queued job cannot reach", async () => {
    const p = createPipeline([{ name: "g", from: "generating", to: "gating", run: noop }]);
    await expect(Promise.resolve().then(() => p.entryStatus({} as never))).rejects.toThrow(/not reachable/);
  });
});

describe("ProgressReporter", () => {
  it("writes the first report at once and then only the latest per interval", async () => {
    const writes: string[] = [];
    const r = new ProgressReporter(async (s) => void writes.push(s), 80, () => {});
    r.report("a");
    r.report("b");
    r.report("c");
    await sleep(10);
    expect(writes).toEqual(["a"]);
    await sleep(200);
    expect(writes).toEqual(["a", "c"]);
    r.report("d");
    await r.close();
    r.report("e");
    await sleep(150);
    expect(writes).toEqual(["a", "c", "d"]);
  });
});
