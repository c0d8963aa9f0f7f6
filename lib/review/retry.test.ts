/**
 * A job no recording covers, through the real worker loop, a real git repository and a real
 * chat-completions server on 127.0.0.1: it fails saying what to do (a real provider for the tier), and a
 * reviewer's Retry — once one is configured — requeues it; the worker then generates and gates it.
 * Refusals (role, stale page, a job that did not fail) change nothing. SQLite and PostgreSQL.
 */
import type http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, testDatabases, type TestDb } from "../db/testing";
import { createTempRepo, type TempRepo } from "../testing/git-repo";
import { deltaEvent, startFakeChatServer, usageEvent, writeSlowly, type FakeChatServer } from "../generation/providers/test-server";
import { enqueueJob } from "../queue";
import { createGenerationPipeline } from "../generation/pipeline";
import { runWorkerUntilIdle } from "../worker/testing/run-until-idle";
import { createPerson, type Person } from "./testing/fixtures";
import { DecisionError } from "./errors";
import { retryJob } from "./retry";
import { REGATE_CAUSE } from "./rerun-gates";
import { transitionJob } from "../domain/transitions";
import { loadJobPage } from "../jobs/job-detail";
import { tierServices } from "../jobs/tier-providers";

const FILES = {
  "package.json": `{"name":"calc","version":"1.0.0","scripts":{"test":"node --test"}}\n`,
  "src/calc.js": `function add(a, b) {\n  return a + b;\n}\nmodule.exports = { add };\n`,
};
const ANSWER = "```js path=src/calc.js\nfunction add(a, b) {\n  return a + b;\n}\nfunction sub(a, b) {\n  return a - b;\n}\nmodule.exports = { add, sub };\n```\n";

async function sse(res: http.ServerResponse, text: string): Promise<void> {
  await writeSlowly(res, [deltaEvent(text), deltaEvent("", "stop"), usageEvent(100, 30), "data: [DONE]\n\n"], 1);
  res.end();
}

async function refusal(p: Promise<unknown>): Promise<DecisionError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(DecisionError);
  return e as DecisionError;
}

describe.each(testDatabases())("retrying a job no recording covers, on %s", (provider) => {
  let t: TestDb;
  let repo: TempRepo;
  let chat: FakeChatServer;
  let submitter: Person;
  let reviewer: Person;
  let repositoryId: string;

  beforeAll(async () => {
    t = await openTestDb(provider);
    repo = createTempRepo(FILES);
    chat = await startFakeChatServer();
    chat.setHandler((_req, res) => sse(res, ANSWER));
    submitter = await createPerson(t.db, "submitter", "Sam");
    reviewer = await createPerson(t.db, "reviewer", "Rita");
    repositoryId = (await t.db.repository.create({ data: { name: "calc", path: repo.dir, defaultBranch: "main", testCommand: "node --test", ecosystems: ["npm"] } })).id;
    // The demo's setup: the local tier is served by the recorded provider only.
    await t.db.provider.create({ data: { name: "recorded-local", tier: "local", kind: "recorded", baseUrl: "recorded://demo", model: "demo-local" } });
  });
  afterAll(async () => {
    await chat?.close();
    repo?.remove();
    await t?.close();
  });

  const pipeline = () => createGenerationPipeline({ testTimeoutMs: 30_000 });
  const jobOf = (id: string) => t.db.job.findUniqueOrThrow({ where: { id }, include: { changes: { include: { gateResults: true } } } });

  it("fails with what to do, and after a real provider is configured a reviewer's Retry gets it generated and gated", async () => {
    const queued = await enqueueJob(t.db, {
      title: "Add sub (not a demo job)", instruction: "Add a sub(a, b) function next to add.", targetPaths: ["src/calc.js"], taskType: "boilerplate",
      risk: "low", repositoryId, submitterId: submitter.id, source: "form", routedTier: "local", routingReason: "routed to local",
    });
    await runWorkerUntilIdle(t, pipeline());
    const failed = await jobOf(queued.id);
    expect(failed.status).toBe("failed");
    expect(failed.statusReason).toBe(
      "No recording covers this job: the local tier is served by the recorded demo provider recorded-local, which only " +
        "replays the demo's jobs. Configure a real provider for the local tier in Settings → Providers, then retry.",
    );
    expect(chat.requests).toHaveLength(0);
    const failure = await t.db.auditEvent.findFirstOrThrow({ where: { subjectId: queued.id, action: "job.status" }, orderBy: { createdAt: "desc" } });
    expect(failure.details).toMatchObject({ to: "failed", code: "no-recording", tier: "local", provider: "recorded-local" });
    // The revision the context step opened produced nothing.
    expect(failed.changes.map((c) => [c.revision, c.diff, c.gateResults.length])).toEqual([[1, "", 0]]);
    // What the Change page gets: the reason with its code and tier (the page links to Settings → Providers).
    expect((await loadJobPage(t.db, queued.id))?.failure).toEqual({ reason: failed.statusReason, code: "no-recording", tier: "local", provider: "recorded-local" });
    // What the New-job form warns about.
    expect(await tierServices(t.db)).toEqual({ local: "recorded", fast: "none", accurate: "none" });

    // Retrying before anything changed would fail the same way, but is allowed: the reviewer decides.
    // Refusals first: they change nothing.
    expect((await refusal(retryJob(t.db, submitter, queued.id, { version: failed.version }))).kind).toBe("forbidden");
    expect((await refusal(retryJob(t.db, reviewer, queued.id, { version: failed.version - 1 }))).kind).toBe("stale");
    expect((await refusal(retryJob(t.db, reviewer, queued.id, {}))).kind).toBe("invalid");
    expect((await jobOf(queued.id)).version).toBe(failed.version);

    // A lead configures a real provider for the tier, ahead of the recorded one.
    await t.db.provider.create({ data: { name: "local-llm", tier: "local", kind: "openai", baseUrl: chat.baseUrl, model: "local-model", priority: -1, timeoutMs: 5000, maxRetries: 0 } });
    expect((await tierServices(t.db)).local).toBe("real");
    const retried = await retryJob(t.db, reviewer, queued.id, { version: failed.version });
    expect(retried).toMatchObject({ status: "queued", attempts: 0, finishedAt: null, statusReason: `retried by ${reviewer.name}` });
    expect(await t.db.change.count({ where: { jobId: queued.id } })).toBe(0);
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { subjectId: queued.id, action: "job.retry" } });
    expect(audit).toMatchObject({ actorId: reviewer.id, actorLabel: reviewer.email });
    expect(audit.details).toMatchObject({ discardedRevision: 1, regate: false, previousReason: failed.statusReason });

    // The job is not failed any more: a second Retry is refused as stale.
    expect((await refusal(retryJob(t.db, reviewer, queued.id, { version: retried.version }))).kind).toBe("stale");

    await runWorkerUntilIdle(t, pipeline());
    const done = await jobOf(queued.id);
    expect(done.status).toBe("awaiting_review");
    expect(done.changes).toHaveLength(1);
    expect(done.changes[0]).toMatchObject({ revision: 1, cause: "initial", providerName: "local-llm", recorded: false });
    expect(done.changes[0].diff).toContain("+function sub(a, b) {");
    expect(done.changes[0].gateResults.length).toBeGreaterThan(0);
    expect((await loadJobPage(t.db, queued.id))?.failure).toBeNull();
    expect(chat.requests).toHaveLength(1);
  });

  it("gates again a revision whose gates did not finish, keeping the revision", async () => {
    const job = await enqueueJob(t.db, {
      title: "Gates crashed", instruction: "Add sub.", targetPaths: ["src/calc.js"], taskType: "simple", risk: "low",
      repositoryId, submitterId: submitter.id, source: "form", routedTier: "local", routingReason: "routed to local",
    });
    const worker = { id: null, label: "worker:test" };
    const gating = await transitionJob(t.db, job.id, {
      from: "queued", to: "gating", actor: worker,
      effects: async (tx) => {
        await tx.change.create({ data: { jobId: job.id, revision: 1, tier: "local", model: "m", baseCommit: repo.git("rev-parse", "main"), diff: "diff --git a/x b/x\n", files: [] } });
      },
    });
    const failed = await transitionJob(t.db, job.id, { from: "gating", to: "failed", expectVersion: gating.version, actor: worker, reason: "gate runner crashed" });
    expect((await loadJobPage(t.db, job.id))?.failure).toEqual({ reason: "gate runner crashed", code: null, tier: null, provider: null });
    const retried = await retryJob(t.db, reviewer, job.id, { version: failed.version });
    expect(retried).toMatchObject({ status: "queued", nextCause: REGATE_CAUSE });
    expect(await t.db.change.count({ where: { jobId: job.id } })).toBe(1);
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { subjectId: job.id, action: "job.retry" } });
    expect(audit.details).toMatchObject({ discardedRevision: null, regate: true, previousReason: "gate runner crashed" });
  });
});
