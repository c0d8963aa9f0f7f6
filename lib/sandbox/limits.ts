/**
 * Resource limits of one run. Memory and processes: a per-run cgroup (v1 memory + pids, or v2) when the
 * cgroup filesystem is writable — it bounds the whole run and lets us kill every member; otherwise
 * RLIMIT_DATA / RLIMIT_NPROC. File size, open files and CPU seconds: rlimits set by `prlimit` inside.
 */
import fs from "node:fs";
import path from "node:path";
import type { SandboxLimitKind, SandboxLimits } from "./types";

const CGROUP_ROOT = "/sys/fs/cgroup";

export function formatLimitBytes(n: number): string {
  const GiB = 1024 ** 3;
  const MiB = 1024 ** 2;
  if (n >= GiB && n % (GiB / 4) === 0) return `${n / GiB} GiB`;
  if (n >= MiB) return `${Math.round(n / MiB)} MiB`;
  return `${n} bytes`;
}

function formatDuration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 100) / 10} s`;
}

export function limitMessage(kind: SandboxLimitKind, limits: SandboxLimits): string {
  switch (kind) {
    case "memory":
      return `stopped: memory limit ${formatLimitBytes(limits.memoryBytes)}`;
    case "processes":
      return `stopped: process limit ${limits.processes}`;
    case "cpu":
      return `stopped: CPU time limit ${limits.cpuSeconds} s`;
    case "wall":
      return `stopped: wall-clock limit ${formatDuration(limits.wallMs)}`;
    case "file-size":
      return `stopped: file size limit ${formatLimitBytes(limits.fileSizeBytes)}`;
    case "tmp":
      return `stopped: /tmp limit ${formatLimitBytes(limits.tmpBytes)}`;
  }
}

/**
 * `prlimit` options for the limits that rlimits enforce; memory/processes only without a cgroup, and then
 * per process. Memory uses RLIMIT_DATA, not RLIMIT_AS: V8's WebAssembly and heap reservations (vitest)
 * and Go binaries (esbuild) reserve far more address space than they use, and fail under a 2 GiB AS.
 */
export function prlimitArgs(limits: SandboxLimits, withCgroup: boolean): string[] {
  const args = [`--fsize=${limits.fileSizeBytes}`, `--nofile=${limits.openFiles}`, `--cpu=${limits.cpuSeconds}:${limits.cpuSeconds + 5}`, "--core=0"];
  if (!withCgroup) args.push(`--data=${limits.memoryBytes}`, `--nproc=${limits.processes}`);
  return args;
}

/** One run's cgroup(s): created before the run, joined by the launcher, read and removed after. */
export interface RunCgroup {
  /** `cgroup.procs` files the launcher writes its pid into before exec'ing bwrap. */
  procsFiles: string[];
  /** Whether memory / processes limits were hit during the run. */
  hits(): { memory: boolean; processes: boolean };
  /** SIGKILLs every member until none is left (bounded), then removes the cgroup(s). */
  destroy(): Promise<void>;
}

function ownCgroupPath(controller: string | null): string | null {
  try {
    for (const line of fs.readFileSync("/proc/self/cgroup", "utf8").split("\n")) {
      const [, ctrls, p] = line.split(":");
      if (p === undefined) continue;
      if (controller === null ? ctrls === "" && line.startsWith("0::") : ctrls.split(",").includes(controller)) return p;
    }
  } catch {
    // no /proc
  }
  return null;
}

function writable(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/** Member pids of a cgroup directory. */
function members(dir: string): number[] {
  return readText(path.join(dir, "cgroup.procs"))
    .split("\n")
    .filter(Boolean)
    .map(Number);
}

/** Removes emptied cgroup directories; v1 may report EBUSY for a moment after the last member exits. */
async function removeDirs(dirs: string[]): Promise<void> {
  for (const dir of dirs) {
    for (let i = 0; i < 200; i++) {
      try {
        fs.rmdirSync(dir);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") break;
        await new Promise((r) => setTimeout(r, 5));
      }
    }
  }
}

/** SIGKILLs members until none is left (so nothing of the run survives its return); removal runs on. */
async function killAndRemove(dirs: string[]): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const pids = dirs.flatMap(members);
    if (pids.length === 0 || Date.now() > deadline) break;
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  void removeDirs(dirs);
}

/** Whether per-run cgroups can be made here (root with a writable cgroup v1 memory+pids or v2 hierarchy). */
export function cgroupSupport(): "v1" | "v2" | null {
  const mem = ownCgroupPath("memory");
  const pids = ownCgroupPath("pids");
  if (mem !== null && pids !== null) {
    const m = path.join(CGROUP_ROOT, "memory", mem);
    const p = path.join(CGROUP_ROOT, "pids", pids);
    if (fs.existsSync(path.join(m, "memory.limit_in_bytes")) && writable(m) && writable(p)) return "v1";
  }
  const unified = ownCgroupPath(null);
  if (unified !== null && fs.existsSync(path.join(CGROUP_ROOT, "cgroup.controllers"))) {
    const dir = path.join(CGROUP_ROOT, unified);
    const ctrls = readText(path.join(dir, "cgroup.subtree_control"));
    if (writable(dir) && ctrls.includes("memory") && ctrls.includes("pids")) return "v2";
  }
  return null;
}

export function createRunCgroup(name: string, limits: SandboxLimits): RunCgroup | null {
  const kind = cgroupSupport();
  if (!kind) return null;
  const made: string[] = [];
  try {
    if (kind === "v1") {
      const mem = path.join(CGROUP_ROOT, "memory", ownCgroupPath("memory")!, name);
      const pids = path.join(CGROUP_ROOT, "pids", ownCgroupPath("pids")!, name);
      fs.mkdirSync(mem);
      made.push(mem);
      fs.mkdirSync(pids);
      made.push(pids);
      fs.writeFileSync(path.join(mem, "memory.limit_in_bytes"), String(limits.memoryBytes));
      if (fs.existsSync(path.join(mem, "memory.memsw.limit_in_bytes"))) {
        fs.writeFileSync(path.join(mem, "memory.memsw.limit_in_bytes"), String(limits.memoryBytes));
      }
      fs.writeFileSync(path.join(pids, "pids.max"), String(limits.processes));
      return {
        procsFiles: made.map((d) => path.join(d, "cgroup.procs")),
        hits: () => ({
          memory: /oom_kill [1-9]/.test(readText(path.join(mem, "memory.oom_control"))),
          processes: /^max [1-9]/m.test(readText(path.join(pids, "pids.events"))),
        }),
        destroy: () => killAndRemove(made),
      };
    }
    const dir = path.join(CGROUP_ROOT, ownCgroupPath(null)!, name);
    fs.mkdirSync(dir);
    made.push(dir);
    fs.writeFileSync(path.join(dir, "memory.max"), String(limits.memoryBytes));
    fs.writeFileSync(path.join(dir, "memory.swap.max"), "0");
    fs.writeFileSync(path.join(dir, "pids.max"), String(limits.processes));
    return {
      procsFiles: [path.join(dir, "cgroup.procs")],
      hits: () => ({
        memory: /^oom_kill [1-9]/m.test(readText(path.join(dir, "memory.events"))),
        processes: /^max [1-9]/m.test(readText(path.join(dir, "pids.events"))),
      }),
      destroy: async () => {
        try {
          fs.writeFileSync(path.join(dir, "cgroup.kill"), "1");
        } catch {
          // kernels before 5.14: kill member by member below
        }
        await killAndRemove(made);
      },
    };
  } catch {
    void killAndRemove(made);
    return null;
  }
}
