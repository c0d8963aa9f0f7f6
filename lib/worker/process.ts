/**
 * A worker as an OS process: config from env, the shared DB client, SIGTERM/SIGINT handling.
 * Used by `npm run worker` (main.ts) and by the test worker, so tests exercise the same shutdown path.
 */
import { getDbHandle, type DbHandle } from "../db/client";
import { configureSqliteBusyTimeout } from "../queue/sql";
import { jsonLogger, withFields, type Logger } from "./logger";
import type { Pipeline } from "./pipeline";
import { runWorker, type WorkerStats } from "./run-worker";
import { workerConfigFromEnv } from "./config";

export interface WorkerProcessOptions {
  pipeline: Pipeline;
  env?: NodeJS.ProcessEnv;
  handle?: DbHandle;
  log?: Logger;
}

/** Runs until SIGTERM/SIGINT, then lets the current step finish (or releases the job) and resolves. */
export async function runWorkerProcess(opts: WorkerProcessOptions): Promise<WorkerStats> {
  const config = workerConfigFromEnv(opts.env);
  const log = opts.log ?? jsonLogger({ worker: config.workerId });
  const handle = opts.handle ?? getDbHandle();
  await configureSqliteBusyTimeout(handle, config.sqliteBusyTimeoutMs);

  const shutdown = new AbortController();
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    signals++;
    if (signals === 1) {
      log.info("shutdown requested", { signal: sig, graceMs: config.graceMs });
      shutdown.abort();
    } else {
      log.warn("second signal, exiting now", { signal: sig });
      process.exit(1);
    }
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  try {
    // Each slot is an independent claim loop with its own id, so leases and audit say which slot held a job.
    const slots = Array.from({ length: config.concurrency }, (_, i) => {
      const workerId = config.concurrency > 1 ? `${config.workerId}/${i + 1}` : config.workerId;
      return runWorker({ ...config, workerId, handle, pipeline: opts.pipeline, signal: shutdown.signal, log: config.concurrency > 1 ? withFields(log, { slot: i + 1 }) : log });
    });
    return sumStats(await Promise.all(slots));
  } finally {
    process.off("SIGTERM", onSignal);
    process.off("SIGINT", onSignal);
    await disconnectWithin(handle, DISCONNECT_MS, log);
  }
}


function sumStats(all: WorkerStats[]): WorkerStats {
  const total = { ...all[0] };
  for (const s of all.slice(1)) for (const k of Object.keys(total) as (keyof WorkerStats)[]) total[k] += s[k];
  return total;
}

const DISCONNECT_MS = 5_000;

/** A database that does not close its connections must not keep a stopping worker alive. */
async function disconnectWithin(handle: DbHandle, ms: number, log: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), ms)));
  try {
    const r = await Promise.race([handle.db.$disconnect(), timedOut]);
    if (r === "timeout") log.warn("database disconnect timed out; exiting anyway", { ms });
  } finally {
    clearTimeout(timer);
  }
}
