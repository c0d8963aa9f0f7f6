/**
 * Approve: the one decision that merges. Each approval (Review row + audit event, and the version bump
 * or status move) commits in one transaction guarded by the job version the reviewer saw, so of two
 * reviewers approving at the same moment exactly one is recorded. When the policy requires more
 * approvals (or a lead's, for lead-approval paths) an approval that does not complete them is recorded
 * and the job keeps waiting; the approval that completes them moves the job to approved and merges.
 */
import type { Db, Prisma } from "../db/client";
import { can } from "../auth/permissions";
import { recordAudit } from "../domain/audit";
import { retryOnBusy } from "../domain/sqlite-busy";
import { ConflictError, transitionJob } from "../domain/transitions";
import { getPolicy } from "../settings/policy";
import { assertFresh, assertMayDecide, describeStale, loadDecisionContext, type Reviewer } from "./decision-context";
import { changedPathsOf, evaluateApprovals, type ApprovalVerdict } from "./approvals";
import { ApproveInputSchema } from "./decision-input";
import { DecisionError } from "./errors";
import { evaluateMergePolicy } from "./merge-policy";
import { mergeApprovedJob, type MergeFn, type MergeOutcome } from "./merge-approved";
import { parseDecisionInput } from "./parse-input";

export interface ApproveResult {
  override: boolean;
  approvals: ApprovalVerdict;
  /** Null while more approvals are needed. */
  merge: MergeOutcome | null;
}

export async function approveChange(
  db: Db,
  reviewer: Reviewer,
  jobId: string,
  raw: unknown,
  deps: { merge?: MergeFn } = {},
): Promise<ApproveResult> {
  const input = parseDecisionInput(ApproveInputSchema, raw);
  const ctx = await loadDecisionContext(db, jobId);
  assertMayDecide(reviewer, ctx.job);
  const change = await assertFresh(db, ctx, input, ["awaiting_review"]);

  const policy = await getPolicy(db);
  const verdict = evaluateMergePolicy(change.gateResults, policy);
  let justification: string | null = null;
  if (!verdict.met) {
    if (!input.override) {
      throw new DecisionError("policy", `The merge policy is not met: ${verdict.reasons.join("; ")}`);
    }
    if (!can(reviewer.role, "job:override")) {
      throw new DecisionError("forbidden", "Only a lead can approve a change that does not meet the merge policy");
    }
    justification = input.override.justification;
  }

  const earlier = await db.review.findMany({
    where: { jobId, changeId: change.id, decision: "approve" },
    include: { reviewer: { select: { id: true, name: true, role: true } } },
  });
  if (earlier.some((r) => r.reviewerId === reviewer.id)) {
    throw new DecisionError("invalid", `You already approved revision ${change.revision}; another reviewer's approval is needed`);
  }
  const approvals = evaluateApprovals(
    [...earlier.map((r) => ({ reviewerId: r.reviewer.id, name: r.reviewer.name, role: r.reviewer.role })), { reviewerId: reviewer.id, name: reviewer.name, role: reviewer.role }],
    policy,
    changedPathsOf(change.files),
  );

  const actor = { id: reviewer.id, label: reviewer.email };
  const recordApproval = async (tx: Prisma.TransactionClient) => {
    await tx.review.create({
      data: { jobId, changeId: change.id, reviewerId: reviewer.id, decision: "approve", reason: justification, override: justification !== null },
    });
    await recordAudit(tx, {
      actorId: reviewer.id,
      actorLabel: reviewer.email,
      action: justification ? "review.override" : "review.approve",
      subjectType: "job",
      subjectId: jobId,
      details: {
        changeId: change.id,
        revision: change.revision,
        approvals: `${approvals.approvedBy.length} of ${approvals.required}`,
        ...(approvals.met ? {} : { stillNeeded: approvals.needed }),
        ...(justification ? { justification, policyReasons: verdict.reasons } : {}),
      },
    });
  };
  const overrideData = justification ? { overrideById: reviewer.id, overrideReason: justification } : {};

  if (!approvals.met) {
    await recordPartialApproval(db, jobId, input.version, overrideData, recordApproval);
    return { override: justification !== null, approvals, merge: null };
  }
  try {
    await transitionJob(db, jobId, {
      from: "awaiting_review",
      to: "approved",
      expectVersion: input.version,
      actor,
      reason: justification ? `approved by ${reviewer.name} overriding the merge policy` : `approved by ${reviewer.name}`,
      details: { changeId: change.id, revision: change.revision, override: justification !== null },
      data: overrideData,
      effects: recordApproval,
    });
  } catch (e) {
    if (e instanceof ConflictError) throw await describeStale(db, jobId, "Another decision was recorded first");
    throw e;
  }
  return { override: justification !== null, approvals, merge: await mergeApprovedJob(db, jobId, { actor, merge: deps.merge }) };
}

/**
 * An approval that does not complete the required ones: the job stays awaiting review, but its version
 * moves on in the same transaction, so a concurrent decision taken on the older page is refused.
 */
async function recordPartialApproval(
  db: Db,
  jobId: string,
  version: number,
  data: Prisma.JobUpdateManyMutationInput,
  effects: (tx: Prisma.TransactionClient) => Promise<void>,
): Promise<void> {
  const recorded = await retryOnBusy(() =>
    db.$transaction(async (tx) => {
      const { count } = await tx.job.updateMany({
        where: { id: jobId, status: "awaiting_review", version },
        data: { ...data, version: { increment: 1 } },
      });
      if (count === 0) return false;
      await effects(tx);
      return true;
    }),
  );
  if (!recorded) throw await describeStale(db, jobId, "Another decision was recorded first");
}
