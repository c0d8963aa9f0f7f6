/** Types shared by the modules of the tests gate. */

export type ReportFormat =
  | "junit"
  | "jest-json"
  | "mocha-json"
  | "mocha"
  | "ava"
  | "tap"
  | "node-spec"
  | "vitest"
  | "jest"
  | "pytest"
  | "unittest";

/** Test results read from a runner's output or report files. */
export interface TestReport {
  format: ReportFormat;
  passed: number;
  failed: number;
  skipped: number;
  /** Names of failing tests (suite path joined with " > "), without duplicates. */
  failedNames: string[];
  /** Why each named test failed, when the output says (not every test needs an entry). */
  failures?: TestFailure[];
  /** Names of passing tests, from machine-readable reports only (a rerun proves a test passed by naming it). */
  passedNames?: string[];
}

/** One failing test: where it failed and the runner's message (assertion expected/actual, or the exception). */
export interface TestFailure {
  name: string;
  message?: string;
  /** Path as the runner printed it; made relative to the worktree after the run. */
  file?: string;
  line?: number;
  /** The test file could not be loaded or collected (no test of it ran). */
  loadError?: boolean;
}

export type SandboxKind = "bwrap" | "none";

/** What one run of the test command produced, after parsing. Cached for baselines, so plain data only. */
export interface TestRunSummary {
  command: string;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** A sandbox limit (memory, processes, CPU, file size, /tmp) ended or broke the run: e.g. "stopped: memory limit 2 GiB". */
  limitHit?: { kind: string; message: string };
  /** Set when the runner could not be started (spawn failure, command not found). */
  startError?: string;
  /** The suite did not run (runner missing, config or collection error, no test): why, and the likely fix. */
  notRun?: { cause: string; fix: string };
  /** Where the counts come from: a report format, or the exit code when nothing was parseable. */
  parsedFrom: ReportFormat | "exit-code";
  passed: number;
  failed: number;
  skipped: number;
  failedNames: string[];
  failures?: TestFailure[];
  passedNames?: string[];
  /** Tail of the combined output. */
  log: string;
  sandbox: SandboxKind;
  /** Why the run is not sandboxed, when it is not. */
  sandboxNote?: string;
  durationMs: number;
}
