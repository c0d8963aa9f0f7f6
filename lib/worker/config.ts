/** Worker settings from the environment, validated once at startup. */
import crypto from "node:crypto";
import os from "node:os";
import { z } from "zod";
import { defaultMaxAttempts } from "../queue/enqueue";

const ms = (def: number, min: number) => z.coerce.number().int().min(min).max(24 * 3600 * 1000).default(def);

const WorkerEnvSchema = z.object({
  GATEHOUSE_LEASE_MS: ms(30_000, 200),
  /** Default: a third of the lease, so two heartbeats can fail before the lease lapses. */
  GATEHOUSE_HEARTBEAT_MS: z.coerce.number().int().min(50).optional(),
  GATEHOUSE_POLL_MS: ms(1_000, 10),
  GATEHOUSE_GRACE_MS: ms(20_000, 0),
  GATEHOUSE_RETRY_DELAY_MS: ms(5_000, 0),
  GATEHOUSE_SQLITE_BUSY_TIMEOUT_MS: ms(2_000, 0),
  GATEHOUSE_WORKER_ID: z.string().trim().min(1).max(200).optional(),
  /** Jobs one process works on at once (each its own claim loop and lease). */
  GATEHOUSE_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(1),
});

export interface WorkerConfig {
  workerId: string;
  leaseMs: number;
  heartbeatMs: number;
  pollMs: number;
  graceMs: number;
  retryDelayMs: number;
  sqliteBusyTimeoutMs: number;
  concurrency: number;
}

/** Unique per process: host and pid say where it ran, the random part survives pid reuse. */
export function newWorkerId(): string {
  return `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`;
}

export function workerConfigFromEnv(env: Record<string, string | undefined> = process.env): WorkerConfig {
  const blankToUndefined = Object.fromEntries(
    Object.keys(WorkerEnvSchema.shape).map((k) => [k, env[k]?.trim() ? env[k] : undefined]),
  );
  const parsed = WorkerEnvSchema.safeParse(blankToUndefined);
  if (!parsed.success) throw new Error(`invalid worker settings: ${z.prettifyError(parsed.error)}`);
  const e = parsed.data;
  defaultMaxAttempts(env); // fail at startup, not at the first enqueue, if GATEHOUSE_MAX_ATTEMPTS is bad
  const heartbeatMs = e.GATEHOUSE_HEARTBEAT_MS ?? Math.max(50, Math.floor(e.GATEHOUSE_LEASE_MS / 3));
  if (heartbeatMs >= e.GATEHOUSE_LEASE_MS) {
    throw new Error(`GATEHOUSE_HEARTBEAT_MS (${heartbeatMs}) must be shorter than GATEHOUSE_LEASE_MS (${e.GATEHOUSE_LEASE_MS})`);
  }
  return {
    workerId: e.GATEHOUSE_WORKER_ID ?? newWorkerId(),
    leaseMs: e.GATEHOUSE_LEASE_MS,
    heartbeatMs,
    pollMs: e.GATEHOUSE_POLL_MS,
    graceMs: e.GATEHOUSE_GRACE_MS,
    retryDelayMs: e.GATEHOUSE_RETRY_DELAY_MS,
    // better-sqlite3 waits for the lock synchronously, which also stops the heartbeat timer: keep any
    // single wait well inside the lease (longer contention is retried asynchronously, see retryOnBusy).
    sqliteBusyTimeoutMs: Math.min(e.GATEHOUSE_SQLITE_BUSY_TIMEOUT_MS, Math.floor(e.GATEHOUSE_LEASE_MS / 3)),
    concurrency: e.GATEHOUSE_WORKER_CONCURRENCY,
  };
}
