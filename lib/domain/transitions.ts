/**
 * The only way a job's status changes. One transaction: a conditional update (status + version, plus
 * any caller guard such as the lease owner) and the audit event; if the row changed underneath us the
 * update matches nothing and we throw ConflictError, so two writers can never both "win".
 */
import type { Db, Prisma } from "../db/client";
import { recordAudit, type Actor } from "./audit";
import type { Job } from "./db-types";
import { ConflictError, JobNotFoundError } from "./errors";
import { assertTransition, isRunning, isTerminal, JobStatusSchema, type JobStatus } from "./job-status";
import { retryOnBusy } from "./sqlite-busy";

export { ConflictError, JobNotFoundError } from "./errors";

export interface TransitionOptions {
  /** Status the caller believes the job is in; a mismatch is a ConflictError. */
  from?: JobStatus;
  to: JobStatus;
  actor: Actor;
  /** Stored in Job.statusReason (cleared when omitted) and in the audit event. */
  reason?: string | null;
  /** Extra audit details, merged with {from, to, reason}. */
  details?: Record<string, unknown>;
  /** Optimistic concurrency: the Job.version the caller read. */
  expectVersion?: number;
  /** Extra Job fields written in the same update (e.g. runAfter, routedTier). */
  data?: Prisma.JobUpdateManyMutationInput;
  /** Job.stage after the move; null (the default) clears the previous status' progress text. */
  stage?: string | null;
  /** Extra conditions that must still hold, e.g. { leaseOwner: workerId }. */
  guard?: Prisma.JobWhereInput;
  /** Writes that must commit or roll back together with the move (a step's results, e.g. a Change row). */
  effects?: (tx: Prisma.TransactionClient, job: Job) => Promise<void>;
  now?: Date;
}

/** Effects may write a few rows (a change, gate results); waiting for the SQLite lock counts against maxWait. */
const TRANSACTION_LIMITS = { maxWait: 10_000, timeout: 15_000 };

/** Timestamps that follow from entering a status; explicit `data` wins. */
function statusStamps(from: JobStatus, to: JobStatus, now: Date): Prisma.JobUpdateManyMutationInput {
  const stamps: Prisma.JobUpdateManyMutationInput = {};
  if (to === "awaiting_review") stamps.readyForReviewAt = now;
  if (from === "awaiting_review") stamps.decidedAt = now;
  if (isTerminal(to)) stamps.finishedAt = now;
  // Only running statuses are leased; leaving them hands the job back (or ends it).
  if (!isRunning(to)) {
    stamps.leaseOwner = null;
    stamps.leaseExpiresAt = null;
  }
  return stamps;
}

export async function transitionJob(db: Db, jobId: string, opts: TransitionOptions): Promise<Job> {
  const to = JobStatusSchema.parse(opts.to);
  return retryOnBusy(() => attemptTransition(db, jobId, to, opts));
}

/** Status and version the move starts from: given by the caller (worker) or read now. */
async function startingPoint(db: Db, jobId: string, opts: TransitionOptions): Promise<{ status: string; version: number }> {
  if (opts.from !== undefined && opts.expectVersion !== undefined) return { status: opts.from, version: opts.expectVersion };
  // Read outside the transaction: the conditional update is what makes the move safe, and on SQLite a
  // transaction that starts with a read cannot wait for the write lock.
  const current = await db.job.findUnique({ where: { id: jobId }, select: { status: true, version: true } });
  if (!current) throw new JobNotFoundError(jobId);
  if (opts.from !== undefined && current.status !== opts.from) {
    throw new ConflictError(jobId, `job ${jobId} is ${current.status}, not ${opts.from}`);
  }
  if (opts.expectVersion !== undefined && current.version !== opts.expectVersion) {
    throw new ConflictError(jobId, `job ${jobId} changed (version ${current.version}, expected ${opts.expectVersion})`);
  }
  return current;
}

/** Explains a conditional update that matched nothing (the rare path, so it may cost a read). */
async function conflictFor(db: Db, jobId: string, from: string, to: string, version: number): Promise<Error> {
  const now = await db.job.findUnique({ where: { id: jobId }, select: { status: true, version: true } });
  if (!now) return new JobNotFoundError(jobId);
  return new ConflictError(
    jobId,
    `job ${jobId} changed before ${from} → ${to} could be applied (now ${now.status} v${now.version}, expected ${from} v${version})`,
  );
}

async function attemptTransition(db: Db, jobId: string, to: JobStatus, opts: TransitionOptions): Promise<Job> {
  const current = await startingPoint(db, jobId, opts);
  assertTransition(current.status, to);
  const from = current.status as JobStatus;
  const now = opts.now ?? new Date();
  const reason = opts.reason ?? null;

  try {
    return await db.$transaction(async (tx) => {
      const where: Prisma.JobWhereInput = { id: jobId, status: from, version: current.version };
      const { count } = await tx.job.updateMany({
        where: opts.guard ? { AND: [where, opts.guard] } : where,
        data: {
          ...statusStamps(from, to, now),
          ...opts.data,
          status: to,
          stage: opts.stage ?? null,
          statusReason: reason,
          version: { increment: 1 },
        },
      });
      if (count === 0) throw new NoMatch();
      await recordAudit(tx, {
        actorId: opts.actor.id ?? null,
        actorLabel: opts.actor.label,
        action: "job.status",
        subjectType: "job",
        subjectId: jobId,
        details: { ...opts.details, from, to, reason },
      });
      const job = await tx.job.findUniqueOrThrow({ where: { id: jobId } });
      if (opts.effects) await opts.effects(tx, job);
      return job;
    }, TRANSACTION_LIMITS);
  } catch (err) {
    if (err instanceof NoMatch) throw await conflictFor(db, jobId, from, to, current.version);
    throw err;
  }
}

/** Thrown inside the transaction to roll it back when the conditional update matched no row. */
class NoMatch extends Error {}
