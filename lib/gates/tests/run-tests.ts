/** One run of the test command in a prepared worktree, summarised (counts, failing names, log tail). */
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PYTEST_JUNIT_FILE } from "./detect-command";
import { logTail } from "./output-buffer";
import { mergeReports, parseJunitXml, parseTestOutput } from "./parsers";
import { killProcessesUnder, runCommand } from "./run-command";
import type { SandboxConfig, SandboxLimits } from "../../sandbox";
import type { SandboxKind, TestReport, TestRunSummary } from "./types";

export interface RunTestsOptions {
  worktreeDir: string;
  /** The user's checkout, whose node_modules (if any) is linked into the worktree. */
  repoDir: string;
  command: string;
  timeoutMs: number;
  cpuSeconds: number;
  sandbox: SandboxKind;
  sandboxNote?: string;
  /** Sandbox settings instead of the environment's (tests). */
  sandboxConfig?: SandboxConfig;
  /** Memory, processes… (policy); the operator's env overrides win. */
  limits?: Partial<SandboxLimits>;
  signal?: AbortSignal;
}

export interface RunTestsResult extends TestRunSummary {
  aborted: boolean;
}

export async function runTestsInWorktree(opts: RunTestsOptions): Promise<RunTestsResult> {
  const home = await fsp.realpath(await fsp.mkdtemp(path.join(os.tmpdir(), "gatehouse-home-")));
  const link = await linkNodeModules(opts.repoDir, opts.worktreeDir);
  try {
    const before = snapshotJunitFiles([opts.worktreeDir, home]);
    const run = await runCommand({
      command: opts.command,
      cwd: opts.worktreeDir,
      env: { NODE_ENV: "test" },
      home,
      timeoutMs: opts.timeoutMs,
      cpuSeconds: opts.cpuSeconds,
      ...(opts.limits ? { limits: opts.limits } : {}),
      ...(opts.sandboxConfig ? { sandboxConfig: opts.sandboxConfig } : {}),
      writable: [opts.worktreeDir],
      readOnly: link ? [link.target] : [],
      signal: opts.signal,
    });
    const report = (await readJunitReports([opts.worktreeDir, home], before)) ?? parseTestOutput(run.stdout, run.stderr);
    const summary = summarize(opts, run, report);
    // Names must match between the change's and the baseline's worktree: make paths relative.
    summary.failedNames = summary.failedNames.map((n) => relativizeName(n, [opts.worktreeDir, home]));
    return { ...summary, aborted: run.aborted };
  } finally {
    killProcessesUnder([opts.worktreeDir, home]);
    if (link) await fsp.unlink(link.path).catch(() => undefined);
    await fsp.rm(home, { recursive: true, force: true }).catch(() => undefined);
  }
}

function summarize(
  opts: RunTestsOptions,
  run: Awaited<ReturnType<typeof runCommand>>,
  report: TestReport | null,
): TestRunSummary {
  const base = {
    command: opts.command,
    exitCode: run.exitCode,
    signal: run.signal,
    timedOut: run.timedOut,
    log: logTail(run.combined),
    sandbox: run.isolation,
    ...(opts.sandboxNote ? { sandboxNote: opts.sandboxNote } : {}),
    durationMs: run.durationMs,
  };
  const exitLabel = run.signal ? `killed by ${run.signal}` : `exited with code ${run.exitCode}`;
  const startError = report ? undefined : notStartedReason(run);
  const timeoutName = `(timed out after ${Math.round(opts.timeoutMs / 1000)}s)`;

  if (report) {
    const failedNames = [...report.failedNames];
    let failed = report.failed;
    // Tests all passed but the command failed (unhandled error, coverage threshold…): fail closed.
    if (!run.timedOut && !run.limitHit && run.exitCode !== 0 && failed === 0) {
      failed += 1;
      failedNames.push(`(test command ${exitLabel})`);
    }
    if (run.timedOut) {
      failed += 1;
      failedNames.push(timeoutName);
    } else if (run.limitHit) {
      failed += 1;
      failedNames.push(`(${run.limitHit.message})`);
    }
    return { ...base, parsedFrom: report.format, passed: report.passed, failed, skipped: report.skipped, failedNames };
  }
  const ok = run.exitCode === 0 && !run.timedOut && !run.limitHit;
  return {
    ...base,
    ...(startError ? { startError } : {}),
    parsedFrom: "exit-code",
    passed: ok ? 1 : 0,
    failed: ok ? 0 : 1,
    skipped: 0,
    failedNames: ok ? [] : [run.timedOut ? timeoutName : run.limitHit ? `(${run.limitHit.message})` : `(test command ${exitLabel})`],
  };
}

function relativizeName(name: string, dirs: string[]): string {
  let out = name;
  for (const dir of dirs) out = out.split(`${dir}/`).join("").split(dir).join(".");
  return out;
}

/** Exit codes 126/127 from the shell (not executable / not found). */
function notStartedReason(run: Awaited<ReturnType<typeof runCommand>>): string | undefined {
  if (run.timedOut || run.aborted) return undefined;
  const lastLine = run.combined.trim().split("\n").pop()?.trim() ?? "";
  if (run.exitCode === 127 || run.exitCode === 126) {
    return `test command could not start (exit ${run.exitCode})${lastLine ? `: ${lastLine}` : ""}`;
  }
  return undefined;
}

/**
 * Links the checkout's node_modules into the worktree so JS tests run without an install. Tests use it
 * read-only (it is bound read-only in the sandbox). Skipped when the worktree has its own.
 */
async function linkNodeModules(repoDir: string, worktreeDir: string): Promise<{ path: string; target: string } | null> {
  const source = path.join(repoDir, "node_modules");
  const dest = path.join(worktreeDir, "node_modules");
  try {
    if (!(await fsp.stat(source)).isDirectory()) return null;
    if (fs.existsSync(dest) || (await fsp.lstat(dest).catch(() => null))) return null;
    const target = await fsp.realpath(source);
    await fsp.symlink(target, dest, "dir");
    return { path: dest, target };
  } catch {
    return null;
  }
}

function snapshotJunitFiles(dirs: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const dir of dirs) {
    for (const file of findJunitFiles(dir, 6)) {
      try {
        out.set(file, fs.statSync(file).mtimeMs);
      } catch {
        // vanished
      }
    }
  }
  return out;
}

/** JUnit files the run wrote or rewrote (junit.xml, TEST-*.xml, our pytest report); preferred over console output. */
async function readJunitReports(dirs: string[], before: Map<string, number>): Promise<TestReport | null> {
  const reports: TestReport[] = [];
  for (const dir of dirs) {
    for (const file of findJunitFiles(dir, 6)) {
      try {
        const st = await fsp.stat(file);
        if (before.get(file) === st.mtimeMs || st.size > 32 * 1024 * 1024) continue;
        const report = parseJunitXml(await fsp.readFile(file, "utf8"));
        if (report) reports.push(report);
      } catch {
        // unreadable: ignore, console output is the fallback
      }
    }
  }
  return mergeReports(reports);
}

function findJunitFiles(dir: string, depth: number): string[] {
  const out: string[] = [];
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const abs = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (depth > 0 && e.name !== "node_modules" && !e.name.startsWith(".")) out.push(...findJunitFiles(abs, depth - 1));
    } else if (e.isFile() && (e.name === "junit.xml" || /^TEST-.*\.xml$/.test(e.name) || e.name === PYTEST_JUNIT_FILE)) {
      out.push(abs);
    }
  }
  return out;
}
