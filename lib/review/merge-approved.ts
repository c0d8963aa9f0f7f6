/**
 * Second half of an approval: commit the approved revision onto the repository (lib/merge, git
 * plumbing only, so the user's checkout is never touched) and move the job to merged — or to conflict
 * with the failing hunks when the branch moved and the patch no longer applies.
 */
import type { Db } from "../db/client";
import type { Actor } from "../domain/audit";
import { ConflictError, transitionJob } from "../domain/transitions";
import { GATE_NAMES } from "../gates/types";
import { buildCommitMessage } from "../merge/commit-message";
import { mergeChange, type MergeInput, type MergeResult } from "../merge/merge-change";
import { DecisionError } from "./errors";

export type MergeFn = (input: MergeInput) => Promise<MergeResult>;

export type MergeOutcome =
  | { status: "merged"; jobId: string; commit: string; branch: string }
  | { status: "conflict"; jobId: string; branch: string; message: string; failingHunks: string[] };

/** Branch an approved job lands on: the default branch, or gatehouse/<job> with branch-per-change. */
export function mergeTarget(repo: { defaultBranch: string; branchPerChange: boolean }, jobId: string) {
  return repo.branchPerChange
    ? { branch: `gatehouse/${jobId}`, startPoint: repo.defaultBranch }
    : { branch: repo.defaultBranch, startPoint: undefined };
}

function gateOrder(gate: string): number {
  const i = (GATE_NAMES as readonly string[]).indexOf(gate);
  return i === -1 ? GATE_NAMES.length : i;
}

export async function mergeApprovedJob(db: Db, jobId: string, opts: { actor: Actor; merge?: MergeFn }): Promise<MergeOutcome> {
  const job = await db.job.findUnique({
    where: { id: jobId },
    include: { repository: true, submitter: { select: { name: true, email: true } } },
  });
  if (!job) throw new DecisionError("not-found", `Job ${jobId} not found`);
  if (job.status !== "approved") throw new DecisionError("stale", `Job ${jobId} is ${job.status}, not approved`);
  const change = await db.change.findFirst({ where: { jobId }, orderBy: { revision: "desc" }, include: { gateResults: true } });
  if (!change) throw new DecisionError("stale", `Job ${jobId} has no revision to merge`);

  const approval = await db.review.findFirst({
    where: { jobId, changeId: change.id, decision: "approve" },
    orderBy: { createdAt: "desc" },
    include: { reviewer: { select: { name: true, email: true } } },
  });
  const overrideBy = job.overrideById
    ? await db.user.findUnique({ where: { id: job.overrideById }, select: { name: true, email: true } })
    : null;
  const message = buildCommitMessage({
    title: job.title,
    instruction: job.instruction,
    reviewer: approval ? `${approval.reviewer.name} <${approval.reviewer.email}>` : opts.actor.label,
    tier: change.tier,
    model: change.model,
    jobId: job.id,
    gates: [...change.gateResults]
      .sort((a, b) => gateOrder(a.gate) - gateOrder(b.gate))
      .map((g) => ({ gate: g.gate, status: g.status, summary: g.summary })),
    override: job.overrideReason ? { by: overrideBy?.name ?? "a lead", reason: job.overrideReason } : null,
  });

  const target = mergeTarget(job.repository, job.id);
  let result: MergeResult;
  try {
    result = await (opts.merge ?? mergeChange)({
      repoDir: job.repository.path,
      branch: target.branch,
      startPoint: target.startPoint,
      diff: change.diff,
      message,
      author: { name: job.submitter.name, email: job.submitter.email },
      // Clock skew between web processes is tolerated; the walk only needs a bound.
      marker: { jobId: job.id, since: new Date(job.createdAt.getTime() - 24 * 3600_000) },
    });
  } catch (e) {
    // A merge that cannot even be attempted (repository gone, branch kept moving) must not leave the
    // job stuck in "approved": it becomes a conflict a reviewer can reroute or reject.
    result = {
      status: "conflict",
      branch: target.branch,
      head: "",
      message: `the merge failed: ${e instanceof Error ? e.message : String(e)}`,
      failingHunks: [],
    };
  }

  try {
    if (result.status === "merged") {
      await transitionJob(db, job.id, {
        from: "approved",
        to: "merged",
        expectVersion: job.version,
        actor: opts.actor,
        reason: `${result.alreadyMerged ? "found already merged" : "merged"} as ${result.commit.slice(0, 10)} on ${result.branch}`,
        details: {
          changeId: change.id,
          revision: change.revision,
          commit: result.commit,
          branch: result.branch,
          parent: result.parent,
          alreadyMerged: result.alreadyMerged === true,
        },
        data: { mergedCommit: result.commit, mergedBranch: result.branch },
      });
      return { status: "merged", jobId: job.id, commit: result.commit, branch: result.branch };
    }
    await transitionJob(db, job.id, {
      from: "approved",
      to: "conflict",
      expectVersion: job.version,
      actor: opts.actor,
      reason: result.message,
      details: { changeId: change.id, revision: change.revision, branch: result.branch, head: result.head, failingHunks: result.failingHunks },
    });
    return { status: "conflict", jobId: job.id, branch: result.branch, message: result.message, failingHunks: result.failingHunks };
  } catch (e) {
    if (e instanceof ConflictError) throw new DecisionError("stale", `Job ${jobId} changed while it was being merged`);
    throw e;
  }
}
