import { describe, expect, it } from "vitest";
import { hangLimitMs } from "./gate";
import { settleFlaky, type RerunResult } from "./reruns";
import { whyNotRun } from "./suite-state";
import type { TestRunSummary } from "./types";
import { judge } from "./verdict";

function summary(over: Partial<TestRunSummary> = {}): TestRunSummary {
  return {
    command: "npm test",
    exitCode: 0,
    signal: null,
    timedOut: false,
    parsedFrom: "jest-json",
    passed: 3,
    failed: 0,
    skipped: 0,
    failedNames: [],
    log: "",
    sandbox: "bwrap",
    durationMs: 800,
    ...over,
  };
}

describe("did the suite run?", () => {
  it("names the cause and the fix of a suite that never started", () => {
    const erofs = whyNotRun(
      summary({ parsedFrom: "exit-code", exitCode: 1, passed: 0, failed: 1, failedNames: ["(test command exited with code 1)"], log: "failed to load config from /w/vitest.config.mts\nError: EROFS: read-only file system, open '/w/node_modules/.vite-temp/x.mjs'" }),
    );
    expect(erofs?.fix).toMatch(/node_modules .* read-only to the sandbox/);
    const collection = whyNotRun(
      summary({
        parsedFrom: "junit",
        exitCode: 2,
        passed: 0,
        failed: 1,
        failedNames: ["tests/test_a.py"],
        failures: [{ name: "tests/test_a.py", file: "tests/test_a.py", line: 1, loadError: true, message: "ImportError: cannot import name 'PowerShellComplete' from 'click.shell_completion'" }],
      }),
      { srcLayout: true },
    );
    expect(collection?.cause).toContain("cannot import name 'PowerShellComplete'");
    expect(collection?.fix).toMatch(/^src layout: the package under test is not importable/);
    expect(whyNotRun(summary({ parsedFrom: "pytest", exitCode: 5, passed: 0, log: "no tests ran in 0.01s" }))?.cause).toMatch(/^no test found/);
    expect(whyNotRun(summary({ startError: "test command could not start (exit 127): sh: 1: vitest: not found", parsedFrom: "exit-code", exitCode: 127, passed: 0, failed: 1 }))?.fix).toMatch(/install the project's test dependencies/);
    // Tests ran: whatever their result, the suite ran.
    expect(whyNotRun(summary({ failed: 2, failedNames: ["a", "b"], exitCode: 1 }))).toBeNull();
    expect(whyNotRun(summary({ parsedFrom: "exit-code", exitCode: 1, passed: 0, failed: 1, log: "checking\n" }))).toBeNull();
  });

  it("is an error when the suite runs neither at base nor with the change, a failure when only the change breaks it", () => {
    const notRun = { cause: "the runner's configuration failed to load: failed to load config", fix: "fix the test runner's config file (see the log)" };
    const both = judge({ change: summary({ passed: 0, notRun }), baseline: summary({ passed: 0, notRun }), minPassRate: 95 });
    expect(both.status).toBe("error");
    expect(both.summary).toMatch(/did not run at the base commit and with the change: .*likely fix: fix the test runner's config/);
    const onlyChange = judge({ change: summary({ passed: 0, notRun }), baseline: summary(), minPassRate: 95 });
    expect(onlyChange.status).toBe("fail");
    expect(onlyChange.findings).toEqual([expect.objectContaining({ kind: "not-run", message: expect.stringContaining("it runs at the base commit") })]);
  });

  it("warns about flaky tests instead of failing, and never counts a made-up name as a newly failing test", () => {
    const change = summary({ passed: 2, failed: 1, failedNames: ["clock > ticks"], failures: [{ name: "clock > ticks", message: "expected 1 to be 2", file: "test/clock.test.ts", line: 4 }] });
    const v = judge({ change, baseline: summary(), minPassRate: 95, flaky: ["clock > ticks"] });
    expect(v).toMatchObject({ status: "warn", newlyFailing: [], flaky: ["clock > ticks"], score: 100 });
    expect(v.findings).toEqual([{ kind: "flaky", test: "clock > ticks", message: "did not fail on every run (not counted as failing): expected 1 to be 2", file: "test/clock.test.ts", line: 4 }]);
    const exitOnly = judge({ change: summary({ exitCode: 1, failed: 1, failedNames: ["(test command exited with code 1)"] }), baseline: summary(), minPassRate: 95 });
    expect(exitOnly).toMatchObject({ status: "fail", newlyFailing: [] });
    expect(exitOnly.findings[0].kind).toBe("run-failed");
  });

  it("reports a hang with the base duration", () => {
    const v = judge({ change: summary({ timedOut: true, durationMs: 61_000, failed: 1, failedNames: ["(stopped after 61s)"] }), baseline: summary({ durationMs: 800 }), minPassRate: 95, limitMs: 60_000 });
    expect(v.status).toBe("fail");
    expect(v.summary).toMatch(/^stopped after 61 s \(limit 60 s\); the base suite runs in 0\.8 s/);
    expect(hangLimitMs(800, 300_000, 60_000, 5)).toBe(60_000);
    expect(hangLimitMs(20_000, 300_000, 60_000, 5)).toBe(100_000);
    expect(hangLimitMs(90_000, 300_000, 60_000, 5)).toBe(300_000);
  });
});

describe("reruns", () => {
  const rerun = (over: Partial<RerunResult>): RerunResult => ({ ...summary(over), aborted: false, selected: true, ...over });

  it("reruns only the failing tests, twice on the change, then once at base", async () => {
    const calls: string[] = [];
    const change = summary({ failed: 1, failedNames: ["a > real bug"] });
    const out = await settleFlaky({
      change,
      baseline: summary(),
      rerunChange: async (only) => {
        calls.push(`change ${only?.join(",")}`);
        return rerun({ failed: 1, failedNames: ["a > real bug"], passedNames: [] });
      },
      rerunBase: async (only) => {
        calls.push(`base ${only?.join(",")}`);
        return rerun({ passedNames: ["a > real bug"] });
      },
    });
    expect(calls).toEqual(["change a > real bug", "change a > real bug", "base a > real bug"]);
    expect(out.flaky).toEqual([]);
  });

  it("a failure that does not reproduce is flaky; a selective rerun proves a pass only by naming the test", async () => {
    const change = summary({ failed: 2, failedNames: ["t1", "t2"] });
    const out = await settleFlaky({
      change,
      baseline: summary(),
      rerunChange: async () => rerun({ failedNames: [], failed: 0, passedNames: ["t1"] }),
      rerunBase: async () => rerun({ failedNames: [], passedNames: ["t2"] }),
    });
    expect(out.flaky).toEqual(["t1"]);
  });
});
