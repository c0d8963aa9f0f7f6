import { describe, expect, it } from "vitest";
import { describeMeasure, judgeFunction, type ComplexityRules } from "./policy";

const DEFAULT: ComplexityRules = { thresholds: { cyclomatic: 10, cognitive: 10 }, failOnGrowth: false };
const STRICT: ComplexityRules = { ...DEFAULT, failOnGrowth: true };
const SPLIT: ComplexityRules = { thresholds: { cyclomatic: 10, cognitive: 15 }, failOnGrowth: false };

type S = { cyclomatic: number; cognitive: number } | null;
const s = (cyclomatic: number, cognitive: number) => ({ cyclomatic, cognitive });

/** [case, rules, before, after, expected severity (null = no finding), expected measure texts]. */
const TABLE: Array<[string, ComplexityRules, S, { cyclomatic: number; cognitive: number }, "fail" | "warn" | null, string[]]> = [
  // crossing
  ["crosses cyclomatic (10 → 11)", DEFAULT, s(10, 0), s(11, 0), "fail", ["cyclomatic 10→11 > 10"]],
  ["crosses cognitive (4 → 36)", DEFAULT, s(3, 4), s(3, 36), "fail", ["cognitive 4→36 > 10"]],
  ["reaches the threshold exactly: no finding", DEFAULT, s(4, 2), s(10, 10), null, []],
  ["crosses both measures", DEFAULT, s(9, 9), s(12, 14), "fail", ["cyclomatic 9→12 > 10", "cognitive 9→14 > 10"]],
  ["crosses one, grows over on the other: fail wins", DEFAULT, s(9, 20), s(11, 21), "fail", ["cyclomatic 9→11 > 10", "cognitive 20→21 > 10"]],
  ["crossing fails under the strict setting too", STRICT, s(10, 0), s(11, 0), "fail", ["cyclomatic 10→11 > 10"]],
  // legacy functions already over
  ["already over, grows by one: warn", DEFAULT, s(22, 5), s(23, 5), "warn", ["cyclomatic 22→23 > 10"]],
  ["already over, grows: fail on any growth", STRICT, s(12, 13), s(13, 13), "fail", ["cyclomatic 12→13 > 10"]],
  ["already over, unchanged: no finding", DEFAULT, s(22, 30), s(22, 30), null, []],
  ["already over, shrinks but stays over: no finding", STRICT, s(22, 30), s(15, 12), null, []],
  ["already over, drops within: no finding", DEFAULT, s(22, 30), s(5, 3), null, []],
  ["over on one measure, grows only the other within: no finding", DEFAULT, s(15, 2), s(15, 9), null, []],
  // growth within the threshold
  ["grows within the threshold: no finding", DEFAULT, s(4, 1), s(7, 6), null, []],
  // new functions
  ["new function at the threshold: no finding", DEFAULT, null, s(10, 10), null, []],
  ["new function within: no finding", DEFAULT, null, s(1, 0), null, []],
  ["new function over cyclomatic: fail", DEFAULT, null, s(14, 3), "fail", ["cyclomatic 14 > 10"]],
  ["new function over cognitive: fail", DEFAULT, null, s(5, 36), "fail", ["cognitive 36 > 10"]],
  // separate thresholds per measure
  ["cognitive threshold 15: 14 is within", SPLIT, s(2, 3), s(2, 14), null, []],
  ["cognitive threshold 15: 16 crosses", SPLIT, s(2, 3), s(2, 16), "fail", ["cognitive 3→16 > 15"]],
  ["cyclomatic threshold still 10", SPLIT, s(2, 3), s(11, 14), "fail", ["cyclomatic 2→11 > 10"]],
];

describe("complexity policy", () => {
  it.each(TABLE)("%s", (_name, rules, before, after, severity, measures) => {
    const judgement = judgeFunction(before, after, rules);
    expect(judgement?.severity ?? null).toBe(severity);
    expect((judgement?.over ?? []).map(describeMeasure)).toEqual(measures);
  });

  it("names the verdict of the most severe measure", () => {
    expect(judgeFunction(s(9, 20), s(11, 21), DEFAULT)?.verdict).toBe("crossed");
    expect(judgeFunction(null, s(11, 0), DEFAULT)?.verdict).toBe("new-over-threshold");
    expect(judgeFunction(s(22, 0), s(23, 0), DEFAULT)?.verdict).toBe("grew-over-threshold");
  });
});
