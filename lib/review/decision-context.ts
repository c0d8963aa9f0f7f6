/**
 * What every decision checks first: the job and its latest revision exist, the reviewer may decide
 * (role, not their own job), and the page they decided on is still current (same revision, same job
 * version, still waiting for this kind of decision). Refusals change nothing.
 */
import type { Db } from "../db/client";
import { can } from "../auth/permissions";
import type { JobStatus } from "../domain/job-status";
import { DecisionError } from "./errors";

export interface Reviewer {
  id: string;
  email: string;
  name: string;
  role: string;
}

export async function loadDecisionContext(db: Db, jobId: string) {
  const job = await db.job.findUnique({
    where: { id: jobId },
    include: { repository: true, submitter: { select: { id: true, email: true, name: true } } },
  });
  if (!job) throw new DecisionError("not-found", `Job ${jobId} not found`);
  const change = await db.change.findFirst({
    where: { jobId },
    orderBy: { revision: "desc" },
    include: { gateResults: true },
  });
  return { job, change };
}

export type DecisionContext = Awaited<ReturnType<typeof loadDecisionContext>>;

/** Deciding (and commenting, `verb` "comment on") needs a reviewer or lead who did not submit the job. */
export function assertMayDecide(reviewer: Reviewer, job: { submitterId: string }, verb = "decide on"): void {
  if (!can(reviewer.role, "job:review")) {
    throw new DecisionError("forbidden", `Only reviewers and leads can ${verb} changes`);
  }
  if (job.submitterId === reviewer.id) {
    throw new DecisionError("self-decision", `You submitted this job, so another reviewer has to ${verb} it`);
  }
}

const RELOAD = "Reload the page to see it; nothing was changed.";

/** Describes the job as it is now, for a reviewer whose page is out of date. */
export async function describeStale(db: Db, jobId: string, lead = "This job changed since you opened it"): Promise<DecisionError> {
  const job = await db.job.findUnique({ where: { id: jobId }, select: { status: true } });
  const last = await db.review.findFirst({
    where: { jobId },
    orderBy: { createdAt: "desc" },
    include: { reviewer: { select: { name: true } } },
  });
  const by = last ? `: ${last.reviewer.name} chose ${last.decision}` : "";
  return new DecisionError("stale", `${lead} (it is now ${job?.status.replace(/_/g, " ") ?? "gone"}${by}). ${RELOAD}`);
}

export async function assertFresh(
  db: Db,
  ctx: DecisionContext,
  seen: { changeId: string; version: number },
  allowed: readonly JobStatus[],
): Promise<NonNullable<DecisionContext["change"]>> {
  const { job, change } = ctx;
  if (!change) throw new DecisionError("stale", `This job has no revision to decide on yet. ${RELOAD}`);
  if (change.id !== seen.changeId) {
    const old = await db.change.findUnique({ where: { id: seen.changeId }, select: { jobId: true, revision: true } });
    if (!old || old.jobId !== job.id) {
      throw new DecisionError("invalid", "That revision does not belong to this job", [{ path: "changeId", message: "Unknown revision" }]);
    }
    throw new DecisionError(
      "stale",
      `Revision ${change.revision} replaced revision ${old.revision}, which you were looking at. ${RELOAD}`,
    );
  }
  if (!(allowed as readonly string[]).includes(job.status)) {
    throw await describeStale(db, job.id, "This job is no longer waiting for this decision");
  }
  if (job.version !== seen.version) throw await describeStale(db, job.id);
  return change;
}
