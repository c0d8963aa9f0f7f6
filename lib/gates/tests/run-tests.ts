/** One run of the test command in a prepared worktree, summarised (counts, failing names, log tail). */
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PYTEST_JUNIT_FILE } from "./detect-command";
import { logTail } from "./output-buffer";
import { mergeReports, parseJunitXml, parseTestOutput } from "./parsers";
import { pythonSetup } from "./python-env";
import { killProcessesUnder, runCommand } from "./run-command";
import { planTestRun, type TestPlan } from "./runner-plan";
import { whyNotRun } from "./suite-state";
import type { SandboxConfig, SandboxLimits, CopyOnWriteMount } from "../../sandbox";
import type { SandboxKind, TestFailure, TestReport, TestRunSummary } from "./types";

export interface RunTestsOptions {
  worktreeDir: string;
  /** The user's checkout, whose node_modules (and venv) are shown in the worktree. */
  repoDir: string;
  /** The project's test command (policy or detected). */
  command: string;
  /** Run only these tests (a rerun), when the runner can select them; else the whole suite. */
  only?: string[];
  timeoutMs: number;
  cpuSeconds: number;
  sandbox: SandboxKind;
  sandboxNote?: string;
  /** Sandbox settings instead of the environment's (tests). */
  sandboxConfig?: SandboxConfig;
  /** Memory, processes… (policy); the operator's env overrides win. */
  limits?: Partial<SandboxLimits>;
  signal?: AbortSignal;
  /** Ends the run as a hang (timed out) rather than as aborted: the gate's hang rule. */
  hangSignal?: AbortSignal;
}

export interface RunTestsResult extends TestRunSummary {
  aborted: boolean;
  /** The run was limited to `only`. */
  selected: boolean;
}

export async function runTestsInWorktree(opts: RunTestsOptions): Promise<RunTestsResult> {
  const home = await fsp.realpath(await fsp.mkdtemp(path.join(os.tmpdir(), "gatehouse-home-")));
  const plan = planTestRun(opts.worktreeDir, opts.command);
  const selectedExec = opts.only?.length ? plan.select(opts.only) : null;
  const python = pythonSetup(opts.repoDir, opts.worktreeDir, process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin");
  const views = await showCheckoutDirs(opts, [
    { source: path.join(opts.repoDir, "node_modules"), target: path.join(opts.worktreeDir, "node_modules") },
    ...(python.venv ? [python.venv] : []),
  ]);
  const stop = new AbortController();
  let hung = false;
  const onAbort = () => stop.abort();
  const onHang = () => {
    hung = true;
    stop.abort();
  };
  if (opts.signal?.aborted) onAbort();
  else opts.signal?.addEventListener("abort", onAbort, { once: true });
  if (opts.hangSignal?.aborted) onHang();
  else opts.hangSignal?.addEventListener("abort", onHang, { once: true });
  try {
    for (const [name, text] of Object.entries(plan.homeFiles)) await fsp.writeFile(path.join(home, name), text);
    const before = snapshotJunitFiles([opts.worktreeDir, home]);
    const run = await runCommand({
      command: selectedExec ?? plan.exec,
      cwd: opts.worktreeDir,
      env: { NODE_ENV: "test", ...plan.env, ...python.env },
      home,
      timeoutMs: opts.timeoutMs,
      cpuSeconds: opts.cpuSeconds,
      ...(opts.limits ? { limits: opts.limits } : {}),
      ...(opts.sandboxConfig ? { sandboxConfig: opts.sandboxConfig } : {}),
      writable: [opts.worktreeDir],
      copyOnWrite: views.copyOnWrite,
      signal: stop.signal,
    });
    if (hung) Object.assign(run, { timedOut: true, aborted: false });
    const report =
      (await readPlanReports(plan, home)) ?? (await readJunitReports([opts.worktreeDir, home], before)) ?? parseTestOutput(run.stdout, run.stderr);
    const summary = summarize(opts, run, report);
    // Names and files must match between the change's and the baseline's worktree: make paths relative.
    const dirs = [opts.worktreeDir, home];
    summary.failedNames = summary.failedNames.map((n) => relativizeName(n, dirs));
    if (summary.passedNames) summary.passedNames = summary.passedNames.map((n) => relativizeName(n, dirs));
    if (summary.failures) summary.failures = summary.failures.map((f) => relativizeFailure(f, dirs));
    const notRun = whyNotRun(summary, { srcLayout: python.srcLayout });
    return { ...summary, ...(notRun ? { notRun } : {}), aborted: run.aborted, selected: selectedExec !== null };
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
    opts.hangSignal?.removeEventListener("abort", onHang);
    killProcessesUnder([opts.worktreeDir, home]);
    for (const l of views.links) await fsp.unlink(l).catch(() => undefined);
    await fsp.rm(home, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** The first report of the plan that the run wrote and that parses. */
async function readPlanReports(plan: TestPlan, home: string): Promise<TestReport | null> {
  for (const r of plan.reports) {
    const text = await fsp.readFile(path.join(home, r.file), "utf8").catch(() => null);
    const report = text ? r.parse(text) : null;
    if (report) return report;
  }
  return null;
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
    ...(run.limitHit && !run.timedOut ? { limitHit: run.limitHit } : {}),
    ...(opts.sandboxNote ? { sandboxNote: opts.sandboxNote } : {}),
    durationMs: run.durationMs,
  };
  const exitLabel = run.signal ? `killed by ${run.signal}` : `exited with code ${run.exitCode}`;
  const startError = report ? undefined : notStartedReason(run);
  const timeoutName = `(stopped after ${Math.round(run.durationMs / 1000)}s)`;

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
    return {
      ...base,
      parsedFrom: report.format,
      passed: report.passed,
      failed,
      skipped: report.skipped,
      failedNames,
      ...(report.failures?.length ? { failures: report.failures } : {}),
      ...(report.passedNames ? { passedNames: report.passedNames } : {}),
    };
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

/** Files as the repository knows them: no file:// prefix, relative to the worktree. */
function relativizeFailure(f: TestFailure, dirs: string[]): TestFailure {
  const out = { ...f, name: relativizeName(f.name, dirs) };
  if (f.message) out.message = relativizeName(f.message, dirs);
  if (f.file) {
    const file = f.file.replace(/^file:\/\//, "");
    const rel = relativizeName(file, dirs).replace(/^\.\//, "");
    // A frame outside the worktree (a global install) is no place in the change.
    if (path.isAbsolute(rel)) {
      delete out.file;
      delete out.line;
    } else out.file = rel;
  }
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
 * Shows directories of the checkout (node_modules, a venv) in the worktree so tests run without an
 * install: in the sandbox as copy-on-write views (vite's .vite-temp, jest and babel caches are written
 * and vanish with the run; the checkout never changes), unsandboxed as symlinks. Skipped when the
 * worktree has its own.
 */
async function showCheckoutDirs(opts: RunTestsOptions, dirs: CopyOnWriteMount[]): Promise<{ copyOnWrite: CopyOnWriteMount[]; links: string[] }> {
  const copyOnWrite: CopyOnWriteMount[] = [];
  const links: string[] = [];
  for (const { source, target } of dirs) {
    try {
      if (!(await fsp.stat(source)).isDirectory()) continue;
      if (fs.existsSync(target) || (await fsp.lstat(target).catch(() => null))) continue;
      const real = await fsp.realpath(source);
      if (opts.sandbox === "none") {
        await fsp.symlink(real, target, "dir");
        links.push(target);
      } else copyOnWrite.push({ source: real, target });
    } catch {
      // not there: nothing to show
    }
  }
  return { copyOnWrite, links };
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
