/**
 * Approve: the one decision that merges. The approval (status move + Review row + audit event) commits
 * in one transaction guarded by the job version the reviewer saw, so of two reviewers approving at the
 * same moment exactly one wins and only the winner merges.
 */
import type { Db } from "../db/client";
import { can } from "../auth/permissions";
import { recordAudit } from "../domain/audit";
import { ConflictError, transitionJob } from "../domain/transitions";
import { getPolicy } from "../settings/policy";
import { assertFresh, assertMayDecide, describeStale, loadDecisionContext, type Reviewer } from "./decision-context";
import { ApproveInputSchema } from "./decision-input";
import { DecisionError } from "./errors";
import { evaluateMergePolicy } from "./merge-policy";
import { mergeApprovedJob, type MergeFn, type MergeOutcome } from "./merge-approved";
import { parseDecisionInput } from "./parse-input";

export interface ApproveResult {
  override: boolean;
  merge: MergeOutcome;
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

  const verdict = evaluateMergePolicy(change.gateResults, await getPolicy(db));
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

  const actor = { id: reviewer.id, label: reviewer.email };
  try {
    await transitionJob(db, jobId, {
      from: "awaiting_review",
      to: "approved",
      expectVersion: input.version,
      actor,
      reason: justification ? `approved by ${reviewer.name} overriding the merge policy` : `approved by ${reviewer.name}`,
      details: { changeId: change.id, revision: change.revision, override: justification !== null },
      data: justification ? { overrideById: reviewer.id, overrideReason: justification } : {},
      effects: async (tx) => {
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
            ...(justification ? { justification, policyReasons: verdict.reasons } : {}),
          },
        });
      },
    });
  } catch (e) {
    if (e instanceof ConflictError) throw await describeStale(db, jobId, "Another decision was recorded first");
    throw e;
  }
  return { override: justification !== null, merge: await mergeApprovedJob(db, jobId, { actor, merge: deps.merge }) };
}
