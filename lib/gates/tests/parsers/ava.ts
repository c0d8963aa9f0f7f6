/**
 * AVA's default reporter: "✔ title", "✘ [fail]: title message", "- [skip] title", "- [todo] title", then
 * one detail block per failure (title, file:line, code excerpt, the assertion's difference).
 */
import type { TestFailure, TestReport } from "../types";
import { failure, locationOf, messageOf } from "./failure";
import { lines, stripDuration, unique } from "./text";

export function parseAva(output: string): TestReport | null {
  const all = lines(output).map((l) => l.trimEnd());
  let passed = 0;
  let skipped = 0;
  const failLines: string[] = [];
  let seen = false;
  for (const line of all) {
    let m: RegExpExecArray | null;
    if ((m = /^\s+✔ (?:\[expected fail\] )?(.+)$/.exec(line))) {
      passed += 1;
      seen = true;
    } else if ((m = /^\s+✘ \[fail\]: (.+)$/.exec(line))) {
      failLines.push(m[1].trim());
      seen = true;
    } else if (/^\s+- \[(skip|todo)\] /.test(line)) {
      skipped += 1;
      seen = true;
    }
  }
  const summaryPassed = Number(all.map((l) => /^\s+(\d+) tests? passed/.exec(l)).filter(Boolean).pop()?.[1] ?? 0);
  const summaryFailed = Number(all.map((l) => /^\s+(\d+) tests? failed/.exec(l)).filter(Boolean).pop()?.[1] ?? 0);
  if (!seen && summaryPassed === 0 && summaryFailed === 0) return null;

  // Detail blocks sit between "─" rules: a title line, then file:line, code, difference, stack.
  const blocks = new Map<string, string[]>();
  const firstRule = all.findIndex((l) => /^\s+─\s*$/.test(l));
  if (firstRule >= 0) {
    let current: string[] | null = null;
    for (let i = firstRule + 1; i < all.length; i++) {
      const line = all[i];
      if (/^\s+─\s*$/.test(line)) break;
      const isTitle = /^ {2}\S/.test(line) && !all[i - 1]?.trim() && failLines.some((f) => f === line.trim() || f.startsWith(`${line.trim()} `));
      if (isTitle) {
        current = [];
        blocks.set(line.trim(), current);
      } else current?.push(line);
    }
  }
  const failures: TestFailure[] = failLines.map((rest) => {
    const title = [...blocks.keys()].filter((t) => rest === t || rest.startsWith(`${t} `)).sort((a, b) => b.length - a.length)[0];
    const name = stripDuration(title ?? rest);
    const body = title ? blocks.get(title)!.filter((l) => !/^\s+\d+: /.test(l)) : [];
    const where = locationOf(body.join("\n"));
    const text = body.filter((l) => !/^\s*\S+:\d+\s*$/.test(l)).join("\n");
    const fromLine = title && rest.length > title.length ? rest.slice(title.length).trim() : undefined;
    return failure(name, messageOf(text) ?? fromLine, where);
  });
  return {
    format: "ava",
    passed: Math.max(passed, summaryPassed),
    failed: Math.max(failures.length, summaryFailed),
    skipped,
    failedNames: unique(failures.map((f) => f.name)),
    failures,
  };
}
