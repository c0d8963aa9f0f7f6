/**
 * Spawning real worker processes in tests. Each child leads its own process group (detached), so
 * `kill` reaches anything it started, and `killAll` in afterAll leaves nothing behind.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../../..");
const ENTRY = path.join(ROOT, "lib/worker/testing/test-worker.ts");

export interface SpawnedWorker {
  child: ChildProcess;
  pid: number;
  /** Resolves when the process has exited (and been reaped). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
  kill(signal: NodeJS.Signals): void;
}

const live = new Set<SpawnedWorker>();

export function spawnTestWorker(env: Record<string, string>): SpawnedWorker {
  const child = spawn(process.execPath, ["--import", "tsx", ENTRY], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NODE_OPTIONS: "", ...env },
  });
  if (!child.pid) throw new Error("worker process did not start");
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal })),
  );
  const w: SpawnedWorker = {
    child,
    pid: child.pid,
    exited,
    output: () => out,
    kill(signal) {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // already gone
      }
    },
  };
  live.add(w);
  void exited.then(() => live.delete(w));
  return w;
}

/** SIGKILLs every worker this test file spawned that is still running, and waits for them. */
export async function killAllWorkers(): Promise<void> {
  const all = [...live];
  for (const w of all) w.kill("SIGKILL");
  await Promise.all(all.map((w) => w.exited));
}
