/**
 * Whether a change may be merged: the tests gate's pass rate meets the minimum and no required gate
 * failed or errored, and nothing ran outside the sandbox. When the policy is not met, Approve is disabled with these reasons, and only a
 * lead's recorded override (with a written justification) can merge it.
 */
export interface PolicyGateResult {
  gate: string;
  status: string;
  score?: number | null;
  summary?: string;
  /** Gate-specific extras; `sandbox: "none"` marks results of code run without isolation. */
  details?: unknown;
}

export interface MergePolicy {
  minTestPassRate: number;
  requiredGates: string[];
}

export interface PolicyVerdict {
  met: boolean;
  reasons: string[];
}

export function evaluateMergePolicy(results: PolicyGateResult[], policy: MergePolicy): PolicyVerdict {
  const reasons: string[] = [];
  const byGate = new Map(results.map((r) => [r.gate, r]));
  for (const gate of policy.requiredGates) {
    const r = byGate.get(gate);
    if (!r) reasons.push(`${gate} gate has no result`);
    else if (r.status === "fail") reasons.push(`${gate} gate failed${r.summary ? `: ${r.summary}` : ""}`);
    else if (r.status === "error") reasons.push(`${gate} gate could not decide (error)${r.summary ? `: ${r.summary}` : ""}`);
  }
  const tests = byGate.get("tests");
  if (policy.requiredGates.includes("tests") && tests && tests.status !== "skipped" && tests.status !== "error") {
    const rate = typeof tests.score === "number" ? tests.score : null;
    if (rate === null) reasons.push("tests gate reported no pass rate");
    else if (rate < policy.minTestPassRate) {
      reasons.push(`tests pass rate ${formatRate(rate)}% is below the minimum of ${formatRate(policy.minTestPassRate)}%`);
    }
  }
  const unsandboxed = results.filter((r) => ranUnsandboxed(r.details)).map((r) => r.gate);
  if (unsandboxed.length) {
    reasons.push(`${unsandboxed.join(" and ")} ran without a sandbox (GATEHOUSE_SANDBOX=off): results of unisolated code never meet the policy`);
  }
  return { met: reasons.length === 0, reasons: [...new Set(reasons)] };
}

function formatRate(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** A gate result produced by running repository code outside the sandbox (an operator's GATEHOUSE_SANDBOX=off). */
export function ranUnsandboxed(details: unknown): boolean {
  return !!details && typeof details === "object" && (details as { sandbox?: unknown }).sandbox === "none";
}
