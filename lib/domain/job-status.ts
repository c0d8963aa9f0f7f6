/**
 * The job state machine. Every status change goes through `transitionJob` (transitions.ts), which
 * checks it against this table, so the table is the single definition of what may happen to a job.
 */
import { z } from "zod";

export const JOB_STATUSES = [
  "queued",
  "building_context",
  "generating",
  "gating",
  "awaiting_review",
  "approved",
  "merged",
  "rerouted",
  "rejected",
  "failed",
  "conflict",
] as const;

export type JobStatus = (typeof JOB_STATUSES)[number];
export const JobStatusSchema = z.enum(JOB_STATUSES);

/** Statuses in which a worker holds the job under a lease and does work. */
export const RUNNING_STATUSES = ["building_context", "generating", "gating"] as const satisfies readonly JobStatus[];
export type RunningStatus = (typeof RUNNING_STATUSES)[number];

/** Statuses the pipeline never leaves; only a person's Retry sends a failed job back to the queue. */
export const TERMINAL_STATUSES = ["merged", "rejected", "failed"] as const satisfies readonly JobStatus[];

const RUNNING_EXITS = ["queued", "failed"] as const;

/**
 * Legal moves. Running statuses may go back to `queued` (lease released or lost, retry, waiting) or to
 * `failed`. `queued → gating` is the patch-intake path: the change was made elsewhere, only gates run.
 * `approved → queued → gating → approved`: the branch moved before an approved change was pushed and the
 * policy re-runs the gates on the change re-applied to the new head; still meeting the policy, it is pushed.
 * `awaiting_review → queued → gating → awaiting_review`: a reviewer re-runs the gates of the current revision
 * (lib/review/rerun-gates.ts); no new revision is generated.
 * `failed → queued` is a reviewer's Retry (lib/review/retry.ts), e.g. once a real provider serves the tier.
 */
export const TRANSITIONS: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  queued: ["building_context", "gating", "failed"],
  building_context: ["generating", ...RUNNING_EXITS],
  generating: ["gating", ...RUNNING_EXITS],
  gating: ["awaiting_review", "approved", ...RUNNING_EXITS],
  awaiting_review: ["approved", "rerouted", "rejected", "queued"],
  approved: ["merged", "conflict", "queued"],
  rerouted: ["queued"],
  conflict: ["rerouted", "rejected"],
  merged: [],
  rejected: [],
  failed: ["queued"],
};

export class IllegalTransitionError extends Error {
  readonly from: string;
  readonly to: string;
  constructor(from: string, to: string) {
    super(`illegal job status transition ${from} → ${to}`);
    this.name = "IllegalTransitionError";
    this.from = from;
    this.to = to;
  }
}

export function isJobStatus(value: unknown): value is JobStatus {
  return typeof value === "string" && (JOB_STATUSES as readonly string[]).includes(value);
}

/** Unknown strings (SQLite stores statuses as plain TEXT) are never legal on either side. */
export function canTransition(from: string, to: string): boolean {
  if (!isJobStatus(from) || !isJobStatus(to)) return false;
  return TRANSITIONS[from].includes(to);
}

export function assertTransition(from: string, to: string): asserts to is JobStatus {
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to);
}

export function isTerminal(status: string): boolean {
  return (TERMINAL_STATUSES as readonly string[]).includes(status);
}

export function isRunning(status: string): status is RunningStatus {
  return (RUNNING_STATUSES as readonly string[]).includes(status);
}
