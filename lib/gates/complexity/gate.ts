/**
 * Complexity gate: pairs each changed file's functions before and after the change and applies the
 * policy (policy.ts): crossing a threshold or a new function over it fails, growth of a function
 * already over it warns. Cyclomatic and cognitive complexity have their own thresholds.
 */
import { DEFAULT_POLICY, type ChangedFile, type Gate, type GateInput, type GatePolicy, type GateResult, type GateStatus } from "../types";
import { analyzeFile, isAnalyzable } from "./analyze";
import { pairFunctions } from "./pair";
import {
  describeMeasure,
  describeThresholds,
  judgeFunction,
  type ComplexityRules,
  type ComplexityVerdict,
  type MeasureOver,
} from "./policy";
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
  verdict: ComplexityVerdict;
  severity: "fail" | "warn";
  /** The measures over their thresholds, e.g. cognitive 8→36 > 10. */
  over: MeasureOver[];
  /** e.g. "parseQuery: cognitive 8→36 > 10" or "encode (new): cyclomatic 14 > 10". */
  message: string;
}

const MAX_SUMMARY_ITEMS = 3;

class GateAborted extends Error {}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function rose(before: FunctionComplexity, after: FunctionComplexity): boolean {
  return after.cyclomatic > before.cyclomatic || after.cognitive > before.cognitive;
}

interface FileOutcome {
  findings: ComplexityFinding[];
  /** Highest score among the functions the change added or made more complex (findings or not). */
  score: number;
}

/** Findings for one file; a `before` that cannot be analyzed counts as no baseline. */
async function fileFindings(file: ChangedFile & { after: string }, rules: ComplexityRules): Promise<FileOutcome> {
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
  let score = 0;
  for (const pair of pairFunctions(before, after)) {
    if (pair.before && !rose(pair.before, pair.after)) continue;
    score = Math.max(score, pair.after.cyclomatic, pair.after.cognitive);
    const judgement = judgeFunction(pair.before, pair.after, rules);
    if (!judgement) continue;
    const name = pair.before ? pair.after.name : `${pair.after.name} (new)`;
    findings.push({
      file: file.path,
      function: pair.after.name,
      line: pair.after.line,
      cyclomaticBefore: pair.before ? pair.before.cyclomatic : null,
      cyclomatic: pair.after.cyclomatic,
      cognitiveBefore: pair.before ? pair.before.cognitive : null,
      cognitive: pair.after.cognitive,
      ...judgement,
      message: `${name}: ${judgement.over.map(describeMeasure).join(", ")}`,
    });
  }
  return { findings, score };
}

function listed(items: string[]): string {
  const shown = items.slice(0, MAX_SUMMARY_ITEMS).join("; ");
  return items.length > MAX_SUMMARY_ITEMS ? `${shown}; +${items.length - MAX_SUMMARY_ITEMS} more` : shown;
}

function decide(findings: ComplexityFinding[], rules: ComplexityRules): { status: GateStatus; summary: string } {
  const limits = `thresholds ${describeThresholds(rules.thresholds)}`;
  const failing = findings.filter((f) => f.severity === "fail");
  const warning = findings.filter((f) => f.severity === "warn");
  if (failing.length > 0) {
    const also = warning.length > 0 ? `; ${warning.length} already over grew` : "";
    return { status: "fail", summary: `${listed(failing.map((f) => f.message))} (${limits})${also}` };
  }
  if (warning.length > 0) {
    return { status: "warn", summary: `already over and grew: ${listed(warning.map((f) => f.message))} (${limits})` };
  }
  return { status: "pass", summary: `no function crossed the thresholds (${describeThresholds(rules.thresholds)})` };
}

function finiteOr(value: number | undefined, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}

export function complexityRules(policy: Partial<GatePolicy> | undefined): ComplexityRules {
  return {
    thresholds: {
      cyclomatic: finiteOr(policy?.complexityThreshold, DEFAULT_POLICY.complexityThreshold),
      cognitive: finiteOr(policy?.cognitiveThreshold, DEFAULT_POLICY.cognitiveThreshold ?? DEFAULT_POLICY.complexityThreshold),
    },
    failOnGrowth: policy?.complexityFailOnGrowth === true,
  };
}

/** The gate's result; durationMs is filled in by the caller. */
async function evaluate(input: GateInput): Promise<GateResult<ComplexityFinding>> {
  const rules = complexityRules(input.policy);
  const files = input.files.filter(
    (f): f is ChangedFile & { after: string } => !f.binary && f.after !== null && isAnalyzable(f.path),
  );
  const base = {
    gate: "complexity" as const,
    durationMs: 0,
    thresholds: rules.thresholds,
    failOnGrowth: rules.failOnGrowth,
    filesAnalyzed: files.length,
  };
  if (files.length === 0) {
    return { ...base, status: "skipped", summary: "no analyzable file changed", findings: [] };
  }

  const findings: ComplexityFinding[] = [];
  const problems: string[] = [];
  let score = 0;
  for (const file of files) {
    if (input.signal?.aborted) throw new GateAborted();
    try {
      const outcome = await fileFindings(file, rules);
      findings.push(...outcome.findings);
      score = Math.max(score, outcome.score);
    } catch (error) {
      problems.push(
        error instanceof ParseError
          ? `parse error after the change: ${error.message}`
          : `cannot analyze ${file.path}: ${describe(error)}`,
      );
    }
  }
  if (input.signal?.aborted) throw new GateAborted();

  if (problems.length > 0) {
    return { ...base, status: "error", score, summary: listed(problems), findings };
  }
  return { ...base, ...decide(findings, rules), score, findings };
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
