/** pytest: the final "== 1 failed, 3 passed in 0.1s ==" line, FAILED/ERROR lines of -rA / -rfE, verbose lines. */
import type { TestFailure, TestReport } from "../types";
import { lines, unique } from "./text";

const SUMMARY = /^=+ (.*\b(?:passed|failed|error|errors|skipped|xfailed|xpassed|no tests ran|deselected)\b.*) in [\d.]+s\b.*=+$/;

export function parsePytest(output: string): TestReport | null {
  const all = lines(output).map((l) => l.trimEnd());
  const summary = all.map((l) => SUMMARY.exec(l.trim())).filter(Boolean).pop();
  if (!summary) return null;
  const count = (word: string) => Number(new RegExp(`(\\d+) ${word}\\b`).exec(summary[1])?.[1] ?? 0);
  const failedNames: string[] = [];
  const failures: TestFailure[] = [];
  for (const line of all) {
    const short = /^(?:FAILED|ERROR) (\S+::\S+|\S+\.py)(?: - (.*))?$/.exec(line);
    if (short) {
      failedNames.push(short[1]);
      const collection = line.startsWith("ERROR") && !short[1].includes("::");
      failures.push({ name: short[1], ...(short[2] ? { message: short[2].trim() } : {}), file: short[1].split("::")[0], ...(collection ? { loadError: true } : {}) });
    }
    const verbose = /^(\S+::\S+) (?:FAILED|ERROR)\b/.exec(line);
    if (verbose) failedNames.push(verbose[1]);
  }
  return {
    format: "pytest",
    passed: count("passed") + count("xfailed"),
    failed: count("failed") + count("errors?") + count("xpassed"),
    skipped: count("skipped"),
    failedNames: unique(failedNames),
    failures,
  };
}
