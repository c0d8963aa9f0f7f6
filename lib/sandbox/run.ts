/**
 * Runs one command in the sandbox: prepares the private home and ownership, the per-run cgroup and the
 * bwrap command line, streams output, enforces the wall clock and abort, detects which limit ended the
 * run, and tears everything down (the PID namespace dies with bwrap; the cgroup is emptied and removed).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { effectiveLimits, type SandboxConfig } from "./config";
import { sandboxEnv } from "./env";
import { SandboxUnavailableError } from "./errors";
import { createRunCgroup, limitMessage, prlimitArgs, type RunCgroup } from "./limits";
import { TailBuffer } from "./output";
import { buildMountPlan, READY_FD, READY_WORD, shellQuote } from "./plan";
import { findOnPath, killProcessesUnder, signalGroup } from "./processes";
import { discoverToolchains, type Toolchains } from "./toolchains";
import type { SandboxLimitKind, SandboxLimits, SandboxRequest, SandboxResult } from "./types";

export function isRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

let toolchainCache: { key: string; value: Toolchains } | null = null;
function toolchainsFor(config: SandboxConfig): Toolchains {
  const key = `${process.env.PATH}\0${config.hidden.join("\0")}`;
  if (toolchainCache?.key !== key) toolchainCache = { key, value: discoverToolchains(process.env.PATH, config.hidden) };
  return toolchainCache.value;
}

/** lchown of a tree, symlinks themselves and never what they point to (a linked node_modules keeps its owner). */
function chownTree(dir: string, uid: number, gid: number): void {
  fs.lchownSync(dir, uid, gid);
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) chownTree(p, uid, gid);
    else fs.lchownSync(p, uid, gid);
  }
}

/** Makes the writable directories the sandbox user's for the run; returns how to give them back. */
function lendOwnership(dirs: string[], uid: number, gid: number): () => void {
  const owners = dirs.map((d) => {
    const st = fs.statSync(d);
    return { dir: d, uid: st.uid, gid: st.gid };
  });
  for (const d of dirs) chownTree(d, uid, gid);
  return () => {
    for (const o of owners) {
      if (o.uid === uid && o.gid === gid) continue;
      try {
        chownTree(o.dir, o.uid, o.gid);
      } catch {
        // removed meanwhile
      }
    }
  };
}

function limitFromOutput(result: { signal: string | null; exitCode: number | null; stderr: string; shell: boolean }, hasCgroup: boolean): SandboxLimitKind | null {
  if (result.signal === "SIGXCPU" || (result.shell && result.exitCode === 128 + 24)) return "cpu";
  if (result.signal === "SIGXFSZ" || (result.shell && result.exitCode === 128 + 25)) return "file-size";
  if (result.exitCode === 0) return null;
  const err = result.stderr.slice(-16_384);
  if (!hasCgroup && /heap out of memory|allocation failed|Cannot allocate|MemoryError|std::bad_alloc|out of memory/i.test(err)) return "memory";
  if (!hasCgroup && /fork: (retry: )?Resource temporarily unavailable|Cannot fork|spawn EAGAIN/i.test(err)) return "processes";
  if (/No space left on device/.test(err) && /\/tmp\b/.test(err)) return "tmp";
  return null;
}

interface Launch {
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  limits: SandboxLimits;
  cgroup: RunCgroup | null;
  /** Expects the setup script's ready word on fd 3 before the command counts as started. */
  sandboxed: boolean;
  shell: boolean;
  homeInside: string;
  isolation: "bwrap" | "none";
  /** Directories scanned for leftover processes (unsandboxed runs only). */
  sweep: string[];
}

async function execute(req: SandboxRequest, l: Launch): Promise<SandboxResult & { started: boolean; setupError: string }> {
  const started = Date.now();
  const maxBytes = req.maxOutputBytes ?? 16 * 1024 * 1024;
  const stdout = new TailBuffer(maxBytes);
  const stderr = new TailBuffer(maxBytes);
  const combined = new TailBuffer(maxBytes);
  let ready = !l.sandboxed;
  let timedOut = false;
  let aborted = false;
  let spawnError: string | undefined;

  const child: ChildProcess = spawn(l.argv[0], l.argv.slice(1), {
    cwd: l.cwd,
    env: l.env as NodeJS.ProcessEnv,
    detached: true, // own process group: the launcher and bwrap are signalled together
    stdio: ["ignore", "pipe", "pipe", "pipe"],
  });
  const readyPipe = child.stdio[READY_FD] as NodeJS.ReadableStream | null;
  let readyText = "";
  readyPipe?.on("data", (b: Buffer) => {
    readyText += b.toString("utf8");
    if (readyText.includes(READY_WORD)) ready = true;
  });
  readyPipe?.on("error", () => undefined);
  const onChunk = (buf: TailBuffer) => (b: Buffer) => {
    buf.push(b);
    combined.push(b);
    if (ready) req.onOutput?.(b.toString("utf8"));
  };
  child.stdout!.on("data", onChunk(stdout));
  child.stderr!.on("data", onChunk(stderr));

  const kill = () => {
    signalGroup(child.pid, "SIGKILL");
    void l.cgroup?.destroy();
  };
  const wallTimer = setTimeout(() => {
    timedOut = true;
    kill();
  }, l.limits.wallMs);
  const onAbort = () => {
    aborted = true;
    kill();
  };
  if (req.signal?.aborted) onAbort();
  else req.signal?.addEventListener("abort", onAbort, { once: true });

  const exit = await new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    child.on("error", (e) => {
      spawnError = e.message;
      resolve({ code: null, signal: null });
    });
    child.on("exit", (code, signal) => resolve({ code, signal }));
  });
  clearTimeout(wallTimer);
  req.signal?.removeEventListener("abort", onAbort);

  // bwrap is gone, so its PID namespace is too (--die-with-parent); the group and cgroup sweep the rest.
  signalGroup(child.pid, "SIGKILL");
  const hits = l.cgroup?.hits() ?? { memory: false, processes: false };
  await l.cgroup?.destroy();
  if (l.sweep.length > 0) killProcessesUnder(l.sweep);
  await waitForStreams(child, 2000);

  const out = stdout.toString();
  const err = stderr.toString();
  let kind: SandboxLimitKind | null = null;
  if (timedOut) kind = "wall";
  else if (hits.memory) kind = "memory";
  else if (hits.processes) kind = "processes";
  else if (!aborted) kind = limitFromOutput({ signal: exit.signal, exitCode: exit.code, stderr: err, shell: l.shell }, !!l.cgroup);

  return {
    exitCode: exit.code,
    signal: exit.signal,
    timedOut,
    aborted,
    ...(kind ? { limitHit: { kind, message: limitMessage(kind, l.limits) } } : {}),
    stdout: out,
    stderr: err,
    combined: combined.toString(),
    durationMs: Date.now() - started,
    isolation: l.isolation,
    homeInside: l.homeInside,
    started: ready && !spawnError,
    setupError: spawnError ?? err.trim().split("\n").filter(Boolean).slice(-3).join("\n"),
  };
}

function waitForStreams(child: ChildProcess, ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (child.stdout?.readableEnded !== false && child.stderr?.readableEnded !== false) return resolve();
    const timer = setTimeout(() => {
      // An escaped grandchild may hold the pipe (unsandboxed runs): stop reading rather than wait for it.
      for (const s of child.stdio) s?.destroy();
      resolve();
    }, ms);
    child.on("close", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Why bwrap or the setup inside failed, and what the operator can do about it. */
export function explainSetupFailure(message: string): { reason: string; fix: string } {
  const first = message.split("\n").find((l) => /^(bwrap|setpriv|prlimit|mount|chown|mkdir|\/bin\/sh):/.test(l)) ?? message.split("\n")[0] ?? "";
  const reason = first ? `the sandbox did not start: ${first.trim()}` : "the sandbox did not start (bwrap exited before running anything)";
  if (/namespace|uid map|unshare|clone|Operation not permitted|Permission denied/i.test(first) && /^bwrap/.test(first)) {
    return {
      reason,
      fix: "allow namespaces for bwrap: sysctl kernel.unprivileged_userns_clone=1 (or user.max_user_namespaces > 0); in a container, allow unshare/mount (e.g. --security-opt seccomp=unconfined or run the worker as root)",
    };
  }
  if (/^setpriv/.test(first)) return { reason, fix: "set GATEHOUSE_SANDBOX_UID / GATEHOUSE_SANDBOX_GID to an unprivileged user and group that exist" };
  if (/^mount/.test(first)) return { reason, fix: "the kernel must support overlayfs for copy-on-write directories (modprobe overlay)" };
  return { reason, fix: "check that `bwrap --ro-bind /usr /usr true` works on the worker host, and install bubblewrap if it does not" };
}

/** Runs inside bwrap without probing first (the probe itself uses this). */
export async function runInBwrap(req: SandboxRequest, config: SandboxConfig, bwrapPath: string): Promise<SandboxResult> {
  const limits = effectiveLimits(config, req.limits);
  const privileged = isRoot();
  const ownHome = !req.home;
  const home = await fsp.realpath(req.home ?? (await fsp.mkdtemp(path.join(os.tmpdir(), "gatehouse-sandbox-home-"))));
  const writable = [...new Set([...(await Promise.all(req.writable.map((d) => fsp.realpath(d)))), home])];
  const readOnly = await Promise.all((req.readOnly ?? []).map((d) => fsp.realpath(d)));
  const cow = req.copyOnWrite ?? [];
  const createdTargets = cow.map((c) => c.target).filter((t) => !fs.existsSync(t));
  let giveBack: (() => void) | null = null;
  let cgroup: RunCgroup | null = null;
  try {
    if (privileged) giveBack = lendOwnership(writable, config.uid, config.gid);
    const toolchains = toolchainsFor(config);
    cgroup = privileged && config.cgroups ? createRunCgroup(`gatehouse-${process.pid}-${randomBytes(4).toString("hex")}`, limits) : null;
    const plan = buildMountPlan({
      privileged,
      uid: config.uid,
      gid: config.gid,
      cwd: req.cwd,
      toolchains: toolchains.trees,
      readOnly,
      writable,
      copyOnWrite: await Promise.all(cow.map(async (c) => ({ source: await fsp.realpath(c.source), target: c.target }))),
      tmpBytes: limits.tmpBytes,
      prlimit: prlimitArgs(limits, !!cgroup),
      argv: req.argv,
    });
    const bwrap = [bwrapPath, ...plan.args];
    // The launcher joins the run's cgroup before exec'ing bwrap, so every process of the run is inside it.
    const argv = cgroup
      ? ["/bin/sh", "-c", `${cgroup.procsFiles.map((f) => `echo $$ > ${shellQuote(f)}`).join(" && ")} && exec "$@"`, "gatehouse-launch", ...bwrap]
      : bwrap;
    const env = sandboxEnv({ home, path: process.env.PATH, lang: process.env.LANG, toolchainEnv: toolchains.env, extra: req.env });
    const result = await execute(req, {
      argv,
      env,
      cwd: "/",
      limits,
      cgroup,
      sandboxed: true,
      shell: path.basename(req.argv[0] ?? "") === "sh" || path.basename(req.argv[0] ?? "") === "bash",
      homeInside: home,
      isolation: "bwrap",
      sweep: [],
    });
    cgroup = null; // destroyed by execute
    if (!result.started && !result.timedOut && !result.aborted) {
      const { reason, fix } = explainSetupFailure(result.setupError);
      throw new SandboxUnavailableError(reason, fix);
    }
    const { started: _s, setupError: _e, ...out } = result;
    return out;
  } finally {
    await cgroup?.destroy();
    giveBack?.();
    for (const t of createdTargets) await fsp.rmdir(t).catch(() => undefined);
    if (ownHome) await fsp.rm(home, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** GATEHOUSE_SANDBOX=off: the operator chose to run repository code directly on the host (unsafe). */
export async function runUnsandboxed(req: SandboxRequest, config: SandboxConfig): Promise<SandboxResult> {
  const limits = effectiveLimits(config, req.limits);
  const ownHome = !req.home;
  const home = await fsp.realpath(req.home ?? (await fsp.mkdtemp(path.join(os.tmpdir(), "gatehouse-sandbox-home-"))));
  try {
    const prlimit = findOnPath("prlimit", process.env.PATH);
    const rl = [`--fsize=${limits.fileSizeBytes}`, `--nofile=${limits.openFiles}`, `--cpu=${limits.cpuSeconds}:${limits.cpuSeconds + 5}`];
    const argv = prlimit ? [prlimit, ...rl, "--", ...req.argv] : req.argv;
    const result = await execute(req, {
      argv,
      env: sandboxEnv({ home, path: process.env.PATH, lang: process.env.LANG, extra: { TMPDIR: os.tmpdir(), ...req.env } }),
      cwd: req.cwd,
      limits,
      cgroup: null,
      sandboxed: false,
      shell: path.basename(req.argv[0] ?? "") === "sh" || path.basename(req.argv[0] ?? "") === "bash",
      homeInside: home,
      isolation: "none",
      sweep: [...req.writable, home],
    });
    const { started, setupError, ...out } = result;
    // A program that cannot be spawned is the command's failure, reported like a shell's "not found".
    return started ? out : { ...out, exitCode: 127, stderr: `${out.stderr}${setupError}\n`, combined: `${out.combined}${setupError}\n` };
  } finally {
    if (ownHome) await fsp.rm(home, { recursive: true, force: true }).catch(() => undefined);
  }
}
