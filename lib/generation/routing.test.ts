import { describe, it, expect } from "vitest";
import { routeJob, decideAutoReroute, DEFAULT_ROUTING_RULES, RoutingError, parseRoutingRules, type GateOutcome } from "./routing";

const policy = { protectedPaths: ["**/auth/**", "**/payments/**"], rules: DEFAULT_ROUTING_RULES };

describe("routeJob", () => {
  it.each([
    ["boilerplate", "local"],
    ["simple", "fast"],
    ["complex", "accurate"],
    ["refactor", "accurate"],
  ] as const)("task type %s goes to %s", (taskType, tier) => {
    const d = routeJob({ taskType, risk: "low", targetPaths: ["src/util.ts"] }, policy);
    expect(d.tier).toBe(tier);
    expect(d.summary).toContain(`task type ${taskType}`);
  });

  it("sends protected paths to accurate and says which glob", () => {
    const d = routeJob({ taskType: "simple", risk: "low", targetPaths: ["src/auth/session.ts"] }, policy);
    expect(d.tier).toBe("accurate");
    expect(d.minimumTier).toBe("accurate");
    expect(d.summary).toBe("routed to accurate because **/auth/** is protected (src/auth/session.ts)");
  });

  it("sends high risk to accurate", () => {
    expect(routeJob({ taskType: "boilerplate", risk: "high", targetPaths: ["a.ts"] }, policy).tier).toBe("accurate");
  });

  it("refuses a requested tier below what protection requires", () => {
    expect(() =>
      routeJob({ taskType: "simple", risk: "low", targetPaths: ["lib/payments/charge.ts"], requestedTier: "fast" }, policy),
    ).toThrow(RoutingError);
  });

  it("honours a requested tier at or above the minimum", () => {
    const d = routeJob({ taskType: "boilerplate", risk: "low", targetPaths: ["a.ts"], requestedTier: "accurate" }, policy);
    expect(d.tier).toBe("accurate");
    expect(d.reasons[0]).toBe("requested on the form");
  });

  it("uses edited rules", () => {
    const rules = parseRoutingRules({ ...DEFAULT_ROUTING_RULES, taskTypes: { ...DEFAULT_ROUTING_RULES.taskTypes, simple: "local" } });
    expect(routeJob({ taskType: "simple", risk: "low", targetPaths: ["a.ts"] }, { protectedPaths: [], rules }).tier).toBe("local");
    expect(parseRoutingRules({ nonsense: true })).toEqual(DEFAULT_ROUTING_RULES);
  });
});

describe("decideAutoReroute", () => {
  const complexityFail: GateOutcome = {
    gate: "complexity",
    status: "fail",
    findings: [{ function: "encode", cyclomatic: 14, cognitive: 9 }],
  };
  const depsFail: GateOutcome = { gate: "dependencies", status: "fail", findings: [{ kind: "not-found", package: "axios-v2" }] };
  const base = { rules: DEFAULT_ROUTING_RULES, complexityThresholds: { cyclomatic: 10, cognitive: 10 }, maxReroutes: 2, rerouteCount: 0 };

  it("reroutes a fast change over the complexity threshold to accurate", () => {
    const d = decideAutoReroute({ ...base, tier: "fast", results: [complexityFail] });
    expect(d).toMatchObject({ reroute: true, toTier: "accurate", cause: "auto-complexity" });
    if (d.reroute) expect(d.problems).toEqual(["complexity of encode: cyclomatic 14 > 10"]);
  });

  it("names the measure and threshold the gate found, and leaves out functions that only warn", () => {
    const findings = [
      { function: "parseQuery", cyclomatic: 9, cognitive: 36, severity: "fail", over: [{ measure: "cognitive", before: 8, after: 36, threshold: 15 }] },
      { function: "send", cyclomatic: 23, cognitive: 2, severity: "warn", over: [{ measure: "cyclomatic", before: 22, after: 23, threshold: 10 }] },
    ];
    const d = decideAutoReroute({ ...base, tier: "fast", results: [{ gate: "complexity", status: "fail", findings }] });
    expect(d.reroute && d.problems).toEqual(["complexity of parseQuery: cognitive 36 > 15"]);
    expect(d.reroute && d.summary).toBe("rerouted automatically from fast to accurate: complexity of parseQuery: cognitive 36 > 15");
  });

  it("reroutes a local change with a not-found package", () => {
    const d = decideAutoReroute({ ...base, tier: "local", results: [depsFail] });
    expect(d).toMatchObject({ reroute: true, cause: "auto-dependency" });
  });

  it("does not reroute accurate changes or passing gates", () => {
    expect(decideAutoReroute({ ...base, tier: "accurate", results: [complexityFail] }).reroute).toBe(false);
    expect(decideAutoReroute({ ...base, tier: "fast", results: [{ gate: "complexity", status: "warn", findings: [] }] }).reroute).toBe(false);
  });

  it("stops at the maximum and says it waits for a human", () => {
    const d = decideAutoReroute({ ...base, tier: "fast", results: [complexityFail], rerouteCount: 2 });
    expect(d.reroute).toBe(false);
    if (!d.reroute) expect(d.reason).toContain("maximum is 2");
  });
});
