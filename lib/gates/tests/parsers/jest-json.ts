/** The JSON report of Jest (`--json`) and Vitest (`--reporter=json`), found anywhere in stdout. */
import { z } from "zod";
import type { TestFailure, TestReport } from "../types";
import { failure, locationOf, messageOf } from "./failure";
import { stripAnsi, unique } from "./text";

const AssertionSchema = z.object({
  title: z.string(),
  fullName: z.string().optional(),
  ancestorTitles: z.array(z.string()).default([]),
  status: z.string(),
  failureMessages: z.array(z.string()).nullish(),
  location: z.object({ line: z.number() }).nullish(),
});
const JsonReportSchema = z.object({
  numPassedTests: z.number(),
  numFailedTests: z.number(),
  numPendingTests: z.number().default(0),
  numTodoTests: z.number().default(0),
  testResults: z
    .array(
      z.object({
        assertionResults: z.array(AssertionSchema).default([]),
        status: z.string().optional(),
        message: z.string().optional(),
        name: z.string().optional(),
      }),
    )
    .default([]),
});

export function parseJestJson(output: string): TestReport | null {
  const text = stripAnsi(output);
  const start = text.search(/\{\s*"num(?:Failed|Passed|Total)Test/);
  if (start < 0) return null;
  const candidates = [text.slice(start), text.slice(start, text.lastIndexOf("}") + 1)];
  for (const raw of candidates) {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      continue;
    }
    const parsed = JsonReportSchema.safeParse(json);
    if (!parsed.success) continue;
    const report = parsed.data;
    const failedNames: string[] = [];
    const failures: TestFailure[] = [];
    const passedNames: string[] = [];
    for (const file of report.testResults) {
      for (const a of file.assertionResults) {
        if (a.status === "passed") passedNames.push([...a.ancestorTitles, a.title].join(" > "));
        if (a.status !== "failed") continue;
        const name = [...a.ancestorTitles, a.title].join(" > ");
        const text = (a.failureMessages ?? []).join("\n");
        const where = locationOf(text, file.name) ?? (file.name && a.location ? { file: file.name, line: a.location.line } : undefined);
        failedNames.push(name);
        failures.push(failure(name, messageOf(text), where));
      }
      // A file that failed to load has no assertions but counts as a failure.
      if (file.status === "failed" && file.assertionResults.length === 0) {
        const name = `${file.name ?? "test file"} (failed to run)`;
        failedNames.push(name);
        failures.push({ ...failure(name, messageOf(file.message), locationOf(file.message, file.name)), loadError: true });
      }
    }
    const loadFailures = failedNames.length - report.testResults.reduce(
      (n, f) => n + f.assertionResults.filter((a) => a.status === "failed").length,
      0,
    );
    return {
      format: "jest-json",
      passed: report.numPassedTests,
      failed: report.numFailedTests + loadFailures,
      skipped: report.numPendingTests + report.numTodoTests,
      failedNames: unique(failedNames),
      failures,
      passedNames,
    };
  }
  return null;
}
