/**
 * Turns the change's run and the baseline run (plus what reruns showed) into the gate's status, score,
 * summary and findings. First "did the suite run?", then "did it pass?".
 */
import type { GateStatus } from "../types";
import { isSyntheticName } from "./suite-state";
import type { TestFailure, TestRunSummary } from "./types";

export type TestFindingKind = "newly-failing" | "already-failing" | "timed-out" | "flaky" | "not-run" | "run-failed" | "limit-hit";

export interface TestFinding {
  kind: TestFindingKind;
  test: string;
  /** Why it failed: the assertion message or exception, else what the gate observed. */
  message: string;
  /** Where it failed (repository-relative), when the runner said. */
  file?: string;
  line?: number;
}

export interface TestsVerdict {
  status: GateStatus;
  score?: number;
  summary: string;
  findings: TestFinding[];
  newlyFailing: string[];
  flaky: string[];
  baselineFailed: number;
}

export interface JudgeInput {
  change: TestRunSummary;
  baseline: TestRunSummary | null;
  minPassRate: number;
  baselineNote?: string;
  /** Failures that did not reproduce on reruns (or also fail at base on a rerun), by name. */
  flaky?: string[];
  /** How reruns went, for the summary (e.g. "2 reruns"). */
  rerunNote?: string;
  /** The change's time limit after the hang rule, ms. */
  limitMs?: number;
}

export function judge(input: JudgeInput): TestsVerdict {
  const { change, baseline } = input;
  const flaky = new Set(input.flaky ?? []);
  const notes = commonNotes(input);
  const empty = { newlyFailing: [], flaky: [...flaky], baselineFailed: baseline?.failed ?? 0 };

  // 1. Did the suite run?
  if (change.notRun) {
    const cause = change.notRun;
    if (!baseline || baseline.notRun) {
      const where = baseline ? "at the base commit and with the change" : "with the change (the base commit was not tried)";
      return {
        ...empty,
        status: "error",
        summary: `the test suite did not run ${where}: ${cause.cause} — likely fix: ${cause.fix}${notes}`,
        findings: [{ kind: "not-run", test: "(test suite)", message: `${cause.cause} — likely fix: ${cause.fix}` }],
      };
    }
    return {
      ...empty,
      status: "fail",
      summary: `the change stops the test suite from running: ${cause.cause}${notes}`,
      findings: [{ kind: "not-run", test: "(test suite)", message: `${cause.cause}; it runs at the base commit` }],
    };
  }

  // 2. Did it pass?
  const details = new Map<string, TestFailure>((change.failures ?? []).map((f) => [f.name, f]));
  const baseRan = baseline && !baseline.notRun ? baseline : null;
  const baseFailed = new Set(baseRan?.failedNames ?? []);
  const real = change.failedNames.filter((n) => !isSyntheticName(n));
  const newlyFailing = real.filter((n) => !baseFailed.has(n) && !flaky.has(n));
  const alreadyFailing = real.filter((n) => baseFailed.has(n));
  const flakyNames = [...flaky];
  // The command failed although every test passed (exit code, crash after the tests): new if base did not.
  const runFailure = change.failedNames.find((n) => isSyntheticName(n) && !n.startsWith("(stopped") && !baseFailed.has(n) && !flaky.has(n));

  const synthetic = change.failedNames.filter(isSyntheticName).length;
  const flakyFailed = real.filter((n) => flaky.has(n)).length;
  const ran = change.passed + change.failed - synthetic;
  const passRate = ran <= 0 ? null : Math.round(((change.passed + flakyFailed) / ran) * 1000) / 10;

  const findings: TestFinding[] = [];
  if (change.timedOut) findings.push({ kind: "timed-out", test: "(test run)", message: hangMessage(change, baseRan, input.limitMs) });
  // A sandbox limit ended the run: a failure of the change whatever the tests reported.
  if (change.limitHit) findings.push({ kind: "limit-hit", test: "(test run)", message: change.limitHit.message });
  for (const test of newlyFailing) {
    const d = details.get(test);
    findings.push({
      kind: "newly-failing",
      test,
      message: d?.message ?? (baseRan ? "fails after the change, passed at the base commit" : "fails after the change (baseline unavailable)"),
      ...where(d),
    });
  }
  if (runFailure) {
    findings.push({
      kind: "run-failed",
      test: runFailure,
      message: baseRan ? `every test passed but the test command failed (${runFailure.slice(1, -1)}); it succeeds at the base commit` : `the test command failed (${runFailure.slice(1, -1)})`,
    });
  }
  for (const test of flakyNames) {
    const d = details.get(test);
    findings.push({ kind: "flaky", test, message: `did not fail on every run (not counted as failing)${d?.message ? `: ${d.message}` : ""}`, ...where(d) });
  }
  for (const test of alreadyFailing) {
    const d = details.get(test);
    findings.push({ kind: "already-failing", test, message: `also fails at the base commit${d?.message ? `: ${d.message}` : ""}`, ...where(d) });
  }

  const parts: string[] = [];
  if (change.timedOut) parts.push(hangMessage(change, baseRan, input.limitMs));
  if (change.limitHit) parts.push(change.limitHit.message);
  parts.push(passRate === null ? `no tests ran (${change.skipped} skipped)` : `${change.passed}/${ran} tests passed (${passRate}%)`);
  if (newlyFailing.length) parts.push(`${newlyFailing.length} newly failing: ${truncateList(newlyFailing)}`);
  if (runFailure) parts.push(`test command failed (${runFailure.slice(1, -1)})`);
  if (flakyNames.length) parts.push(`${flakyNames.length} flaky: ${truncateList(flakyNames)}`);
  if (baseRan && baseRan.failed > 0) parts.push(`${baseRan.failed} failing at base`);

  let status: GateStatus;
  if (change.timedOut || change.limitHit || newlyFailing.length > 0 || runFailure || (passRate !== null && passRate < input.minPassRate)) status = "fail";
  else if (passRate === null || flakyNames.length > 0) status = "warn";
  else status = "pass";

  return {
    status,
    ...(passRate !== null ? { score: passRate } : {}),
    summary: parts.join("; ") + notes,
    findings,
    newlyFailing,
    flaky: flakyNames,
    baselineFailed: baseRan?.failed ?? 0,
  };
}

function where(d: TestFailure | undefined): { file?: string; line?: number } {
  if (!d?.file) return {};
  return { file: d.file, ...(d.line ? { line: d.line } : {}) };
}

/** "stopped after 61 s; the base suite runs in 0.8 s" */
function hangMessage(change: TestRunSummary, base: TestRunSummary | null, limitMs?: number): string {
  const after = seconds(change.durationMs);
  const rule = limitMs ? ` (limit ${seconds(limitMs)})` : "";
  return base && !base.timedOut ? `stopped after ${after}${rule}; the base suite runs in ${seconds(base.durationMs)}` : `stopped after ${after}${rule}`;
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
}

function commonNotes(input: JudgeInput): string {
  const { change, baseline } = input;
  const notes: string[] = [];
  if (change.parsedFrom === "exit-code" && !change.notRun) notes.push("no parseable test output, judged by the exit code");
  if (!baseline) notes.push(`baseline unavailable${input.baselineNote ? `: ${input.baselineNote}` : ""}`);
  else if (baseline.notRun && !change.notRun) notes.push(`the suite did not run at the base commit: ${baseline.notRun.cause}`);
  if (input.rerunNote) notes.push(input.rerunNote);
  if (change.sandbox === "none") notes.push(`not sandboxed${change.sandboxNote ? ` (${change.sandboxNote})` : ""}`);
  return notes.length ? ` [${notes.join("; ")}]` : "";
}

function truncateList(names: string[], max = 3): string {
  const shown = names.slice(0, max).join(", ");
  return names.length > max ? `${shown}, +${names.length - max} more` : shown;
}
