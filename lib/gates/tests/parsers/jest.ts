/** Jest's text summary: "Tests:       1 failed, 1 skipped, 3 passed, 5 total" and "● suite › test" headings. */
import type { TestReport } from "../types";
import { lines, unique } from "./text";

export function parseJest(output: string): TestReport | null {
  const all = lines(output);
  const summary = all.map((l) => /^\s*Tests:\s+(.*\d+ total)\s*$/.exec(l)).filter(Boolean).pop();
  if (!summary) return null;
  const count = (word: string) => Number(new RegExp(`(\\d+) ${word}`).exec(summary[1])?.[1] ?? 0);
  const failedNames: string[] = [];
  for (const line of all) {
    const m = /^\s*● (.+)$/.exec(line);
    if (!m) continue;
    const name = m[1].trim();
    if (name === "Console" || name.startsWith("Test suite failed to run")) continue;
    failedNames.push(name.split(" › ").map((s) => s.trim()).join(" > "));
  }
  return {
    format: "jest",
    passed: count("passed"),
    failed: count("failed"),
    skipped: count("skipped") + count("todo") + count("pending"),
    failedNames: unique(failedNames),
  };
}
