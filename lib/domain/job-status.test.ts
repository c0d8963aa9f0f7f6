import { describe, it, expect } from "vitest";
import {
  JOB_STATUSES,
  JobStatusSchema,
  RUNNING_STATUSES,
  assertTransition,
  canTransition,
  IllegalTransitionError,
  isTerminal,
} from "./job-status";

// The legal moves, written out from the spec independently of TRANSITIONS.
const LEGAL = new Set([
  "queued>building_context",
  "queued>gating",
  "queued>failed",
  "building_context>generating",
  "generating>gating",
  "gating>awaiting_review",
  "building_context>queued",
  "generating>queued",
  "gating>queued",
  "building_context>failed",
  "generating>failed",
  "gating>failed",
  "awaiting_review>approved",
  "awaiting_review>rerouted",
  "awaiting_review>rejected",
  "awaiting_review>queued",
  "approved>merged",
  "approved>conflict",
  // An approved change re-applied on a moved branch is gated again (policy), then pushed without a new decision.
  "approved>queued",
  "gating>approved",
  "rerouted>queued",
  "conflict>rerouted",
  "conflict>rejected",
  // A reviewer's Retry of a failed job (audited; lib/review/retry.ts).
  "failed>queued",
]);

describe("job status state machine", () => {
  const pairs = JOB_STATUSES.flatMap((from) => JOB_STATUSES.map((to) => [from, to] as const));

  it.each(pairs)("%s → %s", (from, to) => {
    const legal = LEGAL.has(`${from}>${to}`);
    expect(canTransition(from, to)).toBe(legal);
    if (legal) expect(() => assertTransition(from, to)).not.toThrow();
    else expect(() => assertTransition(from, to)).toThrow(IllegalTransitionError);
  });

  it("covers all 11 statuses and every legal pair is in the table", () => {
    expect(JOB_STATUSES).toHaveLength(11);
    expect(pairs.filter(([f, t]) => canTransition(f, t))).toHaveLength(LEGAL.size);
  });

  it("rejects unknown statuses on either side", () => {
    expect(canTransition("queued", "done")).toBe(false);
    expect(canTransition("paused", "queued")).toBe(false);
    expect(() => assertTransition("paused", "queued")).toThrow(/paused → queued/);
    expect(JobStatusSchema.safeParse("paused").success).toBe(false);
    expect(JobStatusSchema.parse("gating")).toBe("gating");
  });

  it("knows terminal and running statuses", () => {
    expect(JOB_STATUSES.filter(isTerminal).sort()).toEqual(["failed", "merged", "rejected"]);
    expect([...RUNNING_STATUSES].sort()).toEqual(["building_context", "gating", "generating"]);
    for (const s of JOB_STATUSES.filter(isTerminal)) {
      expect(JOB_STATUSES.filter((to) => canTransition(s, to))).toEqual(s === "failed" ? ["queued"] : []);
    }
  });
});
