/**
 * Status moves a worker makes on a job it holds. All are guarded by the lease owner and the version the
 * worker last saw, so a worker that lost the job gets ConflictError instead of overwriting the new owner.
 */
import type { Db, Prisma } from "../db/client";
import { workerActor } from "../domain/audit";
import type { Job } from "../domain/db-types";
import type { JobStatus } from "../domain/job-status";
import { transitionJob } from "../domain/transitions";

export interface HeldJob {
  jobId: string;
  workerId: string;
  /** Job.version the worker last saw (after its claim or its last move). */
  expectVersion: number;
  /** Status the worker last saw; with expectVersion it spares the move a read. */
  from?: JobStatus;
}

export interface CompleteStepOptions extends HeldJob {
  to: JobStatus;
  reason?: string | null;
  stage?: string | null;
  details?: Record<string, unknown>;
  data?: Prisma.JobUpdateManyMutationInput;
  /** The step's results, committed atomically with the move. */
  effects?: (tx: Prisma.TransactionClient, job: Job) => Promise<void>;
}

/** Moves a held job on (next running status, or out of the pipeline, e.g. awaiting_review). */
export function completeStep(db: Db, o: CompleteStepOptions): Promise<Job> {
  return transitionJob(db, o.jobId, {
    from: o.from,
    to: o.to,
    expectVersion: o.expectVersion,
    guard: { leaseOwner: o.workerId },
    actor: workerActor(o.workerId),
    reason: o.reason,
    stage: o.stage,
    details: o.details,
    data: o.data,
    effects: o.effects,
  });
}

export function failJob(db: Db, o: HeldJob & { reason: string; details?: Record<string, unknown> }): Promise<Job> {
  return completeStep(db, { ...o, to: "failed" });
}

export interface RetryOptions extends HeldJob {
  /** What went wrong, for the job page. */
  error: string;
  retryDelayMs: number;
  now?: Date;
}

/**
 * After an unexpected error: back to the queue (the attempt stays used) while attempts remain,
 * otherwise failed. The job must be in a running status.
 */
export async function retryOrFailJob(db: Db, o: RetryOptions): Promise<Job> {
  const job = await db.job.findUniqueOrThrow({ where: { id: o.jobId }, select: { attempts: true, maxAttempts: true } });
  const now = o.now ?? new Date();
  if (job.attempts < job.maxAttempts) {
    return completeStep(db, {
      ...o,
      to: "queued",
      reason: `attempt ${job.attempts} of ${job.maxAttempts} failed: ${o.error}; retrying`,
      details: { error: o.error, attempts: job.attempts },
      data: { runAfter: new Date(now.getTime() + o.retryDelayMs) },
    });
  }
  return failJob(db, {
    ...o,
    reason: `failed after ${job.attempts} attempts: ${o.error}`,
    details: { error: o.error, attempts: job.attempts },
  });
}
