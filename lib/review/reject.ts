/** Reject: the job ends without a merge. A written reason is required; it is shown on the job. */
import type { Db } from "../db/client";
import { recordAudit } from "../domain/audit";
import type { Job } from "../domain/db-types";
import { ConflictError, transitionJob } from "../domain/transitions";
import { assertFresh, assertMayDecide, describeStale, loadDecisionContext, type Reviewer } from "./decision-context";
import { RejectInputSchema } from "./decision-input";
import { parseDecisionInput } from "./parse-input";

export async function rejectJob(db: Db, reviewer: Reviewer, jobId: string, raw: unknown): Promise<Job> {
  const input = parseDecisionInput(RejectInputSchema, raw);
  const ctx = await loadDecisionContext(db, jobId);
  assertMayDecide(reviewer, ctx.job);
  const change = await assertFresh(db, ctx, input, ["awaiting_review", "conflict"]);
  try {
    return await transitionJob(db, jobId, {
      from: ctx.job.status as "awaiting_review" | "conflict",
      to: "rejected",
      expectVersion: input.version,
      actor: { id: reviewer.id, label: reviewer.email },
      reason: `rejected by ${reviewer.name}: ${input.reason}`,
      details: { changeId: change.id, revision: change.revision },
      effects: async (tx) => {
        await tx.review.create({
          data: { jobId, changeId: change.id, reviewerId: reviewer.id, decision: "reject", reason: input.reason },
        });
        await recordAudit(tx, {
          actorId: reviewer.id,
          actorLabel: reviewer.email,
          action: "review.reject",
          subjectType: "job",
          subjectId: jobId,
          details: { changeId: change.id, revision: change.revision, reason: input.reason },
        });
      },
    });
  } catch (e) {
    if (e instanceof ConflictError) throw await describeStale(db, jobId, "Another decision was recorded first");
    throw e;
  }
}
