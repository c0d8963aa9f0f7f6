/** Types shared by the modules of the static-analysis gate. Cached at base, so plain data only. */

export type ToolName = "tsc" | "eslint" | "mypy" | "ruff" | "flake8" | "pyflakes" | "sarif";

export type Severity = "error" | "warning" | "note";

/** One problem a tool reported, with a repository-relative path. */
export interface Diagnostic {
  tool: ToolName;
  /** Tool-specific rule id (TS2339, no-undef, attr-defined, F821, a SARIF ruleId…). */
  rule: string;
  message: string;
  severity: Severity;
  file: string | null;
  line: number | null;
  column: number | null;
  endLine?: number;
  endColumn?: number;
  /** SARIF partialFingerprints, when the tool gave them. */
  partialFingerprints?: Record<string, string>;
  /** Hashes of the line (weak) and of the line with its non-blank neighbours (strong); set after the run. */
  lineHash?: string;
  contextHash?: string;
}

/** One run of one tool on one tree. */
export interface ToolRunOutcome {
  /** Stable id of the invocation (tool + tsconfig or command name), the same at base and change. */
  id: string;
  tool: ToolName;
  /** What ran, for the report (paths relative to the repository). */
  command: string;
  /** Set when the tool could not start or crashed: the tool's result is then `error`. */
  error?: string;
  diagnostics: Diagnostic[];
  durationMs: number;
}

/** A problem the change introduced: what the gate reports, the UI draws and SARIF carries. */
export interface StaticFinding {
  kind: "introduced";
  tool: ToolName;
  /** Display name of the analyser (the SARIF command's name, or the tool). */
  toolLabel: string;
  rule: string;
  message: string;
  severity: Severity;
  file: string | null;
  line: number | null;
  column: number | null;
  endLine?: number;
  endColumn?: number;
  /** TS2339/TS2551/TS2353 (or a JSX prop the component's type lacks) and mypy attr-defined. */
  inventedMember: boolean;
}

export type ToolStatus = "ran" | "error";

/** Per invocation, in the gate's result (`tools`). */
export interface ToolReport {
  id: string;
  tool: ToolName;
  label: string;
  command: string;
  status: ToolStatus;
  error?: string;
  introduced: number;
  fixed: number;
  baseTotal: number;
  baseCached: boolean;
  durationMs: number;
}

/** A SARIF-writing analyser a repository lists in Settings. */
export interface SarifCommand {
  name: string;
  command: string;
}
