/**
 * The pipeline contract. A step owns one running status: it runs while the job is in `from` and, when
 * it says "advance", the worker moves the job to `to`. Because each step is keyed by status, a job
 * reclaimed after a crash re-runs the step that owns the status it was left in.
 */
import type { Db, Prisma } from "../db/client";
import type { Job } from "../domain/db-types";
import type { JobStatus, RunningStatus } from "../domain/job-status";
import type { Logger } from "./logger";

export interface StepContext {
  db: Db;
  /** The job as it was when the step started (status === step.from). */
  job: Job;
  workerId: string;
  /** Aborted when the lease is lost or the worker shuts down past its grace period: stop soon. */
  signal: AbortSignal;
  /** Human-readable progress within the status ("running tests 3/4"); written to Job.stage, throttled. */
  progress(stage: string): void;
  log: Logger;
}

interface MoveFields {
  reason?: string;
  /** Job.stage after the move. */
  stage?: string;
  details?: Record<string, unknown>;
  /** Extra Job fields written with the move (e.g. routedTier). */
  data?: Prisma.JobUpdateManyMutationInput;
  /** The step's results (Change rows, gate results…), committed in the same transaction as the move,
   *  and only if this worker still holds the job: a worker that lost its lease writes nothing. */
  effects?: (tx: Prisma.TransactionClient, job: Job) => Promise<void>;
  /** Work that follows the committed move outside the transaction (e.g. pushing a change that became approved).
   *  If the worker dies before it, the job simply stays in the status it moved to. */
  after?: (job: Job) => Promise<void>;
}

export type StepOutcome =
  /** Move to `to` (default: the step's `to`); the worker continues with the step owning the new status, if any. */
  | ({ kind: "advance"; to?: JobStatus } & MoveFields)
  /** Not possible now (e.g. no provider for a tier): back to the queue until delayMs passed, attempt not used. */
  | { kind: "wait"; delayMs: number; reason: string }
  /** Give up for good. */
  | { kind: "fail"; reason: string; details?: Record<string, unknown> };

export interface PipelineStep {
  name: string;
  /** status the job must be in to run this step */
  from: RunningStatus;
  to: JobStatus;
  run(ctx: StepContext): Promise<StepOutcome>;
}

export const outcome = {
  advance(fields: MoveFields = {}): StepOutcome {
    return { kind: "advance", ...fields };
  },
  /** Leave the pipeline, e.g. finish("awaiting_review"). */
  finish(to: JobStatus, fields: MoveFields = {}): StepOutcome {
    return { kind: "advance", to, ...fields };
  },
  wait(delayMs: number, reason: string): StepOutcome {
    return { kind: "wait", delayMs, reason: reason.startsWith("waiting") ? reason : `waiting: ${reason}` };
  },
  fail(reason: string, details?: Record<string, unknown>): StepOutcome {
    return { kind: "fail", reason, details };
  },
};
