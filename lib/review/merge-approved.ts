/**
 * Second half of an approval: commit the approved revision onto the repository and move the job to
 * merged — or to conflict with the failing hunks when the branch moved and the patch no longer applies.
 * A local path repository gets the commit directly (lib/merge, git plumbing only, so the user's checkout
 * is never touched); a repository on a git server gets it pushed from this process's mirror
 * (push-change.ts). A server that is down or refuses the push leaves the job approved-not-merged, with
 * the reason on the job, for Finish merge.
 */
import type { Db } from "../db/client";
import type { Actor } from "../domain/audit";
import { ConflictError, transitionJob } from "../domain/transitions";
import { GATE_NAMES } from "../gates/types";
import { buildCommitMessage } from "../merge/commit-message";
import { mergeChange, type MergeInput, type MergeResult } from "../merge/merge-change";
import { pushChange, type PushResult } from "../merge/push-change";
import { gatehouseDataDir, mirrorDir } from "../git/mirror";
import { compareLink } from "../git/remote-url";
import { recordAudit } from "../domain/audit";
import { webUrlOf } from "../settings/repositories";
import { DecisionError } from "./errors";

export type MergeFn = (input: MergeInput) => Promise<MergeResult>;

export type MergeOutcome =
  | { status: "merged"; jobId: string; commit: string; branch: string; compareUrl?: string }
  | { status: "conflict"; jobId: string; branch: string; message: string; failingHunks: string[] }
  /** Still approved: the git server could not be reached or refused the push; Finish merge retries. */
  | { status: "not-merged"; jobId: string; branch: string; reason: string };

/** The compare link of a pushed branch per change, from the repository's template. */
export function compareUrlFor(
  repo: { url: string | null; webUrl: string | null; compareUrlTemplate: string | null; defaultBranch: string },
  branch: string | null,
  commit: string | null,
): string | undefined {
  if (!repo.compareUrlTemplate || !branch || !commit || branch === repo.defaultBranch) return undefined;
  return compareLink(repo.compareUrlTemplate, { web: webUrlOf(repo), base: repo.defaultBranch, branch, commit }) ?? undefined;
}

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

export interface MergeApprovedOptions {
  actor: Actor;
  /** Local path repositories: the merge function (tests replace it). */
  merge?: MergeFn;
  /** Repositories on a git server: where this process keeps its mirrors (default GATEHOUSE_DATA_DIR). */
  dataDir?: string;
}

export async function mergeApprovedJob(db: Db, jobId: string, opts: MergeApprovedOptions): Promise<MergeOutcome> {
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
  const author = { name: job.submitter.name, email: job.submitter.email };
  // Clock skew between web processes is tolerated; the walk only needs a bound.
  const marker = { jobId: job.id, since: new Date(job.createdAt.getTime() - 24 * 3600_000) };
  let result: MergeResult | PushResult;
  try {
    result = job.repository.url
      ? await pushChange({
          mirrorDir: mirrorDir(opts.dataDir ?? gatehouseDataDir(), job.repository.id),
          access: { url: job.repository.url, credentialEnv: job.repository.credentialEnv, sshKeyEnv: job.repository.sshKeyEnv },
          branch: target.branch,
          startPoint: target.startPoint,
          baseCommit: change.baseCommit,
          diff: change.diff,
          message,
          author,
          marker,
        })
      : await (opts.merge ?? mergeChange)({
          repoDir: job.repository.path,
          branch: target.branch,
          startPoint: target.startPoint,
          diff: change.diff,
          message,
          author,
          marker,
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

  if (result.status === "not-merged" || result.status === "moved") {
    const reason = result.status === "moved" ? `${result.branch} moved to ${result.head.slice(0, 10)}` : result.reason;
    // Still approved; the reason is on the job (no status change, so the version Finish merge sends stays valid).
    const { count } = await db.job.updateMany({ where: { id: job.id, status: "approved", version: job.version }, data: { statusReason: `not merged: ${reason}` } });
    if (count === 0) throw new DecisionError("stale", `Job ${jobId} changed while it was being merged`);
    await recordAudit(db, {
      actorId: opts.actor.id ?? null,
      actorLabel: opts.actor.label,
      action: "merge.not-merged",
      subjectType: "job",
      subjectId: job.id,
      details: { changeId: change.id, branch: result.branch, reason },
    });
    return { status: "not-merged", jobId: job.id, branch: result.branch, reason };
  }

  try {
    if (result.status === "merged") {
      await transitionJob(db, job.id, {
        from: "approved",
        to: "merged",
        expectVersion: job.version,
        actor: opts.actor,
        reason: `${result.alreadyMerged ? "found already merged" : job.repository.url ? "pushed" : "merged"} as ${result.commit.slice(0, 10)} on ${result.branch}${"reapplied" in result && result.reapplied ? ` (re-applied on ${result.parent.slice(0, 10)})` : ""}`,
        details: {
          changeId: change.id,
          revision: change.revision,
          commit: result.commit,
          branch: result.branch,
          parent: result.parent,
          alreadyMerged: result.alreadyMerged === true,
          baseCommit: change.baseCommit,
          reapplied: "reapplied" in result && result.reapplied === true,
        },
        data: { mergedCommit: result.commit, mergedBranch: result.branch },
      });
      const compareUrl = compareUrlFor(job.repository, result.branch, result.commit);
      return { status: "merged", jobId: job.id, commit: result.commit, branch: result.branch, ...(compareUrl ? { compareUrl } : {}) };
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
