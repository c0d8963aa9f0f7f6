/** Turns the change's run and the baseline run into the gate's status, score, summary and findings. */
import type { GateStatus } from "../types";
import type { TestRunSummary } from "./types";

export interface TestFinding {
  kind: "newly-failing" | "already-failing" | "timed-out";
  test: string;
  message: string;
}

export interface TestsVerdict {
  status: GateStatus;
  score?: number;
  summary: string;
  findings: TestFinding[];
  newlyFailing: string[];
  baselineFailed: number;
}

export function judge(change: TestRunSummary, baseline: TestRunSummary | null, minPassRate: number, baselineNote?: string): TestsVerdict {
  const baseFailed = new Set(baseline?.failedNames ?? []);
  const newlyFailing = change.failedNames.filter((n) => !baseFailed.has(n));
  // Failures the output counted but did not name: new if there are more of them than at base.
  const unnamed = change.failed - change.failedNames.length - (baseline ? baseline.failed - baseline.failedNames.length : 0);
  if (unnamed > 0) newlyFailing.push(`(${unnamed} unnamed failing test${unnamed === 1 ? "" : "s"})`);
  const alreadyFailing = change.failedNames.filter((n) => baseFailed.has(n));

  const ran = change.passed + change.failed;
  const passRate = ran === 0 ? null : Math.round((change.passed / ran) * 1000) / 10;

  const findings: TestFinding[] = [
    ...newlyFailing.map((test) => ({
      kind: "newly-failing" as const,
      test,
      message: baseline ? "fails after the change, did not fail at the base commit" : "fails after the change (baseline unavailable)",
    })),
    ...alreadyFailing.map((test) => ({ kind: "already-failing" as const, test, message: "also fails at the base commit" })),
  ];
  if (change.timedOut) findings.unshift({ kind: "timed-out", test: "(test run)", message: "the test run hit the time limit and was killed" });

  const parts: string[] = [];
  if (change.timedOut) parts.push("timed out");
  parts.push(
    passRate === null
      ? `no tests ran (${change.skipped} skipped)`
      : `${change.passed}/${ran} tests passed (${passRate}%)`,
  );
  if (newlyFailing.length) parts.push(`${newlyFailing.length} newly failing: ${truncateList(newlyFailing)}`);
  if (baseline && baseline.failed > 0) parts.push(`${baseline.failed} failing at base`);
  const notes: string[] = [];
  if (change.parsedFrom === "exit-code") notes.push("no parseable test output, judged by the exit code");
  if (!baseline) notes.push(`baseline unavailable${baselineNote ? `: ${baselineNote}` : ""}`);
  if (change.sandbox === "none") notes.push(`not sandboxed${change.sandboxNote ? ` (${change.sandboxNote})` : ""}`);
  const summary = parts.join("; ") + (notes.length ? ` [${notes.join("; ")}]` : "");

  let status: GateStatus;
  if (change.timedOut || newlyFailing.length > 0 || (passRate !== null && passRate < minPassRate)) status = "fail";
  else if (passRate === null) status = "warn";
  else status = "pass";

  return {
    status,
    ...(passRate !== null ? { score: passRate } : {}),
    summary,
    findings,
    newlyFailing,
    baselineFailed: baseline?.failed ?? 0,
  };
}

function truncateList(names: string[], max = 3): string {
  const shown = names.slice(0, max).join(", ");
  return names.length > max ? `${shown}, +${names.length - max} more` : shown;
}
