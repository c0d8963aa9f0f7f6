/**
 * TAP (version 13/14), including node:test's TAP with nested subtests: a test point whose previous
 * test point is indented deeper is a suite (its children were counted already), not a test.
 */
import type { TestFailure, TestReport } from "../types";
import { failure, locationOf, messageOf } from "./failure";
import { lines, unique } from "./text";

const TEST_POINT = /^(\s*)(not ok|ok)\b(?:\s+\d+)?(?:\s*-)?\s*(.*)$/;
const SUBTEST = /^(\s*)# Subtest: (.*)$/;

export function parseTap(output: string): TestReport | null {
  const all = lines(output);
  const sawTap = all.some((l) => /^TAP version \d+/.test(l.trim()) || /^\s*1\.\.\d+/.test(l));
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let points = 0;
  const failedNames: string[] = [];
  const ancestors: Array<{ indent: number; name: string }> = [];
  let prevIndent = -1;
  let yamlIndent: number | null = null;
  const failures: TestFailure[] = [];
  // The failing test point whose YAML diagnostics (error, stack, location) come next.
  let pending: string | null = null;
  let yaml: string[] = [];

  for (const line of all) {
    if (yamlIndent !== null) {
      if (/^\s*\.\.\.\s*$/.test(line) && indentOf(line) <= yamlIndent) {
        yamlIndent = null;
        if (pending !== null) failures.push(failureFromYaml(pending, yaml));
        pending = null;
      } else yaml.push(line);
      continue;
    }
    if (/^\s*---\s*$/.test(line)) {
      yamlIndent = indentOf(line);
      yaml = [];
      continue;
    }
    if (pending !== null && TEST_POINT.test(line)) {
      failures.push({ name: pending });
      pending = null;
    }
    const sub = SUBTEST.exec(line);
    if (sub) {
      const indent = sub[1].length;
      while (ancestors.length && ancestors[ancestors.length - 1].indent >= indent) ancestors.pop();
      ancestors.push({ indent, name: sub[2].trim() });
      continue;
    }
    if (/^\s*Bail out!/.test(line)) {
      failed += 1;
      failedNames.push(line.trim());
      continue;
    }
    const m = TEST_POINT.exec(line);
    if (!m) continue;
    const indent = m[1].length;
    const isSuite = prevIndent > indent;
    prevIndent = indent;
    const { name, directive } = splitDirective(m[3]);
    while (ancestors.length && ancestors[ancestors.length - 1].indent > indent) ancestors.pop();
    if (isSuite) continue;
    points += 1;
    const path = ancestors.filter((a) => a.indent < indent).map((a) => a.name);
    if (directive === "skip" || directive === "todo") skipped += 1;
    else if (m[2] === "ok") passed += 1;
    else {
      failed += 1;
      failedNames.push([...path, name].join(" > "));
      pending = [...path, name].join(" > ");
    }
  }
  if (pending !== null) failures.push({ name: pending });
  // Without test points, only a TAP stream that bailed out says anything.
  if (points === 0 && !(sawTap && failed > 0)) return null;
  return { format: "tap", passed, failed, skipped, failedNames: unique(failedNames), failures };
}

/** node:test's diagnostics: `error` (quoted or a |- block), `name`, `stack` and `location`. */
function failureFromYaml(name: string, yaml: string[]): TestFailure {
  const field = (key: string): string | undefined => {
    const i = yaml.findIndex((l) => new RegExp(`^\\s*${key}:`).test(l));
    if (i < 0) return undefined;
    const inline = yaml[i].replace(new RegExp(`^\\s*${key}:\\s*`), "");
    if (!/^[|>]-?$/.test(inline)) return inline.replace(/^'(.*)'$/, "$1").replace(/''/g, "'");
    const indent = indentOf(yaml[i]);
    const block: string[] = [];
    for (const l of yaml.slice(i + 1)) {
      if (l.trim() && indentOf(l) <= indent) break;
      block.push(l.trim());
    }
    return block.join("\n");
  };
  const error = field("error");
  const errName = field("name");
  const message = messageOf(error && errName && !error.startsWith(errName) ? `${errName}: ${error}` : error);
  const location = field("location");
  return failure(name, message, locationOf(field("stack")) ?? locationOf(location));
}

function indentOf(line: string): number {
  return /^\s*/.exec(line)![0].length;
}

function splitDirective(rest: string): { name: string; directive: "skip" | "todo" | null } {
  const m = /^(.*?)\s*(?<!\\)#\s*(SKIP|TODO)\b.*$/i.exec(rest);
  if (!m) return { name: rest.trim(), directive: null };
  return { name: m[1].trim(), directive: m[2].toLowerCase() as "skip" | "todo" };
}
