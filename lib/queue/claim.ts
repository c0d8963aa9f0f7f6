/**
 * Claiming: one statement picks the next due job and leases it, so two claimers can never get the
 * same job. PostgreSQL: the inner SELECT … FOR UPDATE SKIP LOCKED lets concurrent claimers pass each
 * other. SQLite: an UPDATE takes the database write lock before it evaluates its subquery, so the
 * whole statement is atomic across processes; contention waits on busy_timeout, then retries.
 *
 * Two kinds of due job, tried in this order:
 *  1. resume: a running status whose lease expired (its worker died) — it was started first;
 *  2. queued with runAfter reached and no live lease, by runAfter then createdAt.
 * Each is its own statement so each walks its own index ([status, leaseExpiresAt] and
 * [status, runAfter, createdAt]) instead of sorting every candidate. A queued job keeps status
 * `queued` while leased: the pipeline decides where it enters.
 */
import type { DbHandle } from "../db/client";
import { SYSTEM_ACTOR, workerActor } from "../domain/audit";
import type { Job } from "../domain/db-types";
import { ConflictError } from "../domain/errors";
import { RUNNING_STATUSES } from "../domain/job-status";
import { retryOnBusy } from "../domain/sqlite-busy";
import { transitionJob } from "../domain/transitions";
import { sqlParams, tableName } from "./sql";

const RUNNING_LIST = RUNNING_STATUSES.map((s) => `'${s}'`).join(", ");

type ClaimKind = "resume" | "queued";

function claimStatement(handle: DbHandle, kind: ClaimKind, workerId: string, leaseExpiresAt: Date, now: Date) {
  const t = tableName(handle, "Job");
  const { p, values } = sqlParams(handle);
  // Placeholders are numbered in the order p() is called, so the SET list is written first.
  const set = `"leaseOwner" = ${p(workerId)}, "leaseExpiresAt" = ${p(leaseExpiresAt)}, "attempts" = "attempts" + 1,
        "version" = "version" + 1, "updatedAt" = ${p(now)}`;
  const due =
    kind === "resume"
      ? // Exhausted ones are failed by failExhaustedJobs, with the lost owner in the reason.
        `"status" IN (${RUNNING_LIST}) AND ("leaseExpiresAt" IS NULL OR "leaseExpiresAt" <= ${p(now)})
         AND "attempts" < "maxAttempts"`
      : `"status" = 'queued' AND "runAfter" <= ${p(now)} AND ("leaseExpiresAt" IS NULL OR "leaseExpiresAt" <= ${p(now)})`;
  const pick = `SELECT "id" FROM ${t} WHERE ${due}
      ORDER BY "runAfter", "createdAt"
      LIMIT 1${handle.provider === "postgres" ? " FOR UPDATE SKIP LOCKED" : ""}`;
  return { sql: `UPDATE ${t} SET ${set} WHERE "id" = (${pick}) RETURNING *`, values };
}

/** The claimed row as the driver adapter maps it (typed by the declared column types, Json parsed). */
async function claimOne(handle: DbHandle, kind: ClaimKind, workerId: string, leaseMs: number, now: Date): Promise<Job | null> {
  const { sql, values } = claimStatement(handle, kind, workerId, new Date(now.getTime() + leaseMs), now);
  const rows = await retryOnBusy(() => handle.db.$queryRawUnsafe<Job[]>(sql, ...values));
  return rows[0] ?? null;
}

export interface ClaimOptions {
  /** Clock for tests; defaults to now. */
  now?: Date;
}

/**
 * Leases the next due job to `workerId` for `leaseMs` and returns it (attempts already counted), or
 * null when nothing is due. Due jobs that have used all their attempts are failed, with a reason.
 */
export async function claimJob(handle: DbHandle, workerId: string, leaseMs: number, opts: ClaimOptions = {}): Promise<Job | null> {
  const now = opts.now ?? new Date();
  await failExhaustedJobs(handle, now);
  for (;;) {
    const job = (await claimOne(handle, "resume", workerId, leaseMs, now)) ?? (await claimOne(handle, "queued", workerId, leaseMs, now));
    if (!job) return null;
    if (job.attempts <= job.maxAttempts) return job;
    // Only a queued job can get here (its maxAttempts was lowered, or attempts edited): we hold it, so fail it.
    await failOverusedClaim(handle, job, workerId, now);
  }
}

async function failOverusedClaim(handle: DbHandle, job: Job, workerId: string, now: Date): Promise<void> {
  const used = job.attempts - 1; // this claim will not run
  try {
    await transitionJob(handle.db, job.id, {
      to: "failed",
      expectVersion: job.version,
      from: "queued",
      guard: { leaseOwner: workerId },
      actor: workerActor(workerId),
      reason: `attempts exhausted (${used} of ${job.maxAttempts})`,
      details: { attempts: used, maxAttempts: job.maxAttempts },
      data: { attempts: used },
      now,
    });
  } catch (err) {
    if (!(err instanceof ConflictError)) throw err;
  }
}

/**
 * Running jobs with an expired lease whose next claim would exceed maxAttempts: workers kept dying (or
 * losing the lease) on them. Retrying forever would take the queue down with it, so they fail.
 */
export async function failExhaustedJobs(handle: DbHandle, now: Date = new Date()): Promise<number> {
  const { db } = handle;
  const expired = { OR: [{ leaseExpiresAt: null }, { leaseExpiresAt: { lte: now } }] };
  const candidates = await db.job.findMany({
    where: { status: { in: [...RUNNING_STATUSES] }, ...expired, attempts: { gte: db.job.fields.maxAttempts } },
    select: { id: true, version: true, attempts: true, maxAttempts: true, leaseOwner: true },
    take: 20,
  });
  let failed = 0;
  for (const c of candidates) {
    try {
      await transitionJob(db, c.id, {
        to: "failed",
        expectVersion: c.version,
        // Still expired and still the same owner: a worker that came back and renewed its lease keeps the job.
        guard: { leaseOwner: c.leaseOwner, ...expired },
        actor: SYSTEM_ACTOR,
        reason: `worker lost the job ${c.attempts} times (last lease owner ${c.leaseOwner ?? "unknown"})`,
        details: { attempts: c.attempts, maxAttempts: c.maxAttempts, lastLeaseOwner: c.leaseOwner },
        now,
      });
      failed++;
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
    }
  }
  return failed;
}
