/** Types shared by the modules of the tests gate. */

export type ReportFormat =
  | "junit"
  | "jest-json"
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
}

export type SandboxKind = "bwrap" | "none";

/** What one run of the test command produced, after parsing. Cached for baselines, so plain data only. */
export interface TestRunSummary {
  command: string;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** Set when the runner could not be started (spawn failure, command not found). */
  startError?: string;
  /** Where the counts come from: a report format, or the exit code when nothing was parseable. */
  parsedFrom: ReportFormat | "exit-code";
  passed: number;
  failed: number;
  skipped: number;
  failedNames: string[];
  /** Tail of the combined output. */
  log: string;
  sandbox: SandboxKind;
  /** Why the run is not sandboxed, when it is not. */
  sandboxNote?: string;
  durationMs: number;
}
