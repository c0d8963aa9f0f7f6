/**
 * Finish merge: an approval commits first and merges second, so a process that dies in between leaves
 * the job `approved` with no merge recorded. Any reviewer other than the submitter can finish it; the
 * merge adopts a commit the interrupted run already made (by its Gatehouse-Job trailer) instead of
 * committing twice, and the job version guards against two people finishing at once.
 */
import type { Db } from "../db/client";
import { recordAudit } from "../domain/audit";
import { assertMayDecide, describeStale, type Reviewer } from "./decision-context";
import { FinishMergeInputSchema } from "./decision-input";
import { DecisionError } from "./errors";
import { mergeApprovedJob, type MergeFn, type MergeOutcome } from "./merge-approved";
import { parseDecisionInput } from "./parse-input";

export async function finishMerge(db: Db, reviewer: Reviewer, jobId: string, raw: unknown, deps: { merge?: MergeFn } = {}): Promise<MergeOutcome> {
  const input = parseDecisionInput(FinishMergeInputSchema, raw);
  const job = await db.job.findUnique({ where: { id: jobId }, select: { id: true, status: true, version: true, submitterId: true } });
  if (!job) throw new DecisionError("not-found", `Job ${jobId} not found`);
  assertMayDecide(reviewer, job);
  if (job.status !== "approved") throw await describeStale(db, jobId, "This job is not waiting for its merge");
  if (job.version !== input.version) throw await describeStale(db, jobId);

  const actor = { id: reviewer.id, label: reviewer.email };
  const outcome = await mergeApprovedJob(db, jobId, { actor, merge: deps.merge });
  // Recorded once the merge was decided (a refused or raced attempt leaves no trace but its 409).
  await recordAudit(db, {
    actorId: reviewer.id,
    actorLabel: reviewer.email,
    action: "merge.finish",
    subjectType: "job",
    subjectId: jobId,
    details: { outcome: outcome.status, ...(outcome.status === "merged" ? { commit: outcome.commit } : {}) },
  });
  return outcome;
}
