/**
 * The worker loop: claim a due job, run the pipeline step that owns its status, move it on, repeat.
 * A heartbeat keeps the lease while the job is held; losing it (or shutting down past the grace period)
 * aborts the step's signal. Every write the worker makes is guarded by lease owner + version, so a
 * worker that lost its job cannot change it any more.
 */
import type { DbHandle } from "../db/client";
import type { Job } from "../domain/db-types";
import { ConflictError } from "../domain/errors";
import { isRunning, type JobStatus } from "../domain/job-status";
import { claimJob } from "../queue/claim";
import { heartbeat, releaseJob, setJobStage } from "../queue/lease";
import { completeStep, failJob, retryOrFailJob } from "../queue/step-results";
import { errorMessage, silentLogger, withFields, type Logger } from "./logger";
import type { Pipeline } from "./pipeline";
import { ProgressReporter } from "./progress";
import type { PipelineStep, StepOutcome } from "./steps";

export interface RunWorkerOptions {
  handle: DbHandle;
  workerId: string;
  pipeline: Pipeline;
  leaseMs: number;
  heartbeatMs: number;
  /** Sleep between claims when nothing is due. */
  pollMs: number;
  /** Shutdown: stop claiming; the running step gets graceMs to finish, then its signal aborts. */
  signal: AbortSignal;
  graceMs?: number;
  /** After a step's signal aborted, how long the worker waits for it to return before moving on. */
  abortSettleMs?: number;
  /** Base delay before retrying a job whose step threw; multiplied by the attempts used. */
  retryDelayMs?: number;
  progressIntervalMs?: number;
  /** Return as soon as nothing is due (scripts, benchmarks). */
  exitWhenIdle?: boolean;
  log?: Logger;
}

export type JobResult = "finished" | "waited" | "failed" | "retried" | "released" | "lost" | "error";
export type WorkerStats = { claimed: number } & Record<JobResult, number>;

export const DEFAULT_GRACE_MS = 20_000;

export async function runWorker(o: RunWorkerOptions): Promise<WorkerStats> {
  const log = o.log ?? silentLogger;
  const stats: WorkerStats = { claimed: 0, finished: 0, waited: 0, failed: 0, retried: 0, released: 0, lost: 0, error: 0 };
  log.info("worker started", { workerId: o.workerId, leaseMs: o.leaseMs });
  while (!o.signal.aborted) {
    let job: Job | null;
    try {
      job = await claimJob(o.handle, o.workerId, o.leaseMs);
    } catch (err) {
      log.error("claim failed", { error: errorMessage(err) });
      await sleep(o.pollMs, o.signal);
      continue;
    }
    if (!job) {
      if (o.exitWhenIdle) break;
      await sleep(o.pollMs, o.signal);
      continue;
    }
    stats.claimed++;
    const result = await processJob(o, job, log);
    stats[result]++;
    log.info("job done", { jobId: job.id, result });
  }
  log.info("worker stopped", { ...stats });
  return stats;
}

async function processJob(o: RunWorkerOptions, claimed: Job, log: Logger): Promise<JobResult> {
  const { db } = o.handle;
  const jobId = claimed.id;
  const held = { jobId, workerId: o.workerId };
  const stepControl = new AbortController();
  let lost = false;
  let shuttingDown = o.signal.aborted;
  let graceTimer: NodeJS.Timeout | undefined;
  const onShutdown = () => {
    shuttingDown = true;
    graceTimer = setTimeout(() => stepControl.abort(new Error("worker shutting down")), o.graceMs ?? DEFAULT_GRACE_MS);
  };
  o.signal.addEventListener("abort", onShutdown, { once: true });
  const beat = startHeartbeat(o, jobId, log, () => {
    lost = true;
    stepControl.abort(new Error("lease lost"));
  });

  try {
    let job = claimed;
    log.info("claimed", { jobId, status: job.status, attempt: job.attempts });
    for (;;) {
      if (lost) return "lost";
      if (shuttingDown) {
        const ok = await releaseJob(db, jobId, o.workerId, { reason: "released: worker shutting down" });
        return ok ? "released" : "lost";
      }
      if (job.status === "queued") {
        job = await enterPipeline(o, job);
        continue;
      }
      if (!isRunning(job.status)) return job.status === "failed" ? "failed" : "finished";
      const step = o.pipeline.stepFor(job.status);
      if (!step) {
        const reason = `no pipeline step handles status ${job.status}`;
        await failJob(db, { ...held, expectVersion: job.version, from: job.status as JobStatus, reason });
        return "failed";
      }

      let out: StepOutcome;
      try {
        out = await runStep(o, step, job, stepControl.signal, log);
      } catch (err) {
        if (lost) return "lost";
        if (shuttingDown && stepControl.signal.aborted) continue; // released at the top of the loop
        log.warn("step threw", { jobId, step: step.name, error: errorMessage(err) });
        const after = await retryOrFailJob(db, {
          ...held,
          expectVersion: job.version,
          from: job.status as JobStatus,
          error: `${step.name}: ${errorMessage(err)}`,
          retryDelayMs: (o.retryDelayMs ?? 5_000) * Math.max(1, job.attempts),
        });
        return after.status === "failed" ? "failed" : "retried";
      }
      if (lost) return "lost";

      if (out.kind === "advance") {
        job = await completeStep(db, {
          ...held,
          expectVersion: job.version,
          from: job.status as JobStatus,
          to: out.to ?? step.to,
          reason: out.reason,
          stage: out.stage,
          details: { step: step.name, ...out.details },
          data: out.data,
          effects: out.effects,
        });
        if (out.after) {
          try {
            await out.after(job);
          } catch (err) {
            log.warn("after-move work failed", { jobId, step: step.name, error: errorMessage(err) });
          }
        }
        // A step that sends the job back to the queue (e.g. an automatic reroute) has handed it back:
        // the lease is gone, so the next claim — by this or another worker — picks it up.
        if (job.status === "queued") return "finished";
        continue;
      }
      if (out.kind === "wait") {
        const ok = await releaseJob(db, jobId, o.workerId, { reason: out.reason, delayMs: out.delayMs });
        return ok ? "waited" : "lost";
      }
      const details = { step: step.name, ...out.details };
      await failJob(db, { ...held, expectVersion: job.version, from: job.status as JobStatus, reason: out.reason, details });
      return "failed";
    }
  } catch (err) {
    if (err instanceof ConflictError) {
      log.warn("job changed under the worker; abandoning it", { jobId, error: err.message });
      return "lost";
    }
    // Unexpected (e.g. database down): keep nothing; the lease lapses and a later claim resumes the job.
    log.error("job processing failed", { jobId, error: errorMessage(err) });
    return "error";
  } finally {
    // Wait for a heartbeat in flight: the process may disconnect from the database right after this.
    await beat.stop();
    clearTimeout(graceTimer);
    o.signal.removeEventListener("abort", onShutdown);
  }
}

/** queued → the pipeline's entry status. A pipeline that cannot say where the job starts fails it. */
async function enterPipeline(o: RunWorkerOptions, job: Job): Promise<Job> {
  const held = { jobId: job.id, workerId: o.workerId, expectVersion: job.version, from: "queued" as const };
  let entry;
  try {
    entry = await o.pipeline.entryStatus(job);
  } catch (err) {
    return failJob(o.handle.db, { ...held, reason: `cannot start: ${errorMessage(err)}` });
  }
  return completeStep(o.handle.db, { ...held, to: entry });
}

async function runStep(o: RunWorkerOptions, step: PipelineStep, job: Job, signal: AbortSignal, log: Logger): Promise<StepOutcome> {
  const stepLog = withFields(log, { jobId: job.id, step: step.name });
  const progress = new ProgressReporter(
    (stage) => setJobStage(o.handle.db, job.id, o.workerId, stage),
    o.progressIntervalMs ?? 1_000,
    (err) => stepLog.warn("progress write failed", { error: errorMessage(err) }),
  );
  try {
    const running = Promise.resolve().then(() =>
      step.run({ db: o.handle.db, job, workerId: o.workerId, signal, progress: (s) => progress.report(s), log: stepLog }),
    );
    return await settleOrAbandon(running, signal, o.abortSettleMs ?? 2_000);
  } finally {
    await progress.close();
  }
}

/** The step's result, or the abort reason if the step ignores its aborted signal for longer than settleMs. */
function settleOrAbandon<T>(running: Promise<T>, signal: AbortSignal, settleMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      timer = setTimeout(() => reject(signal.reason ?? new Error("aborted")), settleMs);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
    };
    running.then(
      (v) => (done(), resolve(v)),
      (e) => (done(), reject(e)),
    );
  });
}

function startHeartbeat(o: RunWorkerOptions, jobId: string, log: Logger, onLost: () => void): { stop(): Promise<void> } {
  let inflight: Promise<void> | null = null;
  let stopped = false;
  const beat = async () => {
    try {
      const owned = await heartbeat(o.handle.db, jobId, o.workerId, o.leaseMs);
      if (!owned && !stopped) {
        log.warn("lease lost", { jobId });
        stopped = true;
        clearInterval(timer);
        onLost();
      }
    } catch (err) {
      // A failed heartbeat is not a lost lease: keep trying until the lease is really gone.
      log.warn("heartbeat failed", { jobId, error: errorMessage(err) });
    }
  };
  const timer = setInterval(() => {
    if (inflight || stopped) return;
    inflight = beat().finally(() => (inflight = null));
  }, o.heartbeatMs);
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await inflight;
    },
  };
}


/** Resolves after ms, or early when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
