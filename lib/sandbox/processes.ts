/** Host process helpers for unsandboxed runs (GATEHOUSE_SANDBOX=off), where no PID namespace ends them. */
import fs from "node:fs";

/**
 * Kills processes whose working directory or command line is inside one of `dirs` (those that left the
 * process group with setsid). Linux /proc only; elsewhere a no-op.
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

export function signalGroup(pgid: number | undefined, signal: NodeJS.Signals): void {
  if (!pgid) return;
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is already empty
  }
}

/** Finds a program on PATH (null when absent or not executable). */
export function findOnPath(name: string, pathEnv: string | undefined): string | null {
  const candidates = name.includes("/") ? [name] : (pathEnv ?? "").split(":").filter(Boolean).map((d) => `${d}/${name}`);
  for (const c of candidates) {
    try {
      fs.accessSync(c, fs.constants.X_OK);
      if (fs.statSync(c).isFile()) return c;
    } catch {
      // next
    }
  }
  return null;
}
