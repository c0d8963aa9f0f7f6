/**
 * Complexity gate: flags functions that a change made more complex (or added), and fails when such
 * a function scores above the policy threshold (cyclomatic or cognitive).
 */
import { DEFAULT_POLICY, type ChangedFile, type Gate, type GateInput, type GateResult, type GateStatus } from "../types";
import { analyzeFile, isAnalyzable } from "./analyze";
import { pairFunctions } from "./pair";
import { ParseError, type FunctionComplexity } from "./types";

export interface ComplexityFinding {
  file: string;
  function: string;
  line: number;
  /** null for a function the change added. */
  cyclomaticBefore: number | null;
  cyclomatic: number;
  cognitiveBefore: number | null;
  cognitive: number;
}

const MAX_SUMMARY_ITEMS = 3;

class GateAborted extends Error {}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function rose(before: FunctionComplexity, after: FunctionComplexity): boolean {
  return after.cyclomatic > before.cyclomatic || after.cognitive > before.cognitive;
}

/** Findings for one file; a `before` that cannot be analyzed counts as no baseline. */
async function fileFindings(file: ChangedFile & { after: string }): Promise<ComplexityFinding[]> {
  const after = await analyzeFile(file.path, file.after);
  let before: FunctionComplexity[] = [];
  if (file.before !== null) {
    try {
      before = await analyzeFile(file.path, file.before);
    } catch {
      before = [];
    }
  }
  const findings: ComplexityFinding[] = [];
  for (const pair of pairFunctions(before, after)) {
    if (pair.before && !rose(pair.before, pair.after)) continue;
    findings.push({
      file: file.path,
      function: pair.after.name,
      line: pair.after.line,
      cyclomaticBefore: pair.before ? pair.before.cyclomatic : null,
      cyclomatic: pair.after.cyclomatic,
      cognitiveBefore: pair.before ? pair.before.cognitive : null,
      cognitive: pair.after.cognitive,
    });
  }
  return findings;
}

function exceeds(finding: ComplexityFinding, threshold: number): boolean {
  return finding.cyclomatic > threshold || finding.cognitive > threshold;
}

function metricText(metric: string, before: number | null, after: number): string {
  return before === null ? `${metric} ${after}` : `${metric} ${before}→${after}`;
}

/** e.g. "encode: cyclomatic 4→12 exceeds 10" or "parse (new): cognitive 14 exceeds 10". */
function describeFinding(finding: ComplexityFinding, threshold: number): string {
  const over = exceeds(finding, threshold);
  const metrics: [string, number | null, number][] = [
    ["cyclomatic", finding.cyclomaticBefore, finding.cyclomatic],
    ["cognitive", finding.cognitiveBefore, finding.cognitive],
  ];
  // Name what crossed the threshold plus what the change raised; a new function within it shows both.
  const shown = metrics.filter(([, before, after]) =>
    over ? after > threshold || (before !== null && after !== before) : before === null || after !== before,
  );
  const text = shown.map(([metric, before, after]) => metricText(metric, before, after)).join(", ");
  const name = finding.cyclomaticBefore === null ? `${finding.function} (new)` : finding.function;
  return `${name}: ${text}${over ? ` exceeds ${threshold}` : ""}`;
}

function listed(items: string[]): string {
  const shown = items.slice(0, MAX_SUMMARY_ITEMS).join("; ");
  return items.length > MAX_SUMMARY_ITEMS ? `${shown}; +${items.length - MAX_SUMMARY_ITEMS} more` : shown;
}

function decide(findings: ComplexityFinding[], threshold: number): { status: GateStatus; summary: string } {
  const over = findings.filter((f) => exceeds(f, threshold));
  if (over.length > 0) {
    return { status: "fail", summary: listed(over.map((f) => describeFinding(f, threshold))) };
  }
  const raised = findings.filter((f) => f.cyclomaticBefore !== null);
  if (raised.length > 0) {
    const items = raised.map((f) => describeFinding(f, threshold));
    return { status: "warn", summary: `more complex, within ${threshold}: ${listed(items)}` };
  }
  const added = findings.length;
  return {
    status: "pass",
    summary:
      added > 0
        ? `no function got more complex; ${added} new function${added === 1 ? "" : "s"} within ${threshold}`
        : "no function got more complex",
  };
}

/** The gate's result; durationMs is filled in by the caller. */
async function evaluate(input: GateInput): Promise<GateResult<ComplexityFinding>> {
  const configured = input.policy?.complexityThreshold;
  const threshold = Number.isFinite(configured) ? configured : DEFAULT_POLICY.complexityThreshold;
  const files = input.files.filter(
    (f): f is ChangedFile & { after: string } => !f.binary && f.after !== null && isAnalyzable(f.path),
  );
  const base = { gate: "complexity" as const, durationMs: 0, threshold, filesAnalyzed: files.length };
  if (files.length === 0) {
    return { ...base, status: "skipped", summary: "no analyzable file changed", findings: [] };
  }

  const findings: ComplexityFinding[] = [];
  const problems: string[] = [];
  for (const file of files) {
    if (input.signal?.aborted) throw new GateAborted();
    try {
      findings.push(...(await fileFindings(file)));
    } catch (error) {
      problems.push(
        error instanceof ParseError
          ? `parse error after the change: ${error.message}`
          : `cannot analyze ${file.path}: ${describe(error)}`,
      );
    }
  }
  if (input.signal?.aborted) throw new GateAborted();

  const score = findings.reduce((max, f) => Math.max(max, f.cyclomatic, f.cognitive), 0);
  if (problems.length > 0) {
    return { ...base, status: "error", score, summary: listed(problems), findings };
  }
  return { ...base, ...decide(findings, threshold), score, findings };
}

export const complexityGate: Gate = {
  name: "complexity",
  async run(input: GateInput): Promise<GateResult> {
    const started = performance.now();
    const durationMs = () => Math.round(performance.now() - started);
    try {
      const result = await evaluate(input);
      result.durationMs = durationMs();
      return result;
    } catch (error) {
      const summary = error instanceof GateAborted ? "aborted" : `complexity gate failed: ${describe(error)}`;
      return { gate: "complexity", status: "error", summary, findings: [], durationMs: durationMs() };
    }
  },
};
