/**
 * The complexity policy: which before/after pair of one function is a finding, and how severe.
 *
 * Per measure (cyclomatic, cognitive) with its own threshold T:
 * - a function that **crosses** T (was ≤ T, now > T) fails;
 * - a **new** function over T fails; a new function at or under T is not a finding;
 * - a function already over T that **grows** warns (fails with `failOnGrowth`);
 * - anything else (growth within T, an untouched or simplified legacy function) is not a finding.
 * The function's verdict is its most severe measure's.
 */

export type ComplexityMeasure = "cyclomatic" | "cognitive";
export const COMPLEXITY_MEASURES: readonly ComplexityMeasure[] = ["cyclomatic", "cognitive"];

export interface ComplexityThresholds {
  cyclomatic: number;
  cognitive: number;
}

export interface ComplexityRules {
  thresholds: ComplexityThresholds;
  /** Stricter setting: a function already over a threshold that grows fails instead of warning. */
  failOnGrowth: boolean;
}

export type ComplexityVerdict = "crossed" | "new-over-threshold" | "grew-over-threshold";

/** One measure over its threshold, e.g. cognitive 8→36 > 10. */
export interface MeasureOver {
  measure: ComplexityMeasure;
  /** null for a new function. */
  before: number | null;
  after: number;
  threshold: number;
  verdict: ComplexityVerdict;
}

export interface Judgement {
  verdict: ComplexityVerdict;
  severity: "fail" | "warn";
  over: MeasureOver[];
}

type Scores = Record<ComplexityMeasure, number>;

const RANK: Record<ComplexityVerdict, number> = { "grew-over-threshold": 0, "new-over-threshold": 1, crossed: 2 };

function measureVerdict(before: number | null, after: number, threshold: number): ComplexityVerdict | null {
  if (after <= threshold) return null;
  if (before === null) return "new-over-threshold";
  if (before <= threshold) return "crossed";
  return after > before ? "grew-over-threshold" : null;
}

/** The finding for one function (`before` null = added by the change), or null when it is none. */
export function judgeFunction(before: Scores | null, after: Scores, rules: ComplexityRules): Judgement | null {
  const over: MeasureOver[] = [];
  for (const measure of COMPLEXITY_MEASURES) {
    const threshold = rules.thresholds[measure];
    const was = before ? before[measure] : null;
    const verdict = measureVerdict(was, after[measure], threshold);
    if (verdict) over.push({ measure, before: was, after: after[measure], threshold, verdict });
  }
  if (over.length === 0) return null;
  const verdict = over.reduce((worst, m) => (RANK[m.verdict] > RANK[worst] ? m.verdict : worst), over[0].verdict);
  const severity = verdict === "grew-over-threshold" && !rules.failOnGrowth ? "warn" : "fail";
  return { verdict, severity, over };
}

/** "cognitive 8→36 > 10" (a new function: "cognitive 36 > 10"). */
export function describeMeasure(m: Pick<MeasureOver, "measure" | "before" | "after" | "threshold">): string {
  return `${m.measure} ${m.before === null ? "" : `${m.before}→`}${m.after} > ${m.threshold}`;
}

/** "cyclomatic 10, cognitive 15": the thresholds as the gate summary and Settings name them. */
export function describeThresholds(t: ComplexityThresholds): string {
  return `cyclomatic ${t.cyclomatic}, cognitive ${t.cognitive}`;
}

/** What a failing complexity finding looks like to the reroute logic (older results lack `severity`/`over`). */
export interface ComplexityFindingLike {
  function?: string;
  cyclomatic?: number;
  cognitive?: number;
  severity?: string;
  over?: Array<{ measure?: string; after?: number; threshold?: number }>;
}

/**
 * "complexity of parseQuery: cognitive 36 > 10", for a finding that fails the gate; null for one
 * that only warns or is within the thresholds.
 */
export function failingComplexityText(finding: ComplexityFindingLike, thresholds: ComplexityThresholds): string | null {
  if (finding.severity !== undefined && finding.severity !== "fail") return null;
  const over = Array.isArray(finding.over)
    ? finding.over.filter((m) => typeof m.measure === "string" && typeof m.after === "number" && typeof m.threshold === "number")
    : COMPLEXITY_MEASURES.filter((m) => (finding[m] ?? 0) > thresholds[m]).map((m) => ({ measure: m, after: finding[m], threshold: thresholds[m] }));
  if (over.length === 0) return null;
  return `complexity of ${finding.function ?? "a function"}: ${over.map((m) => `${m.measure} ${m.after} > ${m.threshold}`).join(", ")}`;
}
