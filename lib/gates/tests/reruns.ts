/**
 * Flaky tests are named, not trusted: a test that fails on the change but passed at base is rerun (only
 * the failing tests where the runner can select them, else the suite) up to twice more on the change and
 * once more at base. A failure that does not reproduce, or that shows up at base too, is flaky.
 */
import { isSyntheticName } from "./suite-state";
import type { TestRunSummary } from "./types";

export interface RerunResult extends TestRunSummary {
  aborted: boolean;
  selected: boolean;
}

export interface RerunPlan {
  change: TestRunSummary;
  baseline: TestRunSummary | null;
  /** Runs the change again: only these tests when given (the runner may still run the suite). */
  rerunChange(only: string[] | undefined): Promise<RerunResult>;
  rerunBase(only: string[] | undefined): Promise<RerunResult | null>;
  changeReruns?: number;
}

export interface RerunOutcome {
  flaky: string[];
  /** For the summary: what was rerun and how often. */
  note?: string;
}

export async function settleFlaky(plan: RerunPlan): Promise<RerunOutcome> {
  const { change, baseline } = plan;
  if (!baseline || baseline.notRun || change.notRun || change.timedOut) return { flaky: [] };
  const baseFailed = new Set(baseline.failedNames);
  let remaining = change.failedNames.filter((n) => !baseFailed.has(n) && !n.startsWith("(stopped") && !n.includes("unnamed"));
  // The exit code says something only when base exited cleanly.
  remaining = remaining.filter((n) => !isSyntheticName(n) || !baseline.failedNames.some(isSyntheticName));
  if (remaining.length === 0) return { flaky: [] };

  const flaky: string[] = [];
  const only = () => (remaining.some(isSyntheticName) ? undefined : remaining);
  let changeRuns = 0;
  for (let i = 0; i < (plan.changeReruns ?? 2) && remaining.length; i++) {
    const r = await plan.rerunChange(only());
    changeRuns += 1;
    if (r.aborted) return { flaky, note: "reruns aborted" };
    if (r.notRun || r.timedOut) continue;
    const passed = remaining.filter((n) => passes(r, n));
    flaky.push(...passed);
    remaining = remaining.filter((n) => !passed.includes(n));
  }
  let baseRuns = 0;
  if (remaining.length) {
    const b = await plan.rerunBase(only());
    baseRuns = 1;
    if (b && !b.aborted && !b.notRun && !b.timedOut) {
      const alsoAtBase = remaining.filter((n) => (isSyntheticName(n) ? b.failedNames.some(isSyntheticName) : b.failedNames.includes(n)));
      flaky.push(...alsoAtBase);
    }
  }
  const targets = change.failedNames.filter((n) => !baseFailed.has(n)).length;
  const note = `reran ${targets} failing test${targets === 1 ? "" : "s"}: ${changeRuns}× on the change${baseRuns ? `, ${baseRuns}× at base` : ""}`;
  return { flaky, note };
}

function passes(r: RerunResult, name: string): boolean {
  if (isSyntheticName(name)) return !r.selected && r.exitCode === 0;
  if (r.failedNames.includes(name)) return false;
  // A selective rerun proves a pass only by naming the test; a whole-suite run that ran and did not fail it will do.
  return r.passedNames ? r.passedNames.includes(name) : !r.selected;
}
