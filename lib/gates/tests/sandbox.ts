/**
 * bubblewrap sandbox for test runs: read-only root, private /tmp, no network, own PID namespace,
 * writable worktree and home only. Probed once per process; absent or unusable bwrap → "none".
 */
import { spawn } from "node:child_process";
import type { SandboxKind } from "./types";

export interface SandboxProbe {
  kind: SandboxKind;
  note?: string;
}

const probes = new Map<string, Promise<SandboxProbe>>();

export function probeBwrap(bwrapPath = "bwrap"): Promise<SandboxProbe> {
  let p = probes.get(bwrapPath);
  if (!p) {
    p = runProbe(bwrapPath);
    probes.set(bwrapPath, p);
  }
  return p;
}

function runProbe(bwrapPath: string): Promise<SandboxProbe> {
  return new Promise((resolve) => {
    let stderr = "";
    const child = spawn(bwrapPath, [...baseArgs(), "--", "true"], { stdio: ["ignore", "ignore", "pipe"] });
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString("utf8")));
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.on("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ kind: "none", note: e.code === "ENOENT" ? "bwrap not installed" : `bwrap cannot run: ${e.message}` });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve({ kind: "bwrap" });
      else resolve({ kind: "none", note: `bwrap fails to start: ${stderr.trim().split("\n")[0] || `exit code ${code}`}` });
    });
  });
}

function baseArgs(): string[] {
  return [
    "--unshare-net",
    "--unshare-pid",
    "--unshare-ipc",
    "--die-with-parent",
    "--ro-bind", "/", "/",
    "--dev", "/dev",
    "--proc", "/proc",
    "--tmpfs", "/tmp",
  ];
}

export interface SandboxMounts {
  /** Directories the run may write (worktree, scratch home), bound at the same path. */
  writable: string[];
  /** Extra read-only directories at the same path (e.g. a node_modules outside the worktree, hidden by the private /tmp). */
  readOnly: string[];
  cwd: string;
}

/** argv for running `argv` inside bwrap. Order matters: binds after `--tmpfs /tmp` re-expose paths under /tmp. */
export function bwrapArgv(bwrapPath: string, mounts: SandboxMounts, argv: string[]): string[] {
  const args = [bwrapPath, ...baseArgs()];
  for (const dir of mounts.readOnly) args.push("--ro-bind", dir, dir);
  for (const dir of mounts.writable) args.push("--bind", dir, dir);
  args.push("--chdir", mounts.cwd, "--", ...argv);
  return args;
}
