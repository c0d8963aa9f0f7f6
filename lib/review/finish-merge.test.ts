/**
 * Finishing a merge an approval did not complete (the process stopped between the approval and the
 * merge, or between `update-ref` and the move to merged), on real databases and a real git repository.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DbHandle } from "../db/client";
import { testDatabases, type TestDb } from "../db/testing";
import { mergeChange, type MergeInput } from "../merge/merge-change";
import type { TempRepo } from "../testing/git-repo";
import { sleep } from "../worker/run-worker";
import { approveChange } from "./approve";
import type { DecisionError } from "./errors";
import { refusal } from "./testing/refusal";
import { finishMerge } from "./finish-merge";
import { createAwaitingReviewJob, createPerson, type Person } from "./testing/fixtures";
import { ADD_DOUBLE, openReviewSuite, type ReviewSuite } from "./testing/review-suite";

const EDIT = ADD_DOUBLE;

describe.each(testDatabases())("finishing an interrupted merge on %s", (provider) => {
  let suite: ReviewSuite;
  let t: TestDb;
  let other: DbHandle;
  let repo: TempRepo;
  let repoRow: { id: string };
  let submitter: Person, reviewer: Person, reviewer2: Person;
  let initial: string;

  beforeAll(async () => {
    suite = await openReviewSuite(provider);
    ({ t, other, repo, repoRow, submitter, reviewer, reviewer2 } = suite);
    initial = repo.git("rev-parse", "main");
  });
  afterAll(async () => suite?.close());
  // Each test starts from a main without double(), so the change applies.
  beforeEach(() => void repo.git("update-ref", "refs/heads/main", initial));

  const head = () => repo.git("rev-parse", "main");
  const newJob = () =>
    createAwaitingReviewJob(
      t.db,
      { repositoryId: repoRow.id, submitterId: submitter.id, title: "Add double()" },
      { files: [EDIT], baseCommit: head(), tier: "fast", model: "demo-fast" },
    );

  /**
   * Approves with a merge that stops for good — after committing when `landCommit` — like a web
   * process killed mid-merge. Resolves once the job is approved (and the commit is on main).
   */
  async function interruptedApproval(landCommit: boolean) {
    const { job, change } = await newJob();
    let landed: string | null = null;
    const stuck = async (input: MergeInput): Promise<never> => {
      if (landCommit) {
        const r = await mergeChange(input);
        if (r.status === "merged") landed = r.commit;
      }
      return new Promise<never>(() => {});
    };
    void approveChange(t.db, reviewer, job.id, { changeId: change.id, version: job.version }, { merge: stuck });
    for (let i = 0; ; i++) {
      const row = await t.db.job.findUniqueOrThrow({ where: { id: job.id } });
      if (row.status === "approved" && (!landCommit || landed)) return { job: row, landed };
      if (i > 400) throw new Error("the approval never got to the merge");
      await sleep(25);
    }
  }

  it("merges an approved job whose merge never ran, once, with the trailers", async () => {
    const start = head();
    const { job } = await interruptedApproval(false);
    expect(head()).toBe(start);
    const res = await finishMerge(t.db, reviewer2, job.id, { version: job.version });
    expect(res.status).toBe("merged");
    const after = await t.db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(after).toMatchObject({ status: "merged", mergedBranch: "main", mergedCommit: head() });
    expect(repo.git("rev-list", "--count", `${start}..main`)).toBe("1");
    const message = repo.git("log", "-1", "--format=%B", "main");
    expect(message).toContain(`Gatehouse-Job: ${job.id}`);
    expect(message).toContain("Reviewed-by: Riley Reviewer"); // the approver, not the one who finished
    const actions = (await t.db.auditEvent.findMany({ where: { subjectId: job.id }, orderBy: { createdAt: "asc" } })).map((e) => e.action);
    expect(actions).toContain("merge.finish");
  });

  it("adopts the commit an interrupted merge already put on the branch instead of committing twice", async () => {
    const start = head();
    const { job, landed } = await interruptedApproval(true);
    expect(landed).toBe(head());
    const res = await finishMerge(t.db, reviewer2, job.id, { version: job.version });
    expect(res).toMatchObject({ status: "merged", commit: landed, branch: "main" });
    expect(head()).toBe(landed);
    expect(repo.git("rev-list", "--count", `${start}..main`)).toBe("1");
    const after = await t.db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(after).toMatchObject({ status: "merged", mergedCommit: landed });
    const moved = await t.db.auditEvent.findFirstOrThrow({ where: { subjectId: job.id, action: "job.status" }, orderBy: { createdAt: "desc" } });
    expect(moved.details).toMatchObject({ to: "merged", alreadyMerged: true, parent: start });
  });

  it("lets exactly one of two people finishing at once win, with one commit", async () => {
    const start = head();
    const { job } = await interruptedApproval(false);
    const results = await Promise.allSettled([
      finishMerge(t.db, reviewer2, job.id, { version: job.version }),
      finishMerge(other.db, reviewer, job.id, { version: job.version }),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0].reason as DecisionError).kind).toBe("stale");
    expect(repo.git("rev-list", "--count", `${start}..main`)).toBe("1");
    expect((await t.db.job.findUniqueOrThrow({ where: { id: job.id } })).mergedCommit).toBe(head());
    const finished = await t.db.auditEvent.findMany({ where: { subjectId: job.id, action: "merge.finish" } });
    expect(finished.map((e) => e.details)).toEqual([{ outcome: "merged", commit: head() }]);
  });

  it("refuses the submitter, other roles, a stale version, a job that is not approved, bad bodies and unknown jobs", async () => {
    const { job } = await interruptedApproval(false);
    const before = head();
    expect((await refusal(finishMerge(t.db, { ...submitter, role: "reviewer" }, job.id, { version: job.version }))).kind).toBe("self-decision");
    const other = await createPerson(t.db, "submitter", "Other Submitter");
    expect((await refusal(finishMerge(t.db, other, job.id, { version: job.version }))).kind).toBe("forbidden");
    const stale = await refusal(finishMerge(t.db, reviewer2, job.id, { version: job.version - 1 }));
    expect(stale.kind).toBe("stale");
    expect(stale.status).toBe(409);
    const invalid = await refusal(finishMerge(t.db, reviewer2, job.id, { version: "x" }));
    expect(invalid.kind).toBe("invalid");
    expect((await refusal(finishMerge(t.db, reviewer2, "no-such-job", { version: 0 }))).kind).toBe("not-found");
    const { job: waiting } = await newJob();
    const notApproved = await refusal(finishMerge(t.db, reviewer2, waiting.id, { version: waiting.version }));
    expect(notApproved.kind).toBe("stale");
    expect(notApproved.message).toMatch(/not waiting for its merge.*awaiting review/);
    // Refusals changed nothing.
    expect(head()).toBe(before);
    expect((await t.db.job.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("approved");
    expect(await t.db.auditEvent.count({ where: { subjectId: job.id, action: "merge.finish" } })).toBe(0);
  });
});
