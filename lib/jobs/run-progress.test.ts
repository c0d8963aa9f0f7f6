import { describe, expect, it } from "vitest";
import { REGATE_CAUSE } from "../review/rerun-gates";
import { formatGateProgress, formatGatesStarted, parseGateProgress, REGATE_NEXT_CAUSE, runView } from "./run-progress";

describe("gate progress in the job's stage", () => {
  it("reads back what the gates step writes", () => {
    expect(parseGateProgress(formatGatesStarted(["tests", "dependencies"]))).toEqual({});
    const stage = formatGateProgress([{ gate: "dependencies", status: "warn" }, { gate: "error-contract", status: "pass" }], 5);
    expect(stage).toBe("gates: 2/5 done (dependencies warn, error-contract pass)");
    expect(parseGateProgress(stage)).toEqual({ dependencies: "warn", "error-contract": "pass" });
    expect(parseGateProgress(formatGateProgress([], 5))).toEqual({});
    expect(parseGateProgress("calling the model")).toBeNull();
    expect(parseGateProgress("gates: tests pass, dependencies warn")).toBeNull();
    expect(parseGateProgress(null)).toBeNull();
  });
});

describe("runView", () => {
  it("labels the revision on the page as the previous one while the next is generated", () => {
    for (const status of ["queued", "building_context", "generating", "rerouted"]) {
      expect(runView({ status, stage: "calling the model", nextCause: "reroute", shownRevision: 1, latestRevision: 1 })).toEqual({
        previousRevision: 1,
        nextRevision: 2,
        gating: null,
        rerunning: false,
      });
    }
    expect(runView({ status: "queued", stage: null, nextCause: null, shownRevision: null })).toMatchObject({ previousRevision: null, gating: null });
  });

  it("shows gates finishing on the revision being gated, and a re-run of the same revision as such", () => {
    expect(runView({ status: "gating", stage: "gates: 1/5 done (dependencies fail)", nextCause: null, shownRevision: 2 })).toEqual({
      previousRevision: null,
      nextRevision: null,
      gating: { dependencies: "fail" },
      rerunning: false,
    });
    expect(runView({ status: "queued", stage: null, nextCause: REGATE_NEXT_CAUSE, shownRevision: 2 })).toMatchObject({ previousRevision: null, gating: {}, rerunning: true });
    expect(REGATE_NEXT_CAUSE).toBe(REGATE_CAUSE);
  });

  it("says nothing for a job that is not running", () => {
    for (const status of ["awaiting_review", "merged", "failed", "conflict"]) {
      expect(runView({ status, stage: "gates: tests pass", nextCause: null, shownRevision: 1 })).toEqual({ previousRevision: null, nextRevision: null, gating: null, rerunning: false });
    }
  });
});
