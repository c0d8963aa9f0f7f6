import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../db/client";
import { testDatabases, type TestDb } from "../db/testing";
import type { TempRepo } from "../testing/git-repo";
import { approveChange } from "./approve";
import type { DecisionError } from "./errors";
import { refusal } from "./testing/refusal";
import { rejectJob } from "./reject";
import { rerouteJob } from "./reroute";
import { addRevision, createAwaitingReviewJob, createRepositoryRow, passingGates, type Person, type SeedGate } from "./testing/fixtures";
import { ADD_DOUBLE, openReviewSuite, REVIEW_REPO_FILES, type ReviewSuite } from "./testing/review-suite";

const BASE = REVIEW_REPO_FILES;
const EDIT = ADD_DOUBLE;

describe.each(testDatabases())("review decisions on %s", (provider) => {
  let suite: ReviewSuite;
  let t: TestDb;
  let other: DbHandle;
  let repo: TempRepo;
  let repoRow: { id: string };
  let submitter: Person, reviewer: Person, reviewer2: Person, lead: Person;

  beforeAll(async () => {
    suite = await openReviewSuite(provider);
    ({ t, other, repo, repoRow, submitter, reviewer, reviewer2, lead } = suite);
  });
  afterAll(async () => suite?.close());

  const head = (branch = "main") => repo.git("rev-parse", branch);
  const newJob = (opts: { gates?: SeedGate[]; submitterId?: string; targetPaths?: string[]; files?: (typeof EDIT)[] } = {}) =>
    createAwaitingReviewJob(
      t.db,
      { repositoryId: repoRow.id, submitterId: opts.submitterId ?? submitter.id, title: "Add double()", targetPaths: opts.targetPaths },
      { files: opts.files ?? [EDIT], baseCommit: head(), gates: opts.gates, tier: "fast", model: "demo-fast" },
    );
  const reviews = (jobId: string) => t.db.review.findMany({ where: { jobId } });
  // Each merge test starts from a main without double(), so patches keep applying.
  const resetMain = (to: string) => repo.git("update-ref", "refs/heads/main", to);

  it("approves, merges with the trailers and leaves a dirty checkout alone", async () => {
    const start = head();
    const { job, change } = await newJob();
    // Uncommitted edits in the user's checkout must survive the merge untouched.
    fs.writeFileSync(path.join(repo.dir, "README.md"), "local edit\n");
    const res = await approveChange(t.db, reviewer, job.id, { changeId: change.id, version: job.version });
    expect(res.merge?.status).toBe("merged");
    const after = await t.db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(after.status).toBe("merged");
    expect(after.mergedBranch).toBe("main");
    expect(after.mergedCommit).toBe(head());
    expect(repo.git("rev-parse", `${after.mergedCommit}^`)).toBe(start);
    const message = repo.git("log", "-1", "--format=%B", "main");
    expect(message).toContain("Add double()");
    expect(message).toContain(`Reviewed-by: Riley Reviewer <${reviewer.email}>`);
    expect(message).toContain("Generated-by: fast/demo-fast");
    expect(message).toContain(`Gatehouse-Job: ${job.id}`);
    expect(message).toContain("tests: pass");
    expect(repo.git("show", "main:src/util.ts")).toContain("export function double");
    expect(fs.readFileSync(path.join(repo.dir, "README.md"), "utf8")).toBe("local edit\n");
    expect(repo.git("status", "--porcelain")).toContain("README.md");
    const rows = await reviews(job.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ decision: "approve", reviewerId: reviewer.id, changeId: change.id, override: false });
    const actions = (await t.db.auditEvent.findMany({ where: { subjectType: "job", subjectId: job.id }, orderBy: { createdAt: "asc" } })).map(
      (e) => e.action === "job.status" ? `status:${(e.details as { to: string }).to}` : e.action,
    );
    expect(actions).toEqual(expect.arrayContaining(["review.approve", "status:approved", "status:merged"]));
    fs.writeFileSync(path.join(repo.dir, "README.md"), BASE["README.md"]);
    resetMain(start);
  });

  it("refuses a decision by the job's submitter and by a role without job:review", async () => {
    const { job, change } = await newJob({ submitterId: reviewer.id });
    const seen = { changeId: change.id, version: job.version };
    expect((await refusal(approveChange(t.db, reviewer, job.id, seen))).kind).toBe("self-decision");
    expect((await refusal(rejectJob(t.db, reviewer, job.id, { ...seen, reason: "no" }))).kind).toBe("self-decision");
    expect((await refusal(rerouteJob(t.db, reviewer, job.id, { ...seen, tier: "accurate", note: "x" }))).kind).toBe("self-decision");
    const { job: j2, change: c2 } = await newJob();
    expect((await refusal(approveChange(t.db, submitter, j2.id, { changeId: c2.id, version: j2.version }))).kind).toBe("forbidden");
    expect(await reviews(job.id)).toHaveLength(0);
    expect((await t.db.job.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("awaiting_review");
  });

  it("refuses a stale decision: an older revision or an older job version", async () => {
    const start = head();
    const { job, change: first } = await newJob();
    // The job was rerouted and a second revision arrived while a reviewer still had revision 1 open.
    await rerouteJob(t.db, reviewer2, job.id, { changeId: first.id, version: job.version, tier: "accurate", note: "use a loop" });
    const { job: now, change: second } = await addRevision(t.db, job.id, { files: [EDIT], baseCommit: start, tier: "accurate", model: "demo-accurate" });
    const old = await refusal(approveChange(t.db, reviewer, job.id, { changeId: first.id, version: job.version }));
    expect(old.kind).toBe("stale");
    expect(old.status).toBe(409);
    expect(old.message).toMatch(/Revision 2 replaced revision 1/);
    const oldVersion = await refusal(approveChange(t.db, reviewer, job.id, { changeId: second.id, version: now.version - 1 }));
    expect(oldVersion.kind).toBe("stale");
    expect(oldVersion.message).toMatch(/changed since you opened it/);
    expect((await reviews(job.id)).filter((r) => r.decision === "approve")).toHaveLength(0);
    expect(head()).toBe(start);
    // Another reviewer's decision also makes the page stale.
    await rejectJob(t.db, reviewer2, job.id, { changeId: second.id, version: now.version, reason: "not needed" });
    const decided = await refusal(approveChange(t.db, reviewer, job.id, { changeId: second.id, version: now.version }));
    expect(decided.kind).toBe("stale");
    expect(decided.message).toMatch(/rejected.*Robin Reviewer chose reject/);
    expect(head()).toBe(start);
  });

  it("lets exactly one of two simultaneous approvals win, with one merge commit", async () => {
    const start = head();
    const { job, change } = await newJob();
    const seen = { changeId: change.id, version: job.version };
    const results = await Promise.allSettled([
      approveChange(t.db, reviewer, job.id, seen),
      approveChange(other.db, lead, job.id, seen),
      approveChange(t.db, reviewer2, job.id, seen),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(2);
    for (const l of lost) expect((l.reason as DecisionError).kind).toBe("stale");
    expect((await reviews(job.id)).filter((r) => r.decision === "approve")).toHaveLength(1);
    expect(repo.git("rev-list", "--count", `${start}..main`)).toBe("1");
    expect((await t.db.job.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("merged");
    resetMain(start);
  });

  it("requires a reason to reject", async () => {
    const { job, change } = await newJob();
    const e = await refusal(rejectJob(t.db, reviewer, job.id, { changeId: change.id, version: job.version, reason: "  " }));
    expect(e.kind).toBe("invalid");
    expect(e.issues.map((i) => i.path)).toContain("reason");
    const rejected = await rejectJob(t.db, reviewer, job.id, { changeId: change.id, version: job.version, reason: "duplicate of another job" });
    expect(rejected.status).toBe("rejected");
    expect(rejected.statusReason).toContain("duplicate of another job");
    const [r] = await reviews(job.id);
    expect(r).toMatchObject({ decision: "reject", reason: "duplicate of another job" });
    expect(await t.db.auditEvent.count({ where: { subjectId: job.id, action: "review.reject" } })).toBe(1);
  });

  it("reroutes: tier, cause, note, model and count are set and the job is queued again", async () => {
    await t.db.provider.create({ data: { name: `acc-${provider}`, tier: "accurate", kind: "recorded", baseUrl: "recorded://x", model: "big-model" } });
    const { job, change } = await newJob();
    await t.db.job.update({ where: { id: job.id }, data: { attempts: 3 } });
    const seen = { changeId: change.id, version: job.version };
    const badModel = await refusal(rerouteJob(t.db, reviewer, job.id, { ...seen, tier: "accurate", model: "nope", note: "try harder" }));
    expect(badModel.issues[0].path).toBe("model");
    const noNote = await refusal(rerouteJob(t.db, reviewer, job.id, { ...seen, tier: "accurate", note: "" }));
    expect(noNote.issues[0].path).toBe("note");
    const queued = await rerouteJob(t.db, reviewer, job.id, { ...seen, tier: "accurate", model: "big-model", note: "Use a loop, not recursion" });
    expect(queued).toMatchObject({
      status: "queued",
      routedTier: "accurate",
      nextCause: "reviewer",
      nextNote: "Use a loop, not recursion",
      nextModel: "big-model",
      rerouteCount: 1,
      attempts: 0,
      nextInstructions: { note: "Use a loop, not recursion", comments: [], problems: [], fromRevision: 1 },
    });
    const statuses = (await t.db.auditEvent.findMany({ where: { subjectId: job.id, action: "job.status" }, orderBy: { createdAt: "asc" } })).map(
      (e) => (e.details as { to: string }).to,
    );
    expect(statuses.slice(-2)).toEqual(["rerouted", "queued"]);
    const [r] = await reviews(job.id);
    expect(r).toMatchObject({ decision: "reroute", rerouteTier: "accurate", rerouteModel: "big-model", reason: "Use a loop, not recursion" });
  });

  it("refuses a reroute below the tier a protected path requires", async () => {
    const { job, change } = await newJob({
      files: [{ path: "src/auth/session.ts", before: BASE["src/auth/session.ts"], after: "export const TTL = 120;\n" }],
    });
    const e = await refusal(rerouteJob(t.db, reviewer, job.id, { changeId: change.id, version: job.version, tier: "fast", note: "cheaper" }));
    expect(e.kind).toBe("invalid");
    expect(e.issues[0]).toMatchObject({ path: "tier" });
    expect(e.message).toMatch(/auth/);
    expect((await t.db.job.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("awaiting_review");
  });

  it("blocks approval when the policy is not met, unless a lead overrides with a justification", async () => {
    const start = head();
    const gates = passingGates().map((g) =>
      g.gate === "tests" ? { ...g, status: "fail", score: 75, summary: "3/4 tests passed (75%)" } : g,
    );
    const { job, change } = await newJob({ gates });
    const seen = { changeId: change.id, version: job.version };
    const blocked = await refusal(approveChange(t.db, reviewer, job.id, seen));
    expect(blocked.kind).toBe("policy");
    expect(blocked.message).toMatch(/tests gate failed/);
    expect(blocked.message).toMatch(/75% is below the minimum of 95%/);
    const notLead = await refusal(approveChange(t.db, reviewer, job.id, { ...seen, override: { justification: "flaky test, verified by hand" } }));
    expect(notLead.kind).toBe("forbidden");
    expect((await refusal(approveChange(t.db, lead, job.id, seen))).kind).toBe("policy");
    const short = await refusal(approveChange(t.db, lead, job.id, { ...seen, override: { justification: "ok" } }));
    expect(short.issues[0].path).toBe("override.justification");
    expect(await reviews(job.id)).toHaveLength(0);
    expect(head()).toBe(start);

    const res = await approveChange(t.db, lead, job.id, { ...seen, override: { justification: "Flaky network test, verified by hand" } });
    expect(res.override).toBe(true);
    expect(res.merge?.status).toBe("merged");
    const after = await t.db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(after).toMatchObject({ status: "merged", overrideById: lead.id, overrideReason: "Flaky network test, verified by hand" });
    const [r] = await reviews(job.id);
    expect(r).toMatchObject({ override: true, reason: "Flaky network test, verified by hand" });
    expect(repo.git("log", "-1", "--format=%B", "main")).toContain("Policy override by Lee Lead: Flaky network test, verified by hand");
    expect(await t.db.auditEvent.count({ where: { subjectId: job.id, action: "review.override" } })).toBe(1);
    resetMain(start);
  });

  it("goes to conflict with the failing hunks when the branch moved, and can be rerouted from there", async () => {
    const start = head();
    const { job, change } = await newJob();
    repo.write({ "src/util.ts": "export function add(x: number, y: number) {\n  return x + y;\n}\n" });
    repo.commit("rename parameters");
    const moved = head();
    const res = await approveChange(t.db, reviewer, job.id, { changeId: change.id, version: job.version });
    expect(res.merge?.status).toBe("conflict");
    if (res.merge?.status !== "conflict") return;
    expect(res.merge.failingHunks.join("\n")).toMatch(/src\/util\.ts/);
    expect(head()).toBe(moved);
    const conflicted = await t.db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(conflicted.status).toBe("conflict");
    expect(conflicted.mergedCommit).toBeNull();
    const ev = await t.db.auditEvent.findFirst({ where: { subjectId: job.id, action: "job.status" }, orderBy: { createdAt: "desc" } });
    expect((ev?.details as { failingHunks: string[] }).failingHunks.length).toBeGreaterThan(0);

    const queued = await rerouteJob(t.db, reviewer, job.id, { changeId: change.id, version: conflicted.version, tier: "accurate", note: "Rebase on the new head" });
    expect(queued).toMatchObject({ status: "queued", nextCause: "conflict", routedTier: "accurate", rerouteCount: 1 });
    resetMain(start);
  });

  it("merges to gatehouse/<job> when the repository uses a branch per change", async () => {
    const start = head();
    const row = await createRepositoryRow(t.db, repo.dir, { branchPerChange: true });
    const { job, change } = await createAwaitingReviewJob(
      t.db,
      { repositoryId: row.id, submitterId: submitter.id },
      { files: [EDIT], baseCommit: start },
    );
    const res = await approveChange(t.db, lead, job.id, { changeId: change.id, version: job.version });
    expect(res.merge).toMatchObject({ status: "merged", branch: `gatehouse/${job.id}` });
    expect(head()).toBe(start);
    expect(repo.git("rev-parse", `gatehouse/${job.id}^`)).toBe(start);
  });
});
