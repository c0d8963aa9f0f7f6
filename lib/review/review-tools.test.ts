/**
 * Reviewer tools on real databases: line comments and threads, viewed marks that lapse when a file
 * changes, required approvals (N reviewers, a lead for lead-approval paths) and re-running the gates of
 * a revision through the real worker loop.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../db/testing";
import { MemoryRegistryCache } from "../gates/dependencies/cache";
import { createDependenciesGate } from "../gates/dependencies/gate";
import { startRegistryServer, type RegistryServer } from "../gates/dependencies/test-support/registry-server";
import { createGenerationPipeline } from "../generation/pipeline";
import { runWorkerUntilIdle } from "../worker/testing/run-until-idle";
import { instructionsPromptSection, parseInstructions } from "../generation/instructions";
import { getPolicy, policyUpdateSchema, updatePolicy } from "../settings/policy";
import { approveChange } from "./approve";
import { addComment, listComments, resolveThread, unresolvedThreads } from "./comments/comments";
import { rejectJob } from "./reject";
import { rerunGates } from "./rerun-gates";
import { rerouteJob } from "./reroute";
import { refusal } from "./testing/refusal";
import { addRevision, createAwaitingReviewJob, type SeedGate } from "./testing/fixtures";
import { ADD_DOUBLE, openReviewSuite, REVIEW_REPO_FILES, type ReviewSuite } from "./testing/review-suite";
import { setViewed, viewedPaths } from "./viewed";

const AUTH_EDIT = { path: "src/auth/session.ts", before: REVIEW_REPO_FILES["src/auth/session.ts"], after: "export const TTL = 120;\n" };

describe.each(testDatabases())("reviewer tools on %s", (provider) => {
  let s: ReviewSuite;
  beforeAll(async () => {
    s = await openReviewSuite(provider);
  });
  afterAll(async () => s?.close());

  const newJob = (files = [ADD_DOUBLE], gates?: SeedGate[]) =>
    createAwaitingReviewJob(
      s.t.db,
      { repositoryId: s.repoRow.id, submitterId: s.submitter.id, title: "Add double()" },
      { files, baseCommit: s.repo.git("rev-parse", "main"), gates, tier: "fast", model: "demo-fast" },
    );
  const setApprovals = async (requiredApprovals: number, leadApprovalPaths: string[]) => {
    const p = await getPolicy(s.t.db);
    const { updatedAt: _a, updatedById: _b, sandboxEnv: _e, ...rest } = p;
    await updatePolicy(s.t.db, s.lead, policyUpdateSchema.parse({ ...rest, requiredApprovals, leadApprovalPaths }));
  };

  describe("line comments", () => {
    it("creates threads on either side, replies, resolves and lists them for anyone", async () => {
      const { job, change } = await newJob();
      const first = await addComment(s.t.db, s.reviewer, job.id, { changeId: change.id, file: "src/util.ts", line: 5, body: "Name it twice()" });
      expect(first).toMatchObject({ changeId: change.id, file: "src/util.ts", line: 5, side: "after", author: "Riley Reviewer", resolved: false, parentId: null, revision: 1 });
      const old = await addComment(s.t.db, s.lead, job.id, { changeId: change.id, file: "src/util.ts", line: 2, side: "before", body: "Keep add() pure" });
      const reply = await addComment(s.t.db, s.reviewer2, job.id, { replyTo: first.id, body: "Agreed" });
      expect(reply).toMatchObject({ parentId: first.id, file: "src/util.ts", line: 5, side: "after", author: "Robin Reviewer" });
      // A reply to a reply joins the same thread.
      const again = await addComment(s.t.db, s.reviewer, job.id, { replyTo: reply.id, body: "Done in my head" });
      expect(again.parentId).toBe(first.id);

      const resolved = await resolveThread(s.t.db, s.reviewer2, job.id, reply.id, { resolved: true });
      expect(resolved).toMatchObject({ id: first.id, resolved: true, resolvedBy: "Robin Reviewer" });
      const all = await listComments(s.t.db, job.id);
      expect(all.map((c) => [c.body, c.resolved])).toEqual([
        ["Name it twice()", true],
        ["Keep add() pure", false],
        ["Agreed", true],
        ["Done in my head", true],
      ]);
      expect((await unresolvedThreads(s.t.db, change.id)).map((t) => [t.file, t.line, t.side, t.comments.map((c) => c.body)])).toEqual([
        ["src/util.ts", 2, "before", ["Keep add() pure"]],
      ]);
      await resolveThread(s.t.db, s.reviewer, job.id, first.id, { resolved: false });
      expect((await unresolvedThreads(s.t.db, change.id)).map((t) => t.comments.length)).toEqual([1, 3]);
      expect(old.side).toBe("before");
      const actions = (await s.t.db.auditEvent.findMany({ where: { subjectId: job.id, action: { startsWith: "review.comment" } } })).map((e) => e.action);
      expect(actions.sort()).toEqual(["review.comment", "review.comment", "review.comment.reopen", "review.comment.reply", "review.comment.reply", "review.comment.resolve"]);
    });

    it("refuses the submitter, other roles, lines that do not exist and another job's revision", async () => {
      const { job, change } = await newJob();
      const other = await newJob();
      const at = { changeId: change.id, file: "src/util.ts", line: 1, body: "x" };
      expect((await refusal(addComment(s.t.db, s.submitter, job.id, at))).kind).toBe("forbidden");
      const selfJob = await createAwaitingReviewJob(
        s.t.db,
        { repositoryId: s.repoRow.id, submitterId: s.reviewer.id },
        { files: [ADD_DOUBLE], baseCommit: s.repo.git("rev-parse", "main") },
      );
      expect((await refusal(addComment(s.t.db, s.reviewer, selfJob.job.id, { ...at, changeId: selfJob.change.id }))).kind).toBe("self-decision");
      expect((await refusal(addComment(s.t.db, s.reviewer, job.id, { ...at, line: 99 }))).issues[0].path).toBe("line");
      expect((await refusal(addComment(s.t.db, s.reviewer, job.id, { ...at, file: "README.md" }))).issues[0].path).toBe("file");
      expect((await refusal(addComment(s.t.db, s.reviewer, job.id, { ...at, changeId: other.change.id }))).issues[0].path).toBe("changeId");
      expect((await refusal(addComment(s.t.db, s.reviewer, job.id, { ...at, body: "  " }))).issues[0].path).toBe("body");
      expect((await refusal(addComment(s.t.db, s.reviewer, job.id, { file: "src/util.ts", body: "x" }))).issues.map((i) => i.path)).toEqual(["changeId", "line"]);
      const onOther = await addComment(s.t.db, s.reviewer, other.job.id, { ...at, changeId: other.change.id });
      expect((await refusal(addComment(s.t.db, s.reviewer, job.id, { replyTo: onOther.id, body: "x" }))).issues[0].path).toBe("replyTo");
      expect((await refusal(resolveThread(s.t.db, s.reviewer, job.id, onOther.id, { resolved: true }))).kind).toBe("not-found");
      expect(await s.t.db.reviewComment.count({ where: { jobId: job.id } })).toBe(0);
    });
  });

  it("sends the open threads with a reroute, anchored to their lines, as the next revision's instructions", async () => {
    const { job, change } = await newJob();
    const open = await addComment(s.t.db, s.reviewer, job.id, { changeId: change.id, file: "src/util.ts", line: 6, body: "Call it twice()" });
    await addComment(s.t.db, s.lead, job.id, { replyTo: open.id, body: "and add a test" });
    await addComment(s.t.db, s.reviewer, job.id, { changeId: change.id, file: "src/util.ts", line: 2, side: "before", body: "Keep a + b" });
    const done = await addComment(s.t.db, s.reviewer, job.id, { changeId: change.id, file: "src/util.ts", line: 1, body: "Already fine" });
    await resolveThread(s.t.db, s.reviewer, job.id, done.id, { resolved: true });
    const version = (await s.t.db.job.findUniqueOrThrow({ where: { id: job.id } })).version;
    await rerouteJob(s.t.db, s.reviewer, job.id, { changeId: change.id, version, tier: "accurate", note: "Address the comments" });
    const queued = await s.t.db.job.findUniqueOrThrow({ where: { id: job.id } });
    const instructions = parseInstructions(queued.nextInstructions);
    expect(instructions).toMatchObject({ note: "Address the comments", fromRevision: 1 });
    expect(instructions?.comments).toEqual([
      { file: "src/util.ts", line: 2, side: "old", body: "Keep a + b", author: "Riley Reviewer", excerpt: "  return a + b;" },
      { file: "src/util.ts", line: 6, side: "new", body: "Call it twice()\nLee Lead replied: and add a test", author: "Riley Reviewer", excerpt: "  return add(a, a);" },
    ]);
    const prompt = instructionsPromptSection(instructions!);
    expect(prompt).toContain("- src/util.ts:6 — Riley Reviewer\n  Line: `return add(a, a);`\n  Call it twice()");
    expect(prompt).not.toContain("Already fine");
  });

  describe("viewed marks", () => {
    it("counts per reviewer and lapse only for the files a new revision changes", async () => {
      const { job, change } = await newJob([ADD_DOUBLE, AUTH_EDIT]);
      await setViewed(s.t.db, s.reviewer, job.id, { changeId: change.id, file: "src/util.ts", viewed: true });
      const both = await setViewed(s.t.db, s.reviewer, job.id, { changeId: change.id, file: "src/auth/session.ts", viewed: true });
      expect(both.viewed.sort()).toEqual(["src/auth/session.ts", "src/util.ts"]);
      expect(await viewedPaths(s.t.db, s.reviewer2.id, job.id, [ADD_DOUBLE, AUTH_EDIT])).toEqual([]);

      const rerouted = await rerouteJob(s.t.db, s.reviewer, job.id, { changeId: change.id, version: (await s.t.db.job.findUniqueOrThrow({ where: { id: job.id } })).version, tier: "accurate", note: "Use 120 minutes" });
      expect(rerouted.status).toBe("queued");
      const changedAuth = { ...AUTH_EDIT, after: "export const TTL = 7200;\n" };
      const rev2 = await addRevision(s.t.db, job.id, { files: [ADD_DOUBLE, changedAuth], baseCommit: s.repo.git("rev-parse", "main"), tier: "accurate" });
      expect(await viewedPaths(s.t.db, s.reviewer.id, job.id, [ADD_DOUBLE, changedAuth])).toEqual(["src/util.ts"]);
      // A page still showing revision 1 is refused.
      expect((await refusal(setViewed(s.t.db, s.reviewer, job.id, { changeId: change.id, file: "src/util.ts", viewed: false }))).kind).toBe("stale");
      const unticked = await setViewed(s.t.db, s.reviewer, job.id, { changeId: rev2.change.id, file: "src/util.ts", viewed: false });
      expect(unticked.viewed).toEqual([]);
      expect((await refusal(setViewed(s.t.db, s.submitter, job.id, { changeId: rev2.change.id, file: "src/util.ts", viewed: true }))).kind).toBe("forbidden");
      expect((await refusal(setViewed(s.t.db, s.reviewer, job.id, { changeId: rev2.change.id, file: "nope.ts", viewed: true }))).kind).toBe("invalid");
    });
  });

  describe("required approvals", () => {
    afterAll(async () => setApprovals(1, []));

    it("merges only when the second distinct reviewer approves, and refuses a repeat and a stale page", async () => {
      await setApprovals(2, []);
      const start = s.repo.git("rev-parse", "main");
      const { job, change } = await newJob();
      const first = await approveChange(s.t.db, s.reviewer, job.id, { changeId: change.id, version: job.version });
      expect(first.merge).toBeNull();
      expect(first.approvals).toMatchObject({ met: false, required: 2, needed: ["1 more approval"], approvedBy: [{ name: "Riley Reviewer" }] });
      const waiting = await s.t.db.job.findUniqueOrThrow({ where: { id: job.id } });
      expect(waiting).toMatchObject({ status: "awaiting_review", version: job.version + 1 });
      expect(s.repo.git("rev-parse", "main")).toBe(start);

      expect((await refusal(approveChange(s.t.db, s.reviewer, job.id, { changeId: change.id, version: waiting.version }))).message).toMatch(/already approved/);
      // The second reviewer's page predates the first approval: refused, nothing recorded.
      expect((await refusal(approveChange(s.t.db, s.reviewer2, job.id, { changeId: change.id, version: job.version }))).kind).toBe("stale");
      expect(await s.t.db.review.count({ where: { jobId: job.id } })).toBe(1);

      const second = await approveChange(s.t.db, s.reviewer2, job.id, { changeId: change.id, version: waiting.version });
      expect(second.merge?.status).toBe("merged");
      expect(second.approvals).toMatchObject({ met: true, approvedBy: [{ name: "Riley Reviewer" }, { name: "Robin Reviewer" }] });
      expect(s.repo.git("log", "-1", "--format=%B", "main")).toContain("Reviewed-by: Robin Reviewer");
      s.repo.git("update-ref", "refs/heads/main", start);
    });

    it("needs a lead's approval for a lead-approval path, and nobody approves their own job", async () => {
      await setApprovals(1, ["**/auth/**"]);
      const start = s.repo.git("rev-parse", "main");
      const { job, change } = await newJob([AUTH_EDIT]);
      const first = await approveChange(s.t.db, s.reviewer, job.id, { changeId: change.id, version: job.version });
      expect(first.merge).toBeNull();
      expect(first.approvals.needed).toEqual(["a lead's approval (**/auth/** matches src/auth/session.ts)"]);
      const leadsOwn = await createAwaitingReviewJob(
        s.t.db,
        { repositoryId: s.repoRow.id, submitterId: s.lead.id },
        { files: [AUTH_EDIT], baseCommit: start },
      );
      expect((await refusal(approveChange(s.t.db, s.lead, leadsOwn.job.id, { changeId: leadsOwn.change.id, version: leadsOwn.job.version }))).kind).toBe("self-decision");
      const version = (await s.t.db.job.findUniqueOrThrow({ where: { id: job.id } })).version;
      const byLead = await approveChange(s.t.db, s.lead, job.id, { changeId: change.id, version });
      expect(byLead.merge?.status).toBe("merged");
      expect(byLead.approvals.leadApproved).toBe(true);
      await rejectJob(s.t.db, s.reviewer, leadsOwn.job.id, { changeId: leadsOwn.change.id, version: leadsOwn.job.version, reason: "cleanup" });
      s.repo.git("update-ref", "refs/heads/main", start);
    });
  });

  describe("re-run gates", () => {
    let registry: RegistryServer;
    beforeAll(async () => {
      registry = await startRegistryServer();
    });
    afterAll(async () => registry?.close());

    it("re-runs the same revision's gates through the worker, without a new generation, and audits it", async () => {
      const stale: SeedGate[] = [
        { gate: "tests", status: "fail", score: 50, summary: "1/2 tests passed (flaky)", findings: [] },
        { gate: "dependencies", status: "error", summary: "registry unreachable", findings: [] },
        { gate: "complexity", status: "pass", summary: "ok", findings: [] },
        { gate: "error-contract", status: "pass", summary: "ok", findings: [] },
      ];
      const { job, change } = await newJob([ADD_DOUBLE], stale);
      expect((await refusal(rerunGates(s.t.db, s.submitter, job.id, { changeId: change.id, version: job.version }))).kind).toBe("forbidden");
      const queued = await rerunGates(s.t.db, s.reviewer, job.id, { changeId: change.id, version: job.version });
      expect(queued).toMatchObject({ status: "queued", nextCause: "regate" });
      // The page that asked is now out of date.
      expect((await refusal(rerunGates(s.t.db, s.reviewer, job.id, { changeId: change.id, version: job.version }))).kind).toBe("stale");

      await runWorkerUntilIdle(
        s.t,
        createGenerationPipeline({
          gates: () => ({ dependencies: createDependenciesGate({ npmRegistry: registry.npmRegistry, cache: new MemoryRegistryCache() }) }),
          testTimeoutMs: 30_000,
        }),
        "regate-worker",
      );
      const after = await s.t.db.job.findUniqueOrThrow({ where: { id: job.id }, include: { changes: { include: { gateResults: true } } } });
      expect(after.status).toBe("awaiting_review");
      expect(after.nextCause).toBeNull();
      expect(after.changes).toHaveLength(1);
      const results = Object.fromEntries(after.changes[0].gateResults.map((g) => [g.gate, g.status]));
      expect(results.dependencies).toBe("pass");
      expect(results.tests).not.toBe("fail");
      const audit = await s.t.db.auditEvent.findFirstOrThrow({ where: { subjectId: job.id, action: "review.rerun-gates" } });
      expect(audit.details).toMatchObject({ revision: 1, previous: "tests fail, dependencies error, complexity pass, error-contract pass" });
    });
  });
});
