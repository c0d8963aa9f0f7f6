/** Verdict of the static-analysis gate from the introduced problems and the tools' outcomes. */
import type { GateStatus } from "../types";
import type { StaticFinding, ToolReport } from "./types";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * fail: the change introduced an error-level problem (type errors are errors), decided even if another
 * tool broke; error: a tool could not run, so the rest cannot be vouched for; warn: warnings only; pass.
 */
export function judgeStatic(findings: readonly StaticFinding[], tools: readonly ToolReport[]): { status: GateStatus; summary: string } {
  const errors = findings.filter((f) => f.severity === "error").length;
  const warnings = findings.filter((f) => f.severity === "warning").length;
  const invented = findings.filter((f) => f.inventedMember).length;
  const broken = tools.filter((t) => t.status === "error");
  const fixed = tools.reduce((n, t) => n + t.fixed, 0);
  const baseTotal = tools.reduce((n, t) => n + t.baseTotal, 0);

  const byTool = new Map<string, number>();
  for (const f of findings) byTool.set(f.toolLabel, (byTool.get(f.toolLabel) ?? 0) + 1);
  const parts: string[] = [];
  if (findings.length === 0) parts.push("no new problems");
  else {
    const kinds = [errors && plural(errors, "error"), warnings && plural(warnings, "warning")].filter(Boolean).join(", ");
    parts.push(`${plural(findings.length, "new problem")} (${kinds || "notes"}; ${[...byTool].map(([t, n]) => `${t} ${n}`).join(", ")})`);
    if (invented) parts.push(`${plural(invented, "invented member")}`);
  }
  if (fixed) parts.push(`${fixed} fixed`);
  parts.push(`${baseTotal} at base`);
  for (const t of broken) parts.push(`${t.label}: ${t.error}`);
  const ran = tools.filter((t) => t.status === "ran").map((t) => t.label);
  if (ran.length) parts.push(`checked by ${[...new Set(ran)].join(", ")}`);

  const status: GateStatus = errors > 0 ? "fail" : broken.length > 0 ? "error" : warnings > 0 ? "warn" : "pass";
  return { status, summary: parts.join("; ") };
}
