/** python -m unittest: "Ran N tests", "OK"/"FAILED (failures=1, errors=1, skipped=1)", "FAIL: test_x (mod.Class.test_x)". */
import type { TestReport } from "../types";
import { lines, unique } from "./text";

export function parseUnittest(output: string): TestReport | null {
  const all = lines(output).map((l) => l.trimEnd());
  const ranIdx = all.map((l) => /^Ran (\d+) tests? in /.exec(l)).findLastIndex(Boolean);
  if (ranIdx < 0) return null;
  const ran = Number(/^Ran (\d+)/.exec(all[ranIdx])![1]);
  const verdict = all.slice(ranIdx + 1).find((l) => /^(OK|FAILED)\b/.test(l)) ?? "";
  const field = (name: string) => Number(new RegExp(`${name}=(\\d+)`).exec(verdict)?.[1] ?? 0);
  const failed = field("failures") + field("errors") + field("unexpected successes");
  const skipped = field("skipped");
  const failedNames: string[] = [];
  for (const line of all) {
    const m = /^(?:FAIL|ERROR|UNEXPECTED SUCCESS): (\S+) \(([^)]+)\)/.exec(line);
    if (m) failedNames.push(testId(m[1], m[2]));
  }
  return {
    format: "unittest",
    passed: Math.max(0, ran - failed - skipped),
    failed,
    skipped,
    failedNames: unique(failedNames),
  };
}

/** 3.11+ prints "(pkg.mod.Class.test_x)", older versions "(pkg.mod.Class)". */
function testId(method: string, paren: string): string {
  return paren.endsWith(`.${method}`) ? paren : `${paren}.${method}`;
}
