/**
 * Queue claim throughput. For each database, 2,000 due no-op jobs are claimed by 1 and then by 4
 * separate OS processes (bench/queue-claimer.ts) racing on the same table, like real workers. Timing
 * starts when every process is connected and ends when the last one found the queue empty; process
 * start-up is excluded. Per job a process does what a worker does before real work: claim (exhausted-job
 * check, resume check, the claim statement, re-read of the job) and start it (queued → gating, one
 * transaction with its audit event). Afterwards every job must have been claimed and started exactly once.
 */
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { openTestDb, type TestDb } from "../lib/db/testing";
import type { DbProvider } from "../lib/db-url";
import { bulkJobs, seedOwner } from "../lib/queue/testing/fixtures";

/** GATEHOUSE_BENCH_QUEUE_JOBS overrides the job count (e.g. for a quick look). */
const JOBS = Math.max(10, Number(process.env.GATEHOUSE_BENCH_QUEUE_JOBS) || 2_000);
const WORKER_COUNTS = [1, 4] as const;
const ROOT = path.resolve(__dirname, "..");

interface RunResult {
  provider: DbProvider;
  workers: number;
  jobs: number;
  seconds: number;
  perWorker: number[];
}

interface Claimer {
  ready: Promise<void>;
  done: Promise<{ claimed: number; ms: number }>;
  exited: Promise<number | null>;
  go(): void;
  kill(): void;
}

function startClaimer(url: string): Claimer {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "bench/queue-claimer.ts")], {
    cwd: ROOT,
    detached: true,
    stdio: ["pipe", "pipe", "inherit"],
    env: { ...process.env, DATABASE_URL: url },
  });
  const lines = readline.createInterface({ input: child.stdout! });
  let onReady!: () => void;
  let onDone!: (v: { claimed: number; ms: number }) => void;
  const ready = new Promise<void>((r) => (onReady = r));
  const done = new Promise<{ claimed: number; ms: number }>((r) => (onDone = r));
  lines.on("line", (l) => {
    if (l === "ready") onReady();
    else if (l.startsWith("{")) onDone(JSON.parse(l));
  });
  const exited = new Promise<number | null>((r) => child.on("close", (code) => r(code)));
  return {
    ready,
    done,
    exited,
    go: () => child.stdin!.end("go\n"),
    kill: () => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already exited
      }
    },
  };
}

async function benchOnce(provider: DbProvider, workers: number): Promise<RunResult> {
  const t: TestDb = await openTestDb(provider);
  const claimers: Claimer[] = [];
  try {
    const owner = await seedOwner(t.db, "bench");
    await bulkJobs(t.db, owner, JOBS);
    for (let i = 0; i < workers; i++) claimers.push(startClaimer(t.url));
    const failed = Promise.all(claimers.map((c) => c.exited)).then((codes) => codes);
    await Promise.race([
      Promise.all(claimers.map((c) => c.ready)),
      failed.then(() => Promise.reject(new Error("a claimer exited before it was ready"))),
    ]);
    const started = performance.now();
    for (const c of claimers) c.go();
    const results = await Promise.all(claimers.map((c) => c.done));
    const seconds = (performance.now() - started) / 1000;
    const codes = await failed;
    if (codes.some((c) => c !== 0)) throw new Error(`claimer exit codes: ${codes.join(", ")}`);

    // Correctness, not just speed: every job leased exactly once.
    const total = results.reduce((s, r) => s + r.claimed, 0);
    const once = await t.db.job.count({ where: { attempts: 1, status: "gating", version: 2, leaseOwner: { not: null } } });
    if (total !== JOBS || once !== JOBS) throw new Error(`claimed ${total} (rows leased once: ${once}), expected ${JOBS}`);
    return { provider, workers, jobs: JOBS, seconds, perWorker: results.map((r) => r.claimed) };
  } finally {
    for (const c of claimers) c.kill();
    await Promise.all(claimers.map((c) => c.exited));
    await t.close();
  }
}

async function postgresReachable(): Promise<string | null> {
  try {
    const t = await openTestDb("postgres");
    await t.close();
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

export async function runQueueBench(): Promise<void> {
  const out = (s: string) => process.stdout.write(s + "\n");
  out(`${JOBS} due no-op jobs, each claimed and started (queued → gating, audited); claimers are separate`);
  out(
    `processes (node --import tsx bench/queue-claimer.ts) on a ${os.cpus().length}-core machine, ` +
      `load average ${os.loadavg()[0].toFixed(1)} at start (other work on the machine skews the numbers).`,
  );
  out("database    workers  seconds  jobs/s   claims per process");
  const providers: DbProvider[] = ["sqlite", "postgres"];
  for (const provider of providers) {
    if (provider === "postgres") {
      const why = await postgresReachable();
      if (why) {
        out(`postgres    skipped: ${why}`);
        continue;
      }
    }
    const rate: Record<number, number> = {};
    for (const workers of WORKER_COUNTS) {
      const r = await benchOnce(provider, workers);
      rate[workers] = r.jobs / r.seconds;
      out(
        `${provider.padEnd(11)} ${String(workers).padStart(7)}  ${r.seconds.toFixed(2).padStart(7)}  ${rate[workers].toFixed(0).padStart(6)}   ${r.perWorker.join(" / ")}`,
      );
    }
    out(`${provider.padEnd(11)} ratio 4 workers / 1 worker: ${(rate[4] / rate[1]).toFixed(2)}×`);
  }
}
