/**
 * Retry: a reviewer sends a failed job back to the queue, e.g. after a lead configured a real provider
 * for a tier the demo's recorded provider could not answer. failed → queued (audited as `job.retry`).
 * A revision that produced nothing (no diff, no gate results) is discarded so the next attempt opens the
 * same revision number again; a revision whose gates failed to run is gated again (nextCause "regate").
 */
import { z } from "zod";
import type { Db } from "../db/client";
import { can } from "../auth/permissions";
import { recordAudit } from "../domain/audit";
import type { Job } from "../domain/db-types";
import { ConflictError, transitionJob } from "../domain/transitions";
import { describeStale, loadDecisionContext, type Reviewer } from "./decision-context";
import { DecisionError } from "./errors";
import { parseDecisionInput } from "./parse-input";
import { REGATE_CAUSE } from "./rerun-gates";

export const RetryInputSchema = z.strictObject({
  /** Job.version the page showed: a job that moved since is refused as stale. */
  version: z.number().int().min(0),
});

export async function retryJob(db: Db, reviewer: Reviewer, jobId: string, raw: unknown, now: Date = new Date()): Promise<Job> {
  const input = parseDecisionInput(RetryInputSchema, raw);
  if (!can(reviewer.role, "job:review")) throw new DecisionError("forbidden", "Only reviewers and leads can retry a job");
  const { job, change } = await loadDecisionContext(db, jobId);
  if (job.status !== "failed") throw await describeStale(db, jobId, "Only a failed job can be retried");
  if (job.version !== input.version) throw await describeStale(db, jobId);

  const produced = change !== null && (change.diff !== "" || change.gateResults.length > 0);
  const discard = change !== null && !produced ? change : null;
  // A diff whose gates never finished is gated again; anything else starts over from the context step.
  // (an approved change re-applied on a moved branch keeps its own "rebased" path).
  const regate = change !== null && change.diff !== "";
  const nextCause = regate && job.nextCause !== "rebased" ? REGATE_CAUSE : job.nextCause;
  try {
    return await transitionJob(db, jobId, {
      from: "failed",
      to: "queued",
      expectVersion: input.version,
      actor: { id: reviewer.id, label: reviewer.email },
      reason: `retried by ${reviewer.name}`,
      details: { previousReason: job.statusReason },
      data: { attempts: 0, runAfter: now, finishedAt: null, nextCause },
      effects: async (tx) => {
        if (discard) await tx.change.delete({ where: { id: discard.id } });
        await recordAudit(tx, {
          actorId: reviewer.id,
          actorLabel: reviewer.email,
          action: "job.retry",
          subjectType: "job",
          subjectId: jobId,
          details: {
            previousReason: job.statusReason,
            discardedRevision: discard?.revision ?? null,
            regate,
          },
        });
      },
      now,
    });
  } catch (e) {
    if (e instanceof ConflictError) throw await describeStale(db, jobId, "Someone else moved this job first");
    throw e;
  }
}
