/**
 * Lease upkeep for a claimed job. Every write here is conditional on `leaseOwner = workerId`, so a
 * worker that lost its job (lease expired and someone else claimed it) can no longer touch it.
 */
import type { Db } from "../db/client";
import { workerActor } from "../domain/audit";
import { ConflictError } from "../domain/errors";
import { isRunning, RUNNING_STATUSES } from "../domain/job-status";
import { retryOnBusy } from "../domain/sqlite-busy";
import { transitionJob } from "../domain/transitions";

const LEASED_STATUSES = ["queued", ...RUNNING_STATUSES];

/** Extends the lease. False means the worker no longer owns the job and must abandon it. */
export async function heartbeat(db: Db, jobId: string, workerId: string, leaseMs: number, now: Date = new Date()): Promise<boolean> {
  const { count } = await retryOnBusy(() =>
    db.job.updateMany({
      where: { id: jobId, leaseOwner: workerId, status: { in: LEASED_STATUSES } },
      data: { leaseExpiresAt: new Date(now.getTime() + leaseMs) },
    }),
  );
  return count === 1;
}

/** Updates the human-readable progress text while the worker owns the job. */
export async function setJobStage(db: Db, jobId: string, workerId: string, stage: string | null): Promise<boolean> {
  const { count } = await retryOnBusy(() =>
    db.job.updateMany({ where: { id: jobId, leaseOwner: workerId }, data: { stage } }),
  );
  return count === 1;
}

export interface ReleaseOptions {
  /** Stored as statusReason, e.g. "released: worker shutting down" or "waiting: no provider for tier fast". */
  reason: string;
  /** Earliest next run; default now. */
  delayMs?: number;
  now?: Date;
}

/**
 * Hands a claimed job back to the queue without using up an attempt (the claim counted one): used on
 * shutdown and when a step has to wait. Returns false when the worker no longer owned the job.
 */
export async function releaseJob(db: Db, jobId: string, workerId: string, opts: ReleaseOptions): Promise<boolean> {
  const now = opts.now ?? new Date();
  const runAfter = new Date(now.getTime() + (opts.delayMs ?? 0));
  const job = await db.job.findUnique({ where: { id: jobId }, select: { status: true, version: true, leaseOwner: true } });
  if (!job || job.leaseOwner !== workerId) return false;

  if (isRunning(job.status)) {
    try {
      await transitionJob(db, jobId, {
        to: "queued",
        expectVersion: job.version,
        guard: { leaseOwner: workerId },
        actor: workerActor(workerId),
        reason: opts.reason,
        details: { released: true, delayMs: opts.delayMs ?? 0 },
        data: { attempts: { decrement: 1 }, runAfter },
        now,
      });
      return true;
    } catch (err) {
      if (err instanceof ConflictError) return false;
      throw err;
    }
  }
  // Still `queued` (claimed, no step started): no status change, just give the lease back.
  const { count } = await retryOnBusy(() =>
    db.job.updateMany({
      where: { id: jobId, status: "queued", leaseOwner: workerId, version: job.version },
      data: { leaseOwner: null, leaseExpiresAt: null, attempts: { decrement: 1 }, runAfter, statusReason: opts.reason },
    }),
  );
  return count === 1;
}
