import { describe, it, expect } from "vitest";
import { evaluateMergePolicy } from "./merge-policy";

const policy = { minTestPassRate: 95, requiredGates: ["tests", "dependencies", "complexity", "error-contract"] };
const pass = (gate: string, score?: number) => ({ gate, status: "pass", score });

describe("evaluateMergePolicy", () => {
  it("is met when every required gate passes or warns and tests are at the minimum", () => {
    const v = evaluateMergePolicy([pass("tests", 95), pass("dependencies"), { gate: "complexity", status: "warn" }, pass("error-contract")], policy);
    expect(v).toEqual({ met: true, reasons: [] });
  });

  it("names each failing or erroring gate and a low pass rate", () => {
    const v = evaluateMergePolicy(
      [{ gate: "tests", status: "fail", score: 71.4, summary: "2 newly failing" }, { gate: "dependencies", status: "error", summary: "registry unreachable" }, pass("complexity")],
      policy,
    );
    expect(v.met).toBe(false);
    expect(v.reasons).toEqual([
      "tests gate failed: 2 newly failing",
      "dependencies gate could not decide (error): registry unreachable",
      "error-contract gate has no result",
      "tests pass rate 71.4% is below the minimum of 95%",
    ]);
  });

  it("ignores gates that are not required", () => {
    const v = evaluateMergePolicy([pass("tests", 100), { gate: "complexity", status: "fail" }], { minTestPassRate: 95, requiredGates: ["tests"] });
    expect(v.met).toBe(true);
  });

  it("is never met by results of code that ran without a sandbox, even when they pass", () => {
    const v = evaluateMergePolicy(
      [{ ...pass("tests", 100), details: { sandbox: "none" } }, pass("dependencies"), pass("complexity"), pass("error-contract")],
      policy,
    );
    expect(v.met).toBe(false);
    expect(v.reasons).toEqual(["tests ran without a sandbox (GATEHOUSE_SANDBOX=off): results of unisolated code never meet the policy"]);
    const sandboxed = evaluateMergePolicy(
      [{ ...pass("tests", 100), details: { sandbox: "bwrap" } }, pass("dependencies"), pass("complexity"), pass("error-contract")],
      policy,
    );
    expect(sandboxed.met).toBe(true);
  });
});
