/** Runs a worker in this process until the queue is empty (tests that need the real worker loop). */
import type { DbHandle } from "../../db/client";
import type { Pipeline } from "../pipeline";
import { runWorker } from "../run-worker";

export async function runWorkerUntilIdle(handle: DbHandle, pipeline: Pipeline, workerId = "test-worker"): Promise<void> {
  await runWorker({
    handle,
    workerId,
    pipeline,
    leaseMs: 30_000,
    heartbeatMs: 5_000,
    pollMs: 10,
    signal: new AbortController().signal,
    exitWhenIdle: true,
    retryDelayMs: 0,
  });
}
