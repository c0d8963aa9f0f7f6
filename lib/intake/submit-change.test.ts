/**
 * submitChange against real databases (SQLite file, PostgreSQL schema) and a real git repository:
 * what a successful submission stores, and that every refused one stores nothing.
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, testDatabases, type TestDb } from "../db/testing";
import { IntakeError } from "./errors";
import { submitChange } from "./submit-change";
import { createIntakeFixture, GREET_V1, GREET_V2, nonRepoDir, type IntakeFixture } from "./testing/fixtures";

describe.each(testDatabases())("submitChange on %s", (kind) => {
  let t: TestDb;
  let fx: IntakeFixture;
  let notRepo: string;

  beforeAll(async () => {
    t = await openTestDb(kind);
    fx = await createIntakeFixture(t.db, kind);
    notRepo = nonRepoDir();
    await t.db.repository.create({ data: { name: "misconfigured", path: notRepo, ecosystems: [] } });
  });
  afterAll(async () => {
    // The user's checkout is never touched and no worktree is left behind.
    expect(fx.repo.git("status", "--porcelain")).toBe("");
    expect(fx.repo.git("worktree", "list", "--porcelain").split("\n").filter((l) => l.startsWith("worktree "))).toHaveLength(1);
    fx.cleanup();
    fs.rmSync(notRepo, { recursive: true, force: true });
    await t.close();
  });

  /** Runs a submission that must be refused; returns the error after checking nothing was stored. */
  async function refused(input: Record<string, unknown>): Promise<IntakeError> {
    const before = { jobs: await t.db.job.count(), changes: await t.db.change.count(), audits: await t.db.auditEvent.count() };
    const err = await submitChange(t.db, fx.submitter, input).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(IntakeError);
    expect({ jobs: await t.db.job.count(), changes: await t.db.change.count(), audits: await t.db.auditEvent.count() }).toEqual(before);
    return err as IntakeError;
  }

  it("stores a queued job, its first revision and the audit event", async () => {
    const diff = fx.diffFor({ "src/greet.ts": GREET_V2.replace("Hello", "Hi"), "src/farewell.ts": "export const bye = 1;\n" });
    const res = await submitChange(t.db, fx.submitter, {
      repository: fx.repoName,
      diff,
      model: "claude-code",
      title: "Say hi",
      instruction: "Greet more casually",
    });
    expect(res.status).toBe("queued");

    const job = await t.db.job.findUniqueOrThrow({ where: { id: res.jobId }, include: { changes: true, repository: true } });
    expect(job).toMatchObject({
      title: "Say hi",
      instruction: "Greet more casually",
      status: "queued",
      source: "patch",
      taskType: "simple",
      risk: "medium",
      requestedTier: null,
      routedTier: "external",
      routingReason: "submitted through the API by claude-code",
      submitterId: fx.submitter.id,
      rerouteCount: 0,
    });
    expect(job.repository.name).toBe(fx.repoName);
    expect([...(job.targetPaths as string[])].sort()).toEqual(["src/farewell.ts", "src/greet.ts"]);

    expect(job.changes).toHaveLength(1);
    const change = job.changes[0];
    expect(change).toMatchObject({
      id: res.changeId,
      revision: 1,
      tier: "external",
      model: "claude-code",
      recorded: false,
      cause: "initial",
      baseCommit: fx.headCommit,
      diff,
    });
    const files = [...(change.files as { path: string; before: string | null; after: string | null }[])].sort((a, b) =>
      a.path.localeCompare(b.path),
    );
    expect(files).toEqual([
      { path: "src/farewell.ts", before: null, after: "export const bye = 1;\n" },
      { path: "src/greet.ts", before: GREET_V2, after: GREET_V2.replace("Hello", "Hi") },
    ]);

    const audits = await t.db.auditEvent.findMany({ where: { subjectType: "job", subjectId: res.jobId } });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ action: "job.created", actorId: fx.submitter.id, actorLabel: fx.submitter.email });
    expect(audits[0].details).toMatchObject({ source: "patch", via: "api", model: "claude-code", changeId: res.changeId, baseCommit: fx.headCommit });
  });

  it("defaults: model external, instruction = title, base = head of the default branch", async () => {
    const diff = fx.diffFor({ "README.md": "# demo\n\nMore.\n" });
    const res = await submitChange(t.db, fx.submitter, { repository: fx.repoName, diff, title: "Docs" });
    const job = await t.db.job.findUniqueOrThrow({ where: { id: res.jobId }, include: { changes: true } });
    expect(job.instruction).toBe("Docs");
    expect(job.routingReason).toBe("submitted through the API by external");
    expect(job.changes[0]).toMatchObject({ model: "external", baseCommit: fx.headCommit });
  });

  it("resolves a short sha or ref to the full commit the patch applies to", async () => {
    // Edits the first commit's line, which HEAD has changed: applies to the old commit only.
    const diff = [
      "diff --git a/src/greet.ts b/src/greet.ts",
      "--- a/src/greet.ts",
      "+++ b/src/greet.ts",
      "@@ -1,3 +1,3 @@",
      " export function greet(name: string) {",
      "-  return `Hello, ${name}`;",
      "+  return `Hello there, ${name}`;",
      " }",
      "",
    ].join("\n");
    const res = await submitChange(t.db, fx.submitter, { repository: fx.repoName, diff, title: "Old base", baseCommit: fx.firstCommit.slice(0, 10) });
    const change = await t.db.change.findUniqueOrThrow({ where: { id: res.changeId } });
    expect(change.baseCommit).toBe(fx.firstCommit);
    expect(change.files).toEqual([{ path: "src/greet.ts", before: GREET_V1, after: GREET_V1.replace("Hello,", "Hello there,") }]);

    const onHead = await refused({ repository: fx.repoName, diff, title: "Old base", baseCommit: "main" });
    expect(onHead.kind).toBe("does-not-apply");
  });

  it("stores a CRLF-transported diff in its normalised form", async () => {
    const diff = fx.diffFor({ "README.md": "# demo\nCRLF\n" });
    const res = await submitChange(t.db, fx.submitter, { repository: fx.repoName, diff: diff.replace(/\n/g, "\r\n"), title: "CRLF" });
    const change = await t.db.change.findUniqueOrThrow({ where: { id: res.changeId } });
    expect(change.diff).toBe(diff);
  });

  it("404 for an unknown repository", async () => {
    const err = await refused({ repository: "no-such-repo", diff: fx.diffFor({ "README.md": "x\n" }), title: "x" });
    expect(err).toMatchObject({ kind: "unknown-repository", status: 404 });
    expect(err.message).toContain('"no-such-repo"');
  });

  it("400 with a field error for an unknown base commit", async () => {
    const err = await refused({ repository: fx.repoName, diff: fx.diffFor({ "README.md": "x\n" }), title: "x", baseCommit: "deadbeef" });
    expect(err).toMatchObject({ kind: "bad-base", status: 400 });
    expect(err.issues).toEqual([{ path: "baseCommit", message: expect.stringContaining("deadbeef") }]);
    expect(err.message).not.toContain(fx.repo.dir);
  });

  it("400 for a malformed patch, with the parser's message", async () => {
    const broken = ["--- a/README.md", "+++ b/README.md", "@@ -1,5 +1,5 @@", "-# demo", "+# Demo", ""].join("\n");
    const err = await refused({ repository: fx.repoName, diff: broken, title: "x" });
    expect(err).toMatchObject({ kind: "malformed-patch", status: 400 });
    expect(err.message).toMatch(/^malformed patch: hunk line counts do not match/);

    const notADiff = await refused({ repository: fx.repoName, diff: "please apply my change\n", title: "x" });
    expect(notADiff.kind).toBe("malformed-patch");
    expect(notADiff.message).toContain("no file changes");
  });

  it("400 for a path leaving the repository", async () => {
    const escape = ["--- a/../outside.txt", "+++ b/../outside.txt", "@@ -0,0 +1 @@", "+pwned", ""].join("\n");
    const err = await refused({ repository: fx.repoName, diff: escape, title: "x" });
    expect(err).toMatchObject({ kind: "unsafe-path", status: 400 });
    expect(err.message).toContain("..");
  });

  it("422 with the failing hunks when the patch does not apply", async () => {
    const stale = [
      "diff --git a/src/greet.ts b/src/greet.ts",
      "--- a/src/greet.ts",
      "+++ b/src/greet.ts",
      "@@ -2 +2 @@",
      "-  return `Goodbye, ${name}`;",
      "+  return `Bye, ${name}`;",
      "",
    ].join("\n");
    const err = await refused({ repository: fx.repoName, diff: stale, title: "x" });
    expect(err).toMatchObject({ kind: "does-not-apply", status: 422 });
    expect(err.failingHunks).toEqual([{ file: "src/greet.ts", line: 2, header: "@@ -2 +2 @@" }]);
    expect(err.message).toContain("src/greet.ts:2");
  });

  it("413 with the limit for a patch over the size limits", async () => {
    const huge = `--- a/README.md\n+++ b/README.md\n@@ -1 +1 @@\n-# demo\n+${"x".repeat(5 * 1024 * 1024)}\n`;
    const err = await refused({ repository: fx.repoName, diff: huge, title: "x" });
    expect(err).toMatchObject({ kind: "too-large", status: 413 });
    expect(err.message).toContain("5.0 MB limit");

    const lines = fx.diffFor({ "README.md": Array.from({ length: 30 }, (_, i) => `line ${i}\n`).join("") });
    const before = await t.db.job.count();
    const tooMany = await submitChange(t.db, fx.submitter, { repository: fx.repoName, diff: lines, title: "x" }, { limits: { maxChangedLines: 10 } }).catch(
      (e: unknown) => e,
    );
    expect(tooMany).toMatchObject({ kind: "too-large", status: 413 });
    expect((tooMany as Error).message).toContain("10-line limit");
    expect(await t.db.job.count()).toBe(before);
  });

  it("400 with field issues for an invalid body", async () => {
    const err = await refused({ repository: fx.repoName, diff: "x", title: "", extra: 1 });
    expect(err).toMatchObject({ kind: "invalid-input", status: 400 });
    expect(err.issues?.map((i) => i.path).sort()).toEqual(["", "title"]);
  });

  it("503 without leaking the path when the repository row points at no git repository", async () => {
    const err = await refused({ repository: "misconfigured", diff: fx.diffFor({ "README.md": "x\n" }), title: "x" });
    expect(err).toMatchObject({ kind: "repository-unavailable", status: 503 });
    expect(err.message).not.toContain(notRepo);
  });
});
