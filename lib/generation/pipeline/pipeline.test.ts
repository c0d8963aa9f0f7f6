/**
 * The generation pipeline end to end through the real worker loop: a real chat-completions server on
 * 127.0.0.1, a real git repository, real databases. Every provider failure ends as a clear job state.
 */
import { describe, it, expect, beforeAll, afterAll, beforeEach } from "vitest";
import type http from "node:http";
import { openTestDb, testDatabases, type TestDb } from "../../db/testing";
import { createTempRepo, type TempRepo } from "../../testing/git-repo";
import { startFakeChatServer, sendJson, completionBody, deltaEvent, usageEvent, writeSlowly, type FakeChatServer } from "../providers/test-server";
import { startRegistryServer, type RegistryServer } from "../../gates/dependencies/test-support/registry-server";
import { createDependenciesGate } from "../../gates/dependencies/gate";
import { MemoryRegistryCache } from "../../gates/dependencies/cache";
import { enqueueJob } from "../../queue";
import { runWorker } from "../../worker/run-worker";
import { createGenerationPipeline } from ".";
import { rerouteJob } from "../../review/reroute";
import { parseInstructions } from "../instructions";

const REPO_FILES = {
  "package.json": `{"name":"calc","version":"1.0.0","scripts":{"test":"node --test"}}\n`,
  "src/calc.js": `function add(a, b) {\n  return a + b;\n}\nmodule.exports = { add };\n`,
  "test/calc.test.js": `const test = require("node:test");\nconst assert = require("node:assert");\nconst { add } = require("../src/calc");\ntest("adds", () => assert.equal(add(1, 2), 3));\n`,
};
const GOOD = "```js path=src/calc.js\nfunction add(a, b) {\n  return a + b;\n}\nfunction sub(a, b) {\n  return a - b;\n}\nmodule.exports = { add, sub };\n```\n";
const COMPLEX = "```js path=src/calc.js\nfunction add(a, b) {\n  return a + b;\n}\nfunction pick(a, b, c, d, e) {\n  if (a) { if (b) { if (c) { return 1; } else if (d) { return 2; } } else if (e && a || b && c) { return 3; } }\n  for (const x of [a, b]) { if (x && c) { while (d) { if (e) break; } } }\n  return a ? b ? c : d : e ?? 0;\n}\nmodule.exports = { add, pick };\n```\n";
const STALE_DIFF = "```diff\n--- a/src/calc.js\n+++ b/src/calc.js\n@@ -1,3 +1,3 @@\n-function plus(x, y) {\n-  return x + y;\n+function add(a, b) {\n+  return a + b + 0;\n }\n```\n";

async function sse(res: http.ServerResponse, text: string): Promise<void> {
  await writeSlowly(res, [deltaEvent(text.slice(0, 20)), deltaEvent(text.slice(20), "stop"), usageEvent(120, 40), "data: [DONE]\n\n"], 1);
  res.end();
}

describe.each(testDatabases())("generation pipeline on %s", (provider) => {
  let t: TestDb;
  let repo: TempRepo;
  let chat: FakeChatServer;
  let registry: RegistryServer;
  let submitterId: string;
  let repositoryId: string;

  beforeAll(async () => {
    t = await openTestDb(provider);
    repo = createTempRepo(REPO_FILES);
    chat = await startFakeChatServer();
    registry = await startRegistryServer();
    process.env.GATEHOUSE_TEST_MODEL_KEY = "sk-test-secret-123";
    submitterId = (await t.db.user.create({ data: { email: "sub@example.test", name: "Sub", role: "submitter" } })).id;
    repositoryId = (await t.db.repository.create({ data: { name: "calc", path: repo.dir, defaultBranch: "main", testCommand: "node --test", ecosystems: ["npm"] } })).id;
    for (const tier of ["fast", "accurate"]) {
      await t.db.provider.create({
        data: { name: `${tier}-llm`, tier, kind: "openai", baseUrl: chat.baseUrl, model: `${tier}-model`, apiKeyEnv: "GATEHOUSE_TEST_MODEL_KEY", timeoutMs: 1500, maxRetries: 1 },
      });
    }
  });
  afterAll(async () => {
    await chat?.close();
    await registry?.close();
    repo?.remove();
    await t?.close();
  });
  beforeEach(() => chat.requests.splice(0));

  async function runJob(tier: "fast" | "accurate" | "local", title = "Add sub") {
    const job = await enqueueJob(t.db, {
      title, instruction: "Add a sub(a, b) function next to add.", targetPaths: ["src/calc.js"], taskType: "simple", risk: "low",
      repositoryId, submitterId, source: "form", routedTier: tier, routingReason: `routed to ${tier}`, maxAttempts: 2,
    });
    return runQueued(job.id);
  }

  async function runQueued(jobId: string) {
    const pipeline = createGenerationPipeline({
      gates: () => ({ dependencies: createDependenciesGate({ npmRegistry: registry.npmRegistry, cache: new MemoryRegistryCache() }) }),
      testTimeoutMs: 30_000,
    });
    await runWorker({
      handle: t, workerId: "test-worker", pipeline, leaseMs: 30_000, heartbeatMs: 5_000, pollMs: 10,
      signal: new AbortController().signal, exitWhenIdle: true, retryDelayMs: 0,
    });
    return t.db.job.findUniqueOrThrow({ where: { id: jobId }, include: { changes: { orderBy: { revision: "asc" }, include: { gateResults: true } } } });
  }

  it("streams a change, stores tokens and context, runs the gates and waits for review", async () => {
    chat.setHandler((_req, res) => sse(res, GOOD));
    const job = await runJob("fast");
    expect(job.status).toBe("awaiting_review");
    const [change] = job.changes;
    expect(change).toMatchObject({ revision: 1, tier: "fast", model: "served-model", providerName: "fast-llm", promptTokens: 120, completionTokens: 40, recorded: false });
    expect(change.diff).toContain("+function sub(a, b) {");
    // The whole-file answer was diffed against the base text of src/calc.js (an edit, not a new file).
    expect(change.diff).toContain("--- a/src/calc.js");
    expect(change.diff).not.toContain("new file");
    const pack = change.contextPack as { entries: { file: string; reason: string }[] };
    expect(pack.entries[0]).toMatchObject({ file: "src/calc.js", reason: "target" });
    expect(pack.entries.some((e) => e.file === "test/calc.test.js" && e.reason === "imported-by")).toBe(true);
    expect(Object.fromEntries(change.gateResults.map((g) => [g.gate, g.status]))).toEqual({
      tests: "pass", dependencies: "pass", complexity: "pass", "error-contract": "pass", "static-analysis": "skipped",
    });
    const req = chat.requests[0];
    expect(req.headers.authorization).toBe("Bearer sk-test-secret-123");
    expect(req.body).toMatchObject({ model: "fast-model", stream: true });
    expect(JSON.stringify(req.body)).toContain("Add a sub(a, b) function");
  });

  it("sends a reviewer's reroute note and line comments to the model and stores them on the new revision", async () => {
    chat.setHandler((_req, res) => sse(res, GOOD));
    const first = await runJob("fast", "Add sub, then rerouted");
    const reviewer = await t.db.user.create({ data: { email: `rev-${first.id}@example.test`, name: "Rita Reviewer", role: "reviewer" } });
    await rerouteJob(t.db, { id: reviewer.id, email: reviewer.email, name: reviewer.name, role: "reviewer" }, first.id, {
      changeId: first.changes[0].id, version: first.version, tier: "accurate", note: "Do not add a dependency",
    });
    const queued = await t.db.job.findUniqueOrThrow({ where: { id: first.id } });
    expect(parseInstructions(queued.nextInstructions)).toEqual({ note: "Do not add a dependency", comments: [], problems: [], fromRevision: 1 });
    // Line comments arrive through the same channel (the reroute collects the unresolved ones).
    await t.db.job.update({
      where: { id: first.id },
      data: { nextInstructions: { note: "Do not add a dependency", fromRevision: 1, comments: [{ file: "src/calc.js", line: 5, body: "Name it subtract", author: "Rita Reviewer" }] } },
    });
    chat.requests.splice(0);
    const job = await runQueued(first.id);
    expect(job.status).toBe("awaiting_review");
    const prompt = JSON.stringify(chat.requests[0].body);
    expect(prompt).toContain("Do not add a dependency");
    expect(prompt).toContain("src/calc.js:5 — Rita Reviewer");
    expect(prompt).toContain("Name it subtract");
    expect(prompt).toContain("+function sub(a, b) {"); // the previous diff the comments point into
    const second = job.changes[1];
    expect(second).toMatchObject({ revision: 2, cause: "reviewer", tier: "accurate" });
    expect(parseInstructions(second.instructions)).toMatchObject({ note: "Do not add a dependency", comments: [{ file: "src/calc.js", line: 5, side: "new" }] });
    expect(job.nextInstructions).toBeNull();
  });

  if (provider !== "sqlite") return; // the failure matrix does not depend on the database

  it("reroutes a fast change over the complexity threshold to the accurate tier as revision 2", async () => {
    chat.setHandler((req, res) => sse(res, (req.body as { model: string }).model === "fast-model" ? COMPLEX : GOOD));
    const job = await runJob("fast", "Pick things");
    expect(job.status).toBe("awaiting_review");
    expect(job.rerouteCount).toBe(1);
    expect(job.changes.map((c) => [c.revision, c.tier, c.cause])).toEqual([[1, "fast", "initial"], [2, "accurate", "auto-complexity"]]);
    expect(job.changes[1].parentChangeId).toBe(job.changes[0].id);
    expect(job.changes[0].gateResults.find((g) => g.gate === "complexity")?.status).toBe("fail");
    // The accurate model is told what went wrong with the first attempt.
    expect(JSON.stringify(chat.requests[1].body)).toMatch(/complexity of pick: (cyclomatic|cognitive) \d+ > 10/);
  });

  it.each([
    ["401", (res: http.ServerResponse) => sendJson(res, 401, { error: { message: "bad key" } }), /401/],
    ["500 every time", (res: http.ServerResponse) => sendJson(res, 500, { error: { message: "boom" } }), /500|server/i],
    ["a timeout", () => undefined, /no complete answer within 1.5 s/],
    ["a stream cut in half", (res: http.ServerResponse) => { res.writeHead(200, { "content-type": "text/event-stream" }); res.write(deltaEvent("```js path=src/calc.js\nfunc")); setTimeout(() => res.destroy(), 5); }, /stream|interrupted/i] as const,
    ["an answer with no usable code", (res: http.ServerResponse) => sse(res, "I think you should add a sub function."), /no usable change/],
  ] satisfies [string, (res: http.ServerResponse) => void | Promise<void>, RegExp][])("ends as failed with a clear reason on %s", async (_name, handler, reason) => {
    chat.setHandler((_req, res) => handler(res));
    const job = await runJob("fast", `fail ${_name}`);
    expect(job.status).toBe("failed");
    expect(job.statusReason).toMatch(reason);
    expect(job.statusReason).not.toContain("sk-test-secret-123");
  });

  it("retries a 429 and then succeeds", async () => {
    chat.setHandler((_req, res, i) => (i === 0 ? sendJson(res, 429, { error: { message: "slow down" } }, { "retry-after": "0" }) : sse(res, GOOD)));
    const job = await runJob("fast", "after 429");
    expect(job.status).toBe("awaiting_review");
    expect(chat.requests.length).toBe(2);
  });

  it("repairs a patch that does not apply once, then fails with the reason", async () => {
    chat.setHandler((_req, res) => sse(res, STALE_DIFF));
    const job = await runJob("fast", "stale patch");
    expect(job.status).toBe("failed");
    expect(job.statusReason).toMatch(/after one repair attempt/);
    expect(chat.requests.length).toBe(2);
    expect(JSON.stringify(chat.requests[1].body)).toMatch(/does not apply|did not apply|failed to apply/i);
  });

  it("waits with a clear message when the tier has no provider", async () => {
    const job = await runJob("local", "no local model");
    expect(job.status).toBe("queued");
    expect(job.statusReason).toMatch(/no provider is configured for the local tier/);
    expect(job.attempts).toBe(0);
  });
});
