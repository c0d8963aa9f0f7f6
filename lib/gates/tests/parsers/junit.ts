/** JUnit XML (<testsuite>/<testcase> with <failure>, <error>, <skipped>), as written by pytest, jest-junit, vitest, etc. */
import type { TestFailure, TestReport } from "../types";
import { failure, locationOf, messageOf } from "./failure";
import { unique } from "./text";

const TESTCASE = /<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g;

export function parseJunitXml(xml: string): TestReport | null {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let seen = 0;
  const failedNames: string[] = [];
  const failures: TestFailure[] = [];
  const passedNames: string[] = [];
  for (const m of xml.matchAll(TESTCASE)) {
    seen += 1;
    const attrs = readAttributes(m[1]);
    const body = m[3] ?? "";
    if (/<(failure|error)\b/.test(body)) {
      failed += 1;
      const name = testName(attrs);
      failedNames.push(name);
      failures.push(failureOf(name, attrs, body));
    } else if (/<skipped\b/.test(body)) skipped += 1;
    else {
      passed += 1;
      passedNames.push(testName(attrs));
    }
  }
  if (seen === 0) return null;
  return { format: "junit", passed, failed, skipped, failedNames: unique(failedNames), failures, passedNames };
}

/**
 * pytest's xunit1 report names the file: rebuild the node id ("tests/test_a.py::TestX::test_b"), which
 * is what pytest prints and accepts to rerun one test. Other reports: "classname > name".
 */
function testName(attrs: Record<string, string>): string {
  const name = attrs.name ?? "(unnamed)";
  const classname = attrs.classname ?? "";
  const file = attrs.file;
  if (file?.endsWith(".py")) {
    const mod = file.replace(/\.py$/, "").replace(/\//g, ".");
    if (!classname) return file;
    if (classname === mod) return `${file}::${name}`;
    if (classname.startsWith(`${mod}.`)) return `${file}::${classname.slice(mod.length + 1).replace(/\./g, "::")}::${name}`;
  }
  return classname && classname !== name ? `${classname} > ${name}` : name;
}

function failureOf(name: string, attrs: Record<string, string>, body: string): TestFailure {
  const element = /<(failure|error)\b([^>]*?)(?:\/>|>([\s\S]*?)<\/\1>)/.exec(body);
  const own = element ? readAttributes(element[2]) : {};
  const text = decodeEntities(element?.[3] ?? "");
  // pytest's "E   …" lines carry the assertion's explanation (or the import error of a collection failure).
  const eLines = text.split("\n").filter((l) => /^E\s{2,}/.test(l)).map((l) => l.slice(1).trim());
  const generic = !own.message || own.message === "collection failure";
  const message = generic ? messageOf(eLines.join("\n")) ?? messageOf(text) : messageOf(own.message);
  const declared = attrs.file && attrs.line ? { file: attrs.file, line: Number(attrs.line) + 1 } : undefined;
  const collection = own.message === "collection failure" || (!!attrs.file && name === attrs.file);
  return { ...failure(name, message, locationOf(text, attrs.file) ?? declared), ...(collection ? { loadError: true } : {}) };
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
    failures: reports.flatMap((r) => r.failures ?? []),
    ...(reports.every((r) => r.passedNames) ? { passedNames: reports.flatMap((r) => r.passedNames!) } : {}),
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
