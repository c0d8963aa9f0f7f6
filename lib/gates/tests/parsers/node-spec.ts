/** node:test's spec reporter: ✔/✖/﹣ lines, ▶ suite headers, and a repeated "failing tests:" section. */
import type { TestReport } from "../types";
import { lines, stripDuration, unique } from "./text";

const RESULT = /^(\s*)(✔|✖|﹣)\s+(.*)$/;
const SUITE = /^(\s*)▶\s+(.*)$/;

export function parseNodeSpec(output: string): TestReport | null {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let seen = 0;
  const failedNames: string[] = [];
  const suites: Array<{ indent: number; name: string }> = [];

  for (const line of lines(output)) {
    if (/^\s*✖ failing tests:/.test(line)) break; // the rest repeats failures already counted
    const suite = SUITE.exec(line);
    if (suite) {
      const indent = suite[1].length;
      while (suites.length && suites[suites.length - 1].indent >= indent) suites.pop();
      suites.push({ indent, name: stripDuration(suite[2]) });
      continue;
    }
    const m = RESULT.exec(line);
    if (!m) continue;
    const indent = m[1].length;
    const directive = /#\s*(SKIP|TODO)\b/i.exec(m[3]);
    const name = stripDuration(m[3].replace(/\s*#\s*(SKIP|TODO)\b.*$/i, ""));
    while (suites.length && suites[suites.length - 1].indent > indent) suites.pop();
    const top = suites[suites.length - 1];
    if (top && top.indent === indent && top.name === name) {
      suites.pop(); // the suite's own result line
      continue;
    }
    seen += 1;
    if (m[2] === "﹣" || directive) skipped += 1;
    else if (m[2] === "✔") passed += 1;
    else {
      failed += 1;
      failedNames.push([...suites.filter((s) => s.indent < indent).map((s) => s.name), name].join(" > "));
    }
  }
  if (seen === 0) return null;
  return { format: "node-spec", passed, failed, skipped, failedNames: unique(failedNames) };
}
