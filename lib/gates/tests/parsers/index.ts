/** Picks the runner output format that explains the output best. */
import type { TestReport } from "../types";
import { parseAva } from "./ava";
import { parseJest } from "./jest";
import { parseJestJson } from "./jest-json";
import { parseMocha, parseMochaJson } from "./mocha";
import { parseNodeSpec } from "./node-spec";
import { parsePytest } from "./pytest";
import { parseTap } from "./tap";
import { parseUnittest } from "./unittest";
import { parseVitest } from "./vitest";

export { parseJunitXml, mergeReports } from "./junit";
export { parseTap, parseNodeSpec, parseVitest, parseJest, parseJestJson, parsePytest, parseUnittest, parseMocha, parseMochaJson, parseAva };

/** Machine formats first: on a tie in test count, the earlier parser wins. */
const PARSERS: Array<(output: string) => TestReport | null> = [
  parseJestJson,
  parseMochaJson,
  parsePytest,
  parseUnittest,
  parseVitest,
  parseJest,
  parseMocha,
  parseAva,
  parseTap,
  parseNodeSpec,
];

/** The report with the most tests; null when no parser recognises any test (callers fall back to the exit code). */
export function parseTestOutput(stdout: string, stderr = ""): TestReport | null {
  const combined = stderr ? `${stdout}\n${stderr}` : stdout;
  let best: TestReport | null = null;
  for (const parse of PARSERS) {
    // JSON reports live on stdout alone; text formats may be split over both streams.
    const report = parse === parseJestJson || parse === parseMochaJson ? parse(stdout) : parse(combined);
    if (!report) continue;
    const total = report.passed + report.failed + report.skipped;
    if (total === 0 && report.failedNames.length === 0) continue;
    if (!best || total > best.passed + best.failed + best.skipped) best = report;
  }
  return best;
}
