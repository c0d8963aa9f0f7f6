/** Vitest's default reporter: "Tests  2 failed | 3 passed | 1 skipped (6)" and "FAIL  file > suite > test" lines. */
import type { TestReport } from "../types";
import { lines, stripDuration, unique } from "./text";

export function parseVitest(output: string): TestReport | null {
  const all = lines(output);
  const summary = all.map((l) => /^\s*Tests\s{2,}(.*\(\d+\))\s*$/.exec(l)).filter(Boolean).pop();
  if (!summary) return null;
  const count = (word: string) => Number(new RegExp(`(\\d+) ${word}`).exec(summary[1])?.[1] ?? 0);
  const failedNames: string[] = [];
  for (const line of all) {
    const fail = /^\s*FAIL\s+(.+?) > (.+)$/.exec(line);
    if (fail) failedNames.push(stripDuration(fail[2]).replace(/\s*\[.*\]$/, ""));
  }
  if (failedNames.length === 0) {
    // Older/compact output: only "× suite > test 3ms" lines name the failures.
    for (const line of all) {
      const x = /^\s*[×✗]\s+(.+)$/.exec(line);
      if (x) failedNames.push(stripDuration(x[1]));
    }
  }
  return {
    format: "vitest",
    passed: count("passed"),
    failed: count("failed"),
    skipped: count("skipped") + count("todo"),
    failedNames: unique(failedNames),
  };
}
