/**
 * Workers on many machines: two real worker processes with separate data directories on one PostgreSQL,
 * a repository reachable only by its URL (git daemon on 127.0.0.1). Each works from its own mirror; a job
 * claimed by one and resumed by the other after a kill -9 finishes exactly once, and its approval lands
 * on the server once.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, testDatabases, type TestDb } from "../db/testing";
import { GATE_NAMES } from "../gates/types";
import { submitChange } from "../intake/submit-change";
import { approveChange } from "../review/approve";
import { createServerRepo, serverBaseDir, serverGit, startGitDaemon, type GitServer } from "../testing/git-servers";
import { sleep } from "./run-worker";
import { killAllWorkers, spawnTestWorker, type SpawnedWorker } from "./testing/spawn-worker";
import { readExecRecords } from "./testing/test-pipeline";

const FILES = { "src/sum.js": "function sum(a, b) {\n  return a + b;\n}\nmodule.exports = { sum };\n" };
const PATCH = `diff --git a/src/sum.js b/src/sum.js
--- a/src/sum.js
+++ b/src/sum.js
@@ -1,3 +1,4 @@
 function sum(a, b) {
+  // adds two numbers
   return a + b;
 }
`;

async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const postgresOnly = testDatabases().filter((p) => p === "postgres");

describe.skipIf(postgresOnly.length === 0)("two workers on other machines (separate data dirs, one PostgreSQL, URL only)", () => {
  let t: TestDb;
  let base: string;
  let daemon: GitServer;
  let root: string;
  const dirs = { a: "", b: "", web: "", exec: "" };

  beforeAll(async () => {
    t = await openTestDb("postgres");
    base = serverBaseDir();
    createServerRepo(base, "svc", FILES);
    daemon = await startGitDaemon(base);
    root = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-machines-"));
    for (const k of Object.keys(dirs) as (keyof typeof dirs)[]) fs.mkdirSync((dirs[k] = path.join(root, k)));
  });
  afterAll(async () => {
    await killAllWorkers();
    await daemon?.stop();
    await t?.close();
    delete process.env.GATEHOUSE_DATA_DIR;
    fs.rmSync(base, { recursive: true, force: true });
    fs.rmSync(root, { recursive: true, force: true });
  });

  function worker(dataDir: string, stepMs: number): SpawnedWorker {
    return spawnTestWorker({
      DATABASE_URL: t.url,
      GATEHOUSE_DATA_DIR: dataDir,
      GATEHOUSE_LEASE_MS: "1500",
      GATEHOUSE_HEARTBEAT_MS: "300",
      GATEHOUSE_POLL_MS: "100",
      GATEHOUSE_RETRY_DELAY_MS: "0",
      GATEHOUSE_TEST_EXEC_DIR: dirs.exec,
      GATEHOUSE_TEST_PIPELINE: "generation",
      GATEHOUSE_TEST_STEP_MS: String(stepMs),
    });
  }

  it("a job killed -9 on one machine is finished exactly once on the other, each from its own mirror", async () => {
    const submitter = await t.db.user.create({ data: { email: "agent@machines.test", name: "Agent", role: "submitter" } });
    const reviewer = await t.db.user.create({ data: { email: "rev@machines.test", name: "Rev", role: "reviewer" } });
    const repo = await t.db.repository.create({ data: { name: "svc", path: "", url: daemon.urlOf("svc"), defaultBranch: "main", ecosystems: [] } });
    process.env.GATEHOUSE_DATA_DIR = dirs.web; // this test process plays the web server
    const { jobId, changeId } = await submitChange(t.db, submitter, { repository: "svc", diff: PATCH, title: "Document sum", model: "aider" });
    const baseCommit = (await t.db.change.findUniqueOrThrow({ where: { id: changeId } })).baseCommit;

    const a = worker(dirs.a, 4_000);
    const started = await waitFor("machine A inside the gates", () => readExecRecords(dirs.exec).find((r) => r.jobId === baseCommit && r.phase === "start"));
    a.kill("SIGKILL");
    expect(await a.exited).toEqual({ code: null, signal: "SIGKILL" });
    const abandoned = await t.db.job.findUniqueOrThrow({ where: { id: jobId } });
    expect(abandoned.status).toBe("gating");

    const b = worker(dirs.b, 0);
    await waitFor("the job to reach review", async () => (await t.db.job.findUniqueOrThrow({ where: { id: jobId } })).status === "awaiting_review");
    b.kill("SIGTERM");
    expect(await b.exited, b.output().slice(-2000)).toEqual({ code: 0, signal: null });

    // Exactly once: one move to review, one set of gate results; A started, B started and ended.
    const moves = await t.db.auditEvent.findMany({ where: { subjectId: jobId, action: "job.status" } });
    expect(moves.filter((e) => (e.details as { to: string }).to === "awaiting_review")).toHaveLength(1);
    expect(await t.db.gateResult.count({ where: { changeId } })).toBe(GATE_NAMES.length);
    const mine = readExecRecords(dirs.exec).filter((r) => r.jobId === baseCommit);
    expect(mine.filter((r) => r.phase === "start").map((r) => r.pid)).toEqual([a.pid, b.pid]);
    expect(mine.filter((r) => r.phase === "end").map((r) => r.pid)).toEqual([b.pid]);
    // Each machine read its own mirror under its own data directory.
    expect(started.repoDir).toBe(path.join(dirs.a, "mirrors", `${repo.id}.git`));
    expect(mine.find((r) => r.pid === b.pid)?.repoDir).toBe(path.join(dirs.b, "mirrors", `${repo.id}.git`));
    for (const d of [dirs.a, dirs.b, dirs.web]) expect(fs.existsSync(path.join(d, "mirrors", `${repo.id}.git`, "HEAD"))).toBe(true);

    const job = await t.db.job.findUniqueOrThrow({ where: { id: jobId } });
    const approved = await approveChange(t.db, reviewer, jobId, { changeId, version: job.version });
    expect(approved.merge).toMatchObject({ status: "merged", branch: "main" });
    expect(serverGit(base, "svc", "log", "--format=%H", `--grep=Gatehouse-Job: ${jobId}`, "main").split("\n").filter(Boolean)).toHaveLength(1);
    expect(serverGit(base, "svc", "show", "main:src/sum.js")).toContain("// adds two numbers");
  });
});
