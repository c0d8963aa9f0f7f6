/** JUnit XML (<testsuite>/<testcase> with <failure>, <error>, <skipped>), as written by pytest, jest-junit, vitest, etc. */
import type { TestReport } from "../types";
import { unique } from "./text";

const TESTCASE = /<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g;

export function parseJunitXml(xml: string): TestReport | null {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let seen = 0;
  const failedNames: string[] = [];
  for (const m of xml.matchAll(TESTCASE)) {
    seen += 1;
    const attrs = readAttributes(m[1]);
    const body = m[3] ?? "";
    const name = attrs.name ?? "(unnamed)";
    const classname = attrs.classname ?? "";
    if (/<(failure|error)\b/.test(body)) {
      failed += 1;
      failedNames.push(classname && classname !== name ? `${classname} > ${name}` : name);
    } else if (/<skipped\b/.test(body)) skipped += 1;
    else passed += 1;
  }
  if (seen === 0) return null;
  return { format: "junit", passed, failed, skipped, failedNames: unique(failedNames) };
}

/** Merges reports of several files (e.g. one TEST-*.xml per suite). */
export function mergeReports(reports: TestReport[]): TestReport | null {
  if (reports.length === 0) return null;
  return {
    format: reports[0].format,
    passed: reports.reduce((n, r) => n + r.passed, 0),
    failed: reports.reduce((n, r) => n + r.failed, 0),
    skipped: reports.reduce((n, r) => n + r.skipped, 0),
    failedNames: unique(reports.flatMap((r) => r.failedNames)),
  };
}

function readAttributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
    out[m[1]] = decodeEntities(m[3] ?? m[4] ?? "");
  }
  return out;
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos);/gi, (_, e: string) => {
    const lower = e.toLowerCase();
    if (lower.startsWith("#x")) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith("#")) return String.fromCodePoint(parseInt(lower.slice(1), 10));
    return ({ lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" } as Record<string, string>)[lower];
  });
}
