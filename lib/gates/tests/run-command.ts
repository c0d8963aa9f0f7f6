/**
 * Runs a shell command with a wall-clock limit, a CPU-time limit and output caps, in its own process
 * group (optionally inside bwrap). At the limit — or on abort, or when the command exits — the whole
 * group is killed (SIGTERM, SIGKILL 2 s later), then any process still working inside the run's
 * directories is killed too, so nothing outlives the run.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import { TailBuffer } from "./output-buffer";
import { bwrapArgv } from "./sandbox";
import type { SandboxKind } from "./types";

export interface RunCommandOptions {
  command: string;
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  /** RLIMIT_CPU for each process, seconds. */
  cpuSeconds: number;
  sandbox: SandboxKind;
  bwrapPath?: string;
  /** Writable directories (bound in the sandbox; scanned for leftover processes). */
  writable: string[];
  readOnly?: string[];
  signal?: AbortSignal;
  /** Cap per stream; the tail is kept. */
  maxOutputBytes?: number;
  /** Delay between SIGTERM and SIGKILL. */
  killGraceMs?: number;
}

export interface RunCommandResult {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  aborted: boolean;
  /** Spawn failure (the runner could not start at all). */
  spawnError?: string;
  stdout: string;
  stderr: string;
  /** Both streams in arrival order. */
  combined: string;
  durationMs: number;
}

export async function runCommand(opts: RunCommandOptions): Promise<RunCommandResult> {
  const started = Date.now();
  const maxBytes = opts.maxOutputBytes ?? 16 * 1024 * 1024;
  const grace = opts.killGraceMs ?? 2000;
  // `ulimit -t` in the shell that execs the command: no dependency on prlimit, inherited by children.
  const limited = ["/bin/sh", "-c", 'ulimit -t "$1" 2>/dev/null; exec /bin/sh -c "$2"', "gatehouse-test", String(opts.cpuSeconds), opts.command];
  const argv =
    opts.sandbox === "bwrap"
      ? bwrapArgv(opts.bwrapPath ?? "bwrap", { writable: opts.writable, readOnly: opts.readOnly ?? [], cwd: opts.cwd }, limited)
      : limited;

  const stdout = new TailBuffer(maxBytes);
  const stderr = new TailBuffer(maxBytes);
  const combined = new TailBuffer(maxBytes);
  let timedOut = false;
  let aborted = false;
  let spawnError: string | undefined;

  const child = spawn(argv[0], argv.slice(1), {
    cwd: opts.cwd,
    env: opts.env as NodeJS.ProcessEnv,
    detached: true, // own process group, so the whole tree can be signalled at once
    stdio: ["ignore", "pipe", "pipe"],
  });
  const pgid = child.pid;
  child.stdout.on("data", (b: Buffer) => {
    stdout.push(b);
    combined.push(b);
  });
  child.stderr.on("data", (b: Buffer) => {
    stderr.push(b);
    combined.push(b);
  });

  let killTimer: NodeJS.Timeout | undefined;
  const terminate = () => {
    signalGroup(pgid, "SIGTERM");
    killTimer ??= setTimeout(() => signalGroup(pgid, "SIGKILL"), grace);
  };
  const wallTimer = setTimeout(() => {
    timedOut = true;
    terminate();
  }, opts.timeoutMs);
  const onAbort = () => {
    aborted = true;
    terminate();
  };
  if (opts.signal?.aborted) onAbort();
  else opts.signal?.addEventListener("abort", onAbort, { once: true });

  const exit = await new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    child.on("error", (e) => {
      spawnError = e.message;
      resolve({ code: null, signal: null });
    });
    child.on("exit", (code, signal) => resolve({ code, signal }));
  });
  clearTimeout(wallTimer);
  opts.signal?.removeEventListener("abort", onAbort);

  // The leader is gone; members it left behind (background servers, a stuck runner's workers) are not.
  if (killTimer) {
    clearTimeout(killTimer);
    await waitForGroupExit(pgid, grace);
  }
  signalGroup(pgid, "SIGKILL");
  killProcessesUnder(opts.writable);
  await waitForStreams(child, 2000);

  return {
    exitCode: exit.code,
    signal: exit.signal,
    timedOut,
    aborted,
    ...(spawnError ? { spawnError } : {}),
    stdout: stdout.toString(),
    stderr: stderr.toString(),
    combined: combined.toString(),
    durationMs: Date.now() - started,
  };
}

function signalGroup(pgid: number | undefined, signal: NodeJS.Signals): void {
  if (!pgid) return;
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is already empty
  }
}

/** Gives SIGTERM'd members up to `ms` to exit before the SIGKILL that follows. */
async function waitForGroupExit(pgid: number | undefined, ms: number): Promise<void> {
  if (!pgid) return;
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

function waitForStreams(child: ReturnType<typeof spawn>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (child.stdout?.readableEnded !== false && child.stderr?.readableEnded !== false) return resolve();
    const timer = setTimeout(() => {
      // An escaped grandchild may hold the pipe; stop reading rather than wait for it.
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve();
    }, ms);
    child.on("close", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Kills processes whose working directory or command line is inside one of `dirs` (those that left the
 * process group with setsid, in an unsandboxed run). Linux /proc only; elsewhere a no-op.
 */
export function killProcessesUnder(dirs: string[]): number[] {
  const killed: number[] = [];
  // Never match broad prefixes ("/", "/tmp"): only specific per-run directories.
  dirs = dirs.filter((d) => d.startsWith("/") && d.split("/").filter(Boolean).length >= 2);
  if (dirs.length === 0) return killed;
  let entries: string[];
  try {
    entries = fs.readdirSync("/proc").filter((e) => /^\d+$/.test(e));
  } catch {
    return killed;
  }
  for (const pid of entries) {
    if (Number(pid) === process.pid) continue;
    if (processMentions(pid, dirs)) {
      try {
        process.kill(Number(pid), "SIGKILL");
        killed.push(Number(pid));
      } catch {
        // already gone or not ours
      }
    }
  }
  return killed;
}

export function processMentions(pid: string, dirs: string[]): boolean {
  const inside = (p: string) => dirs.some((d) => p === d || p.startsWith(`${d}/`));
  try {
    if (inside(fs.readlinkSync(`/proc/${pid}/cwd`))) return true;
  } catch {
    // zombie or not visible
  }
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
    return dirs.some((d) => cmdline.includes(d));
  } catch {
    return false;
  }
}
