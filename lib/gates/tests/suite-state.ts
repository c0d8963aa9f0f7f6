/**
 * "Did the suite run?" before "did it pass?": a run that never started or collected no test (runner
 * missing, config load error, import/collection errors, no test found) says nothing about the change.
 * Its cause is named in one line with the likely fix.
 */
import { stripAnsi } from "./parsers/text";
import type { TestRunSummary } from "./types";

export interface NotRun {
  cause: string;
  fix: string;
}

/** Failure names the gate makes up (exit code, time limit); never a test of the project. */
export function isSyntheticName(name: string): boolean {
  return /^\((test command |timed out|stopped|\d+ unnamed)/.test(name);
}

type RunFacts = Pick<TestRunSummary, "passed" | "failed" | "skipped" | "failedNames" | "failures" | "log" | "exitCode" | "timedOut" | "parsedFrom" | "startError">;

/** Null when tests ran (whatever their result); otherwise why they did not, and what to do. */
export function whyNotRun(run: RunFacts, ctx: { srcLayout?: boolean } = {}): NotRun | null {
  if (run.timedOut) return null;
  const log = stripAnsi(run.log);
  const loadFailures = (run.failures ?? []).filter((f) => f.loadError);
  const synthetic = run.failedNames.filter(isSyntheticName).length;
  const realTests = run.passed + run.skipped + Math.max(0, run.failed - loadFailures.length - synthetic);
  if (run.startError) return explain(log + "\n" + run.startError, loadFailures, ctx, run.startError);
  if (run.parsedFrom === "exit-code") {
    // Without parseable output only a recognisable start-up failure says the suite did not run.
    if (run.exitCode === 0) return null;
    const known = explain(log, loadFailures, ctx, null);
    return known.fix === GENERIC_FIX ? null : known;
  }
  if (realTests > 0) return null;
  return explain(log, loadFailures, ctx, null);
}

const GENERIC_FIX = "run the test command in a clean checkout to see why it does not start";

function explain(log: string, loadFailures: NonNullable<RunFacts["failures"]>, ctx: { srcLayout?: boolean }, startError: string | null): NotRun {
  const line = (re: RegExp) => log.split("\n").map((l) => l.trim()).find((l) => re.test(l));
  const erofs = line(/EROFS|read-only file system/i);
  if (erofs) {
    return { cause: `the runner could not write: ${clip(erofs)}`, fix: "node_modules (or the venv) is read-only to the sandbox: the runner writes caches into it" };
  }
  const missingRunner = line(/(: not found|command not found|No module named (pytest|unittest)\b|Cannot find module '[^']*node_modules\/\.bin)/);
  if (missingRunner || startError) {
    return {
      cause: `the test runner could not start: ${clip(missingRunner ?? startError ?? "")}`,
      fix: "install the project's test dependencies in the checkout (node_modules, or pytest for Python); the gate installs nothing",
    };
  }
  const config = line(/failed to load config|Failed to parse .*config|● Validation Error|Error: (?:Jest|Vitest): |Error while loading config|ConfigError|error parsing .*(pytest\.ini|pyproject|setup\.cfg|tox\.ini)/i);
  if (config) return { cause: `the runner's configuration failed to load: ${clip(config)}`, fix: "fix the test runner's config file (see the log)" };

  const collection = loadFailures[0];
  const importError = line(/(ImportError|ModuleNotFoundError|cannot import name|Cannot find module|ERR_MODULE_NOT_FOUND|SyntaxError)/);
  if (collection || importError || line(/errors? during collection|Test suite failed to run|Failed to load url|failed to load/i)) {
    const what = collection ? `${collection.file ?? collection.name}: ${collection.message ?? "could not be loaded"}` : clip(importError ?? "a test file could not be loaded");
    const fix = ctx.srcLayout && /import|module/i.test(what)
      ? "src layout: the package under test is not importable from the tests — set `pythonpath = [\"src\"]` under [tool.pytest.ini_options] or install the package"
      : /import|module/i.test(what)
        ? "a module the tests import is missing or does not export what they need"
        : "fix the error that stops the test files from loading";
    return { cause: `test files could not be collected (${clip(what)})`, fix };
  }
  const none = line(/no tests ran|No tests? (files )?found|No test files found|# tests 0\b|ℹ tests 0\b|0 passing/i);
  if (none) return { cause: `no test found (${clip(none)})`, fix: "check the test command and its test file patterns (or set policy.testCommand)" };
  const error = [...log.split("\n")].reverse().map((l) => l.trim()).find((l) => /(Error|Exception)\b|^E\s|error:/i.test(l));
  return { cause: error ? `no test ran: ${clip(error)}` : "no test ran", fix: GENERIC_FIX };
}

function clip(s: string, max = 200): string {
  const one = s.replace(/\s+/g, " ").trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
