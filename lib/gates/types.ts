/** Shared contract of every gate. The JSON names here are the CLI's public contract. */
import type { SandboxLimits } from "../sandbox/types";
export type GateName = "tests" | "dependencies" | "complexity" | "error-contract" | "static-analysis";
export const GATE_NAMES: readonly GateName[] = ["tests", "dependencies", "complexity", "error-contract", "static-analysis"];

export type GateStatus = "pass" | "warn" | "fail" | "error" | "skipped";

export interface GateResult<F = unknown> {
  gate: GateName;
  status: GateStatus;
  score?: number;
  summary: string;
  findings: F[];
  durationMs: number;
  /** Gate-specific extra fields (e.g. tests: passed/failed/baselineFailed/newlyFailing). */
  [extra: string]: unknown;
}

/** One file touched by a change, with full text before and after (null = absent). */
export interface ChangedFile {
  path: string;
  before: string | null;
  after: string | null;
  binary?: boolean;
}

/** What a gate gets: the repository on disk and the change. */
export interface GateInput {
  /** Absolute path of the git repository (never modified by gates). */
  repoDir: string;
  /** Commit the change applies to. */
  baseCommit: string;
  /** Unified diff of the change. */
  diff: string;
  /** Files touched, before/after text. */
  files: ChangedFile[];
  policy: GatePolicy;
  /** Abort signal: gates stop work and return status error when aborted. */
  signal?: AbortSignal;
}

export interface GatePolicy {
  /** Minimum test pass rate in percent (default 95). */
  minTestPassRate: number;
  /** Cyclomatic complexity threshold per function (default 10). */
  complexityThreshold: number;
  /** Cognitive complexity threshold per function (default 10; absent = default). */
  cognitiveThreshold?: number;
  /** A function already over a threshold that grows fails instead of warning (default false). */
  complexityFailOnGrowth?: boolean;
  /** Repository test command, e.g. "npm test". */
  testCommand?: string;
  /** Wall-clock limit for one test run, ms. */
  testTimeoutMs?: number;
  /** Analysers the repository lists in Settings whose command writes SARIF (static-analysis gate). */
  sarifCommands?: { name: string; command: string }[];
  /** Sandbox limits from Settings → Policy (memory, processes…); the operator's env overrides win. */
  sandboxLimits?: Partial<SandboxLimits>;
  /**
   * An imported package that no manifest declares, in runtime code: "fail" (default; it works only while something
   * else installs it) or "warn". In tests and type-checking code it is always a warning.
   */
  undeclaredDependencies?: UndeclaredDependencyPolicy;
}

export type UndeclaredDependencyPolicy = "fail" | "warn";

export const DEFAULT_POLICY: GatePolicy = {
  minTestPassRate: 95,
  complexityThreshold: 10,
  cognitiveThreshold: 10,
  complexityFailOnGrowth: false,
  testTimeoutMs: 5 * 60_000,
  undeclaredDependencies: "fail",
};

export interface Gate {
  name: GateName;
  run(input: GateInput): Promise<GateResult>;
}
