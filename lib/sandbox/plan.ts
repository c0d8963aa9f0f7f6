/**
 * The bwrap command line for one run: which host paths appear inside and how, and the setup script that
 * runs first inside (overlay mounts while still privileged, then rlimits and the drop to the sandbox uid).
 */
import fs from "node:fs";
import path from "node:path";
import type { CopyOnWriteMount } from "./types";

/** Files and folders of /etc that programs need; everything else in /etc stays hidden. */
const ETC = [
  "passwd", "group", "hosts", "nsswitch.conf", "ssl", "ca-certificates", "ca-certificates.conf", "alternatives",
  "localtime", "timezone", "ld.so.cache", "ld.so.conf", "ld.so.conf.d", "mime.types", "os-release",
];

export interface MountPlanInput {
  /** Privileged set-up (worker is root): no user namespace, overlays and the uid drop happen inside. */
  privileged: boolean;
  uid: number;
  gid: number;
  cwd: string;
  toolchains: string[];
  readOnly: string[];
  writable: string[];
  copyOnWrite: CopyOnWriteMount[];
  tmpBytes: number;
  /** `prlimit` options (without the program). */
  prlimit: string[];
  argv: string[];
}

export interface MountPlan {
  /** Arguments for bwrap (without the bwrap program itself). */
  args: string[];
  /** Notes about reduced guarantees (e.g. copy-on-write shown read-only without root). */
  notes: string[];
}

/** File descriptor on which the setup script reports that the sandbox is up. */
export const READY_FD = 3;
export const READY_WORD = "gatehouse-sandbox-ready";
/** Where copy-on-write layers live inside the sandbox (a private tmpfs per run). */
const COW_ROOT = "/.gatehouse-cow";

export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function isSymlink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

function exists(p: string): boolean {
  return fs.existsSync(p);
}

/** Mount paths must be plain: overlay options cannot carry commas or colons, and nothing may carry newlines. */
export function checkMountPath(p: string, what: string): void {
  if (!path.isAbsolute(p)) throw new Error(`${what} must be an absolute path: ${p}`);
  if (/[\0\n]/.test(p)) throw new Error(`${what} contains a control character`);
}

class Builder {
  args: string[] = [];
  /** Directories that exist inside the sandbox (created or mounted), so ancestors are made only once. */
  private present = new Set<string>(["/"]);
  /** Mounted host directories: nothing may be created inside them on the sandbox's behalf. */
  private mounts: string[] = [];

  /** Makes every missing ancestor of `p` a traversable directory of the sandbox's own root. */
  ancestors(p: string): void {
    const parts = p.split("/").filter(Boolean);
    for (let i = 1; i < parts.length; i++) {
      const dir = `/${parts.slice(0, i).join("/")}`;
      if (this.present.has(dir)) continue;
      if (this.mounts.some((m) => dir.startsWith(`${m}/`))) continue; // exists inside a host mount already
      this.args.push("--perms", "0755", "--dir", dir);
      this.present.add(dir);
    }
  }

  mount(kind: "--ro-bind" | "--bind", src: string, dest: string): void {
    this.ancestors(dest);
    this.args.push(kind, src, dest);
    this.present.add(dest);
    this.mounts.push(dest);
  }

  raw(...a: string[]): void {
    this.args.push(...a);
  }

  mark(dir: string): void {
    this.present.add(dir);
  }
}

export function buildMountPlan(input: MountPlanInput): MountPlan {
  const b = new Builder();
  const notes: string[] = [];
  if (input.privileged) {
    // Root without a user namespace: bwrap keeps root's capabilities for the setup script, which drops them.
    b.raw("--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try");
  } else {
    b.raw("--unshare-user", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try", "--disable-userns", "--cap-drop", "ALL");
  }
  b.raw("--die-with-parent", "--new-session", "--hostname", "sandbox");

  b.mount("--ro-bind", "/usr", "/usr");
  for (const link of ["bin", "sbin", "lib", "lib32", "lib64", "libx32"]) {
    const host = `/${link}`;
    if (!exists(host)) continue;
    if (isSymlink(host)) b.raw("--symlink", fs.readlinkSync(host), host);
    else b.mount("--ro-bind", host, host);
    b.mark(host);
  }
  b.raw("--perms", "0755", "--dir", "/etc");
  b.mark("/etc");
  for (const name of ETC) {
    const p = `/etc/${name}`;
    if (exists(p)) b.raw("--ro-bind", p, p);
  }
  b.raw("--proc", "/proc", "--dev", "/dev");
  b.mark("/proc");
  b.mark("/dev");
  b.raw("--perms", "01777", "--size", String(input.tmpBytes), "--tmpfs", "/tmp");
  b.mark("/tmp");

  // Outer directories first, so a nested bind (node_modules inside the worktree) lands on top.
  const binds: { kind: "--ro-bind" | "--bind"; dir: string }[] = [
    ...input.toolchains.map((dir) => ({ kind: "--ro-bind" as const, dir })),
    ...input.readOnly.map((dir) => ({ kind: "--ro-bind" as const, dir })),
    ...input.writable.map((dir) => ({ kind: "--bind" as const, dir })),
  ];
  binds.sort((x, y) => x.dir.split("/").length - y.dir.split("/").length);
  for (const { kind, dir } of binds) {
    checkMountPath(dir, "mount path");
    b.mount(kind, dir, dir);
  }

  const setup: string[] = ["set -e"];
  input.copyOnWrite.forEach((cow, i) => {
    checkMountPath(cow.source, "copy-on-write source");
    checkMountPath(cow.target, "copy-on-write target");
    if (!input.privileged) {
      // Without root there is no overlay mount before the privilege drop: show the source read-only.
      b.mount("--ro-bind", cow.source, cow.target);
      if (i === 0) notes.push("copy-on-write directories are read-only (the worker is not root)");
      return;
    }
    if (/[,:]/.test(cow.source) || /[,:]/.test(cow.target)) throw new Error(`copy-on-write paths cannot contain "," or ":": ${cow.source}`);
    const lower = `${COW_ROOT}/${i}/lower`;
    const layer = `${COW_ROOT}/${i}/layer`;
    b.mount("--ro-bind", cow.source, lower);
    b.ancestors(`${layer}/x`);
    b.raw("--perms", "0755", "--size", String(input.tmpBytes), "--tmpfs", layer);
    const up = shellQuote(`${layer}/up`);
    const work = shellQuote(`${layer}/work`);
    setup.push(
      `mkdir -p ${up} ${work} ${shellQuote(cow.target)}`,
      `chown ${input.uid}:${input.gid} ${up} ${work}`,
      `mount -t overlay overlay -o ${shellQuote(`lowerdir=${lower},upperdir=${layer}/up,workdir=${layer}/work`)} ${shellQuote(cow.target)}`,
      // Tools write caches into dot-directories that already exist below (node_modules/.vite-temp, .cache,
      // .vite), owned by the checkout's owner. chown copies those directories (not their files) up into
      // the run's layer, owned by the sandbox uid, so the writes succeed and still vanish with the run.
      `for d in ${shellQuote(cow.target)}/.[!.]*; do if [ -d "$d" ] && [ ! -L "$d" ]; then find "$d" -maxdepth 2 -type d -exec chown ${input.uid}:${input.gid} {} +; fi; done`,
    );
  });

  checkMountPath(input.cwd, "working directory");
  b.raw("--chdir", input.cwd);

  setup.push(`echo ${READY_WORD} >&${READY_FD}`, `exec ${READY_FD}>&-`);
  const drop = input.privileged
    ? ["setpriv", `--reuid=${input.uid}`, `--regid=${input.gid}`, "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"]
    : [];
  setup.push(`exec prlimit ${input.prlimit.map(shellQuote).join(" ")} -- ${drop.map(shellQuote).join(" ")} "$@"`);
  b.raw("--", "/bin/sh", "-c", setup.join("\n"), "gatehouse-sandbox", ...input.argv);
  return { args: b.args, notes };
}
