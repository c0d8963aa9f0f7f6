/**
 * The whole journey of a repository on a git server, over HTTP against the real route handlers: an admin
 * registers it by URL (smart HTTP with a token from the environment), an agent submits a patch, a real
 * worker runs the gates from its mirror, a reviewer approves, and the server's branch has the commit.
 * Then the ways it can go otherwise: someone pushed meanwhile, a conflicting push, the server down during
 * the approval (Finish merge later, exactly one commit), a wrong token, and a branch per change.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateApiToken } from "../auth/api-tokens";
import { GATE_NAMES } from "../gates/types";
import { openTestDb, type TestDb } from "../db/testing";
import { createGenerationPipeline } from "../generation/pipeline";
import { runWorkerUntilIdle } from "../worker/testing/run-until-idle";
import { createServerRepo, pushAsSomeoneElse, serverBaseDir, serverGit, startGitHttpServer, type HttpGitServer } from "../testing/git-servers";
import { serveRoutes, type RouteServer } from "../testing/route-server";
import * as repositoriesRoute from "../../app/api/settings/repositories/route";
import * as repositoryTestRoute from "../../app/api/settings/repositories/test/route";
import * as changesRoute from "../../app/api/changes/route";
import * as jobRoute from "../../app/api/jobs/[id]/route";
import * as approveRoute from "../../app/api/jobs/[id]/approve/route";
import * as mergeRoute from "../../app/api/jobs/[id]/merge/route";

const TOKEN = "journey-git-token-7f3a9c";
const WRONG = "journey-wrong-token-0b1e";
const FILES = { "src/list.js": "const items = [\n  'alpha',\n  'beta',\n  'gamma',\n  'delta',\n  'epsilon',\n];\nmodule.exports = { items };\n", "README.md": "# list\n" };
const PATCH = `diff --git a/src/list.js b/src/list.js
--- a/src/list.js
+++ b/src/list.js
@@ -1,4 +1,4 @@
 const items = [
   'alpha',
-  'beta',
+  'BETA',
   'gamma',
`;

let t: TestDb;
let base: string;
let data: string;
let git: HttpGitServer;
let api: RouteServer;
const tokens: Record<string, string> = {};
let repoSeq = 0;

async function call(who: string, method: string, url: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown>; text: string }> {
  const res = await fetch(`${api.baseUrl}${url}`, {
    method,
    headers: { authorization: `Bearer ${tokens[who]}`, "content-type": "application/json", origin: api.baseUrl },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {}, text };
}

async function runUntilIdle(): Promise<void> {
  await runWorkerUntilIdle(t, createGenerationPipeline({ testTimeoutMs: 30_000 }), "journey-worker");
}

/** A server repository registered over the API; returns its name. */
async function register(extra: Record<string, unknown> = {}): Promise<string> {
  const name = `svc${++repoSeq}`;
  createServerRepo(base, name, FILES);
  const res = await call("admin", "POST", "/api/settings/repositories", { name, url: git.urlOf(name), credentialEnv: "JOURNEY_GIT_TOKEN", ...extra });
  expect(res.status, res.text).toBe(201);
  return name;
}

/** Submit → gates → awaiting review; returns what the reviewer needs to decide. */
async function submitAndGate(repository: string, diff = PATCH): Promise<{ jobId: string; changeId: string; version: number }> {
  const sub = await call("agent", "POST", "/api/changes", { repository, diff, title: "Shout beta", model: "aider" });
  expect(sub.status, sub.text).toBe(201);
  const jobId = String(sub.json.jobId);
  await runUntilIdle();
  const status = await call("reviewer", "GET", `/api/jobs/${jobId}`);
  expect(status.json.status, JSON.stringify(status.json)).toBe("awaiting_review");
  return { jobId, changeId: String(status.json.latestChangeId), version: Number(status.json.version) };
}

const trailersOf = (name: string, ref = "main") => serverGit(base, name, "log", "-1", "--format=%B", ref);
const commitsWith = (name: string, jobId: string, ref = "main") =>
  serverGit(base, name, "log", "--format=%H", `--grep=Gatehouse-Job: ${jobId}`, ref).split("\n").filter(Boolean).length;

beforeAll(async () => {
  t = await openTestDb("sqlite");
  process.env.DATABASE_URL = t.url; // the route handlers' getDb() connects lazily to this database
  data = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-journey-data-"));
  process.env.GATEHOUSE_DATA_DIR = data;
  process.env.JOURNEY_GIT_TOKEN = TOKEN;
  process.env.JOURNEY_WRONG_TOKEN = WRONG;
  base = serverBaseDir();
  git = await startGitHttpServer(base, { user: "*", password: TOKEN });
  for (const [who, role] of [["admin", "admin"], ["agent", "submitter"], ["reviewer", "reviewer"]] as const) {
    const user = await t.db.user.create({ data: { email: `${who}@journey.test`, name: `The ${who}`, role } });
    const g = generateApiToken();
    await t.db.apiToken.create({ data: { userId: user.id, name: who, tokenHash: g.hash, prefix: g.prefix } });
    tokens[who] = g.token;
  }
  api = await serveRoutes({
    "GET /api/settings/repositories": repositoriesRoute.GET,
    "POST /api/settings/repositories": repositoriesRoute.POST,
    "POST /api/settings/repositories/test": repositoryTestRoute.POST,
    "POST /api/changes": changesRoute.POST,
    "GET /api/jobs/[id]": jobRoute.GET,
    "POST /api/jobs/[id]/approve": approveRoute.POST,
    "POST /api/jobs/[id]/merge": mergeRoute.POST,
  });
}, 60_000);

afterAll(async () => {
  await api?.close();
  await git?.stop();
  await t?.close();
  for (const v of ["GATEHOUSE_DATA_DIR", "JOURNEY_GIT_TOKEN", "JOURNEY_WRONG_TOKEN"]) delete process.env[v];
  fs.rmSync(base, { recursive: true, force: true });
  fs.rmSync(data, { recursive: true, force: true });
});

describe("a repository on a git server, over the HTTP API", () => {
  it("register by URL → test connection → submit → gates → approve: the server's branch has the commit with trailers", async () => {
    const name = await register();
    const conn = await call("admin", "POST", "/api/settings/repositories/test", { url: git.urlOf(name), credentialEnv: "JOURNEY_GIT_TOKEN", defaultBranch: "main" });
    expect(conn.json).toEqual({ ok: true, branches: ["main"], issues: [] });
    const before = serverGit(base, name, "rev-parse", "main");
    const { jobId, changeId, version } = await submitAndGate(name);
    const approved = await call("reviewer", "POST", `/api/jobs/${jobId}/approve`, { changeId, version });
    expect(approved.json).toMatchObject({ status: "merged", branch: "main" });
    expect(serverGit(base, name, "rev-parse", "main")).toBe(approved.json.commit);
    expect(serverGit(base, name, "rev-parse", "main~1")).toBe(before);
    expect(serverGit(base, name, "show", "main:src/list.js")).toContain("'BETA'");
    const message = trailersOf(name);
    expect(message).toContain(`Gatehouse-Job: ${jobId}`);
    expect(message).toContain("Reviewed-by: The reviewer <reviewer@journey.test>");
    expect(message).toContain("Generated-by: external/aider");
    // The job recorded the base commit it was gated against.
    const change = await t.db.change.findUniqueOrThrow({ where: { id: changeId } });
    expect(change.baseCommit).toBe(before);
  });

  it("someone else's push during the review: both commits on the branch, ours on top", async () => {
    const name = await register();
    const { jobId, changeId, version } = await submitAndGate(name);
    const theirs = pushAsSomeoneElse(base, name, { "README.md": "# list\n\nNow with docs.\n" });
    const approved = await call("reviewer", "POST", `/api/jobs/${jobId}/approve`, { changeId, version });
    expect(approved.json).toMatchObject({ status: "merged" });
    expect(serverGit(base, name, "rev-parse", "main~1")).toBe(theirs);
    expect(trailersOf(name)).toContain(`Gatehouse-Job: ${jobId}`);
    expect(serverGit(base, name, "show", "main:README.md")).toContain("Now with docs.");
    expect(serverGit(base, name, "show", "main:src/list.js")).toContain("'BETA'");
  });

  it("a conflicting push: the job goes to conflict with the failing hunks and nothing is pushed", async () => {
    const name = await register();
    const { jobId, changeId, version } = await submitAndGate(name);
    const theirs = pushAsSomeoneElse(base, name, { "src/list.js": FILES["src/list.js"].replace("'beta'", "'Beta'") });
    const approved = await call("reviewer", "POST", `/api/jobs/${jobId}/approve`, { changeId, version });
    expect(approved.json).toMatchObject({ status: "conflict" });
    expect((approved.json.failingHunks as string[]).join("\n")).toContain("src/list.js");
    expect(serverGit(base, name, "rev-parse", "main")).toBe(theirs);
    expect((await call("reviewer", "GET", `/api/jobs/${jobId}`)).json.status).toBe("conflict");
  });

  it("server down during the approval → approved, not merged, with the reason; Finish merge after it is back → exactly one commit", async () => {
    const name = await register();
    const { jobId, changeId, version } = await submitAndGate(name);
    await git.stop();
    let approved;
    try {
      approved = await call("reviewer", "POST", `/api/jobs/${jobId}/approve`, { changeId, version });
    } finally {
      await git.start();
    }
    expect(approved.json).toMatchObject({ status: "not-merged" });
    expect(String(approved.json.reason)).toMatch(/down or unreachable/);
    const pending = await call("reviewer", "GET", `/api/jobs/${jobId}`);
    expect(pending.json).toMatchObject({ status: "approved" });
    expect(String(pending.json.statusReason)).toMatch(/^not merged: .*down or unreachable/);

    const finished = await call("reviewer", "POST", `/api/jobs/${jobId}/merge`, { version: pending.json.version });
    expect(finished.json).toMatchObject({ status: "merged" });
    expect(commitsWith(name, jobId)).toBe(1);
    const again = await call("reviewer", "POST", `/api/jobs/${jobId}/merge`, { version: pending.json.version });
    expect(again.status).toBe(409);
    expect(commitsWith(name, jobId)).toBe(1);
  });

  it("a wrong token: a clear error naming the variable, and the token nowhere", async () => {
    createServerRepo(base, "locked", FILES);
    const res = await call("admin", "POST", "/api/settings/repositories", { name: "locked", url: git.urlOf("locked"), credentialEnv: "JOURNEY_WRONG_TOKEN" });
    expect(res.status).toBe(400);
    expect(res.json.issues).toEqual([{ path: "credentialEnv", message: expect.stringMatching(/^Authentication failed: .*JOURNEY_WRONG_TOKEN/) }]);

    // The token goes bad after registration: the approval says why, the job waits for Finish merge.
    const name = await register();
    const { jobId, changeId, version } = await submitAndGate(name);
    process.env.JOURNEY_GIT_TOKEN = WRONG;
    let approved;
    try {
      approved = await call("reviewer", "POST", `/api/jobs/${jobId}/approve`, { changeId, version });
    } finally {
      process.env.JOURNEY_GIT_TOKEN = TOKEN;
    }
    expect(approved.json).toMatchObject({ status: "not-merged" });
    expect(String(approved.json.reason)).toMatch(/Authentication failed.*JOURNEY_GIT_TOKEN/);
    const everything = [res.text, approved.text, JSON.stringify(await t.db.repository.findMany()), JSON.stringify(await t.db.auditEvent.findMany()), JSON.stringify(await t.db.job.findMany())].join("\n");
    for (const secret of [TOKEN, WRONG, Buffer.from(`x-access-token:${TOKEN}`).toString("base64")]) expect(everything).not.toContain(secret);
    for (const mirror of fs.readdirSync(path.join(data, "mirrors")).filter((f) => f.endsWith(".git"))) {
      expect(fs.readFileSync(path.join(data, "mirrors", mirror, "config"), "utf8")).not.toContain(TOKEN);
    }
  });

  it("with the policy's re-gate on a moved base: the re-applied change is gated again as a new revision, then pushed", async () => {
    const name = await register();
    const { jobId, changeId, version } = await submitAndGate(name);
    const theirs = pushAsSomeoneElse(base, name, { "README.md": "# list\n\nRe-gate me.\n" });
    await t.db.policy.upsert({
      where: { id: "default" },
      create: { id: "default", requiredGates: ["dependencies", "complexity", "error-contract"], protectedPaths: [], regateOnMovedBase: true },
      update: { regateOnMovedBase: true },
    });
    try {
      const approved = await call("reviewer", "POST", `/api/jobs/${jobId}/approve`, { changeId, version });
      expect(approved.json).toMatchObject({ status: "regating" });
      expect(serverGit(base, name, "rev-parse", "main")).toBe(theirs); // nothing pushed before the gates ran again
      expect((await call("reviewer", "GET", `/api/jobs/${jobId}`)).json).toMatchObject({ status: "queued", latestRevision: 2 });
      await runUntilIdle();
    } finally {
      await t.db.policy.update({ where: { id: "default" }, data: { regateOnMovedBase: false } });
    }
    const job = await t.db.job.findUniqueOrThrow({ where: { id: jobId }, include: { changes: { orderBy: { revision: "asc" }, include: { gateResults: true } } } });
    expect(job.status).toBe("merged");
    expect(job.changes.map((c) => [c.revision, c.cause, c.baseCommit])).toEqual([[1, "initial", job.changes[0].baseCommit], [2, "rebased", theirs]]);
    expect(job.changes[1].gateResults).toHaveLength(GATE_NAMES.length);
    expect(serverGit(base, name, "rev-parse", "main~1")).toBe(theirs);
    expect(serverGit(base, name, "rev-parse", "main")).toBe(job.mergedCommit);
    expect(trailersOf(name)).toContain(`Gatehouse-Job: ${jobId}`);
    expect(commitsWith(name, jobId)).toBe(1);
  });

  it("branch per change: pushes gatehouse/<job> and answers with the compare link", async () => {
    const name = await register({ branchPerChange: true, webUrl: "https://127.0.0.1:8443/team/svc", compareUrlTemplate: "{web}/compare/{base}...{branch}" });
    const { jobId, changeId, version } = await submitAndGate(name);
    const approved = await call("reviewer", "POST", `/api/jobs/${jobId}/approve`, { changeId, version });
    expect(approved.json).toMatchObject({
      status: "merged",
      branch: `gatehouse/${jobId}`,
      compareUrl: `https://127.0.0.1:8443/team/svc/compare/main...gatehouse/${jobId}`,
    });
    expect(serverGit(base, name, "show", `gatehouse/${jobId}:src/list.js`)).toContain("'BETA'");
    expect(serverGit(base, name, "show", "main:src/list.js")).toContain("'beta'");
  });
});
