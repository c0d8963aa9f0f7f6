/**
 * Re-run gates: a reviewer sends the current revision back through the gates (flaky tests, a registry
 * that changed) without a new generation. awaiting_review → queued with nextCause "regate"; the worker
 * then enters at gating (lib/worker/default-pipeline.ts), replaces the revision's gate results and
 * returns the job to review. Audited with the results it replaces.
 */
import { z } from "zod";
import type { Db } from "../db/client";
import { can } from "../auth/permissions";
import { recordAudit } from "../domain/audit";
import type { Job } from "../domain/db-types";
import { ConflictError, transitionJob } from "../domain/transitions";
import { GATE_NAMES } from "../gates/types";
import { assertFresh, describeStale, loadDecisionContext, type Reviewer } from "./decision-context";
import { DecisionError } from "./errors";
import { parseDecisionInput } from "./parse-input";

/** Job.nextCause of a job queued only to re-run the gates of its latest revision. */
export const REGATE_CAUSE = "regate";

export const RerunGatesInputSchema = z.strictObject({
  changeId: z.string().trim().min(1, "changeId is required"),
  version: z.number().int().min(0),
});

export async function rerunGates(db: Db, reviewer: Reviewer, jobId: string, raw: unknown, now: Date = new Date()): Promise<Job> {
  const input = parseDecisionInput(RerunGatesInputSchema, raw);
  // Not a decision: a submitter who is also a reviewer may re-run their own job's gates; the result
  // is still approved by someone else.
  if (!can(reviewer.role, "job:review")) throw new DecisionError("forbidden", "Only reviewers and leads can re-run gates");
  const ctx = await loadDecisionContext(db, jobId);
  const change = await assertFresh(db, ctx, input, ["awaiting_review"]);
  const rank = (gate: string) => {
    const i = (GATE_NAMES as readonly string[]).indexOf(gate);
    return i === -1 ? GATE_NAMES.length : i;
  };
  const previous = [...change.gateResults]
    .sort((a, b) => rank(a.gate) - rank(b.gate) || a.gate.localeCompare(b.gate))
    .map((g) => `${g.gate} ${g.status}`)
    .join(", ");
  try {
    return await transitionJob(db, jobId, {
      from: "awaiting_review",
      to: "queued",
      expectVersion: input.version,
      actor: { id: reviewer.id, label: reviewer.email },
      reason: `gates re-run on revision ${change.revision} by ${reviewer.name}`,
      details: { changeId: change.id, revision: change.revision },
      // Not a decision: the time of the first decision is kept.
      data: { nextCause: REGATE_CAUSE, attempts: 0, runAfter: now, decidedAt: ctx.job.decidedAt },
      effects: async (tx) => {
        await recordAudit(tx, {
          actorId: reviewer.id,
          actorLabel: reviewer.email,
          action: "review.rerun-gates",
          subjectType: "job",
          subjectId: jobId,
          details: { changeId: change.id, revision: change.revision, previous },
        });
      },
      now,
    });
  } catch (e) {
    if (e instanceof ConflictError) throw await describeStale(db, jobId, "Another decision was recorded first");
    throw e;
  }
}
