/**
 * One claiming process for the queue benchmark. Connects, says "ready", waits for "go" on stdin, then
 * claims and starts jobs until none is due and prints {"claimed": n, "ms": t}. DATABASE_URL selects
 * the database. "Start" = the worker's first move, queued → gating (the patch-intake entry), audited.
 */
import readline from "node:readline";
import { createDb } from "../lib/db/client";
import { claimJob } from "../lib/queue/claim";
import { configureSqliteBusyTimeout } from "../lib/queue/sql";
import { completeStep } from "../lib/queue/step-results";
import { newWorkerId } from "../lib/worker/config";

async function main() {
  const handle = createDb();
  await configureSqliteBusyTimeout(handle, 30_000);
  await handle.db.job.count(); // open the connection before the clock starts
  const workerId = newWorkerId();
  process.stdout.write("ready\n");
  const rl = readline.createInterface({ input: process.stdin });
  await new Promise<void>((resolve) => rl.once("line", () => resolve()));
  rl.close();
  const started = performance.now();
  let claimed = 0;
  // Leases far longer than the run, so no claimed job becomes due again.
  for (let job = await claimJob(handle, workerId, 3_600_000); job; job = await claimJob(handle, workerId, 3_600_000)) {
    await completeStep(handle.db, { jobId: job.id, workerId, expectVersion: job.version, to: "gating" });
    claimed++;
  }
  const ms = performance.now() - started;
  process.stdout.write(JSON.stringify({ claimed, ms }) + "\n");
  await handle.db.$disconnect();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`claimer failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
