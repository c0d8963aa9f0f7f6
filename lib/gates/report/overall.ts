/** One status for a set of gate results. */
import type { GateResult, GateStatus } from "../types";

/**
 * Any fail → fail, else any error → error, else any warn → warn, else pass; skipped when every gate
 * was skipped or none ran.
 */
export function overallStatus(results: readonly GateResult[]): GateStatus {
  const has = (s: GateStatus) => results.some((r) => r.status === s);
  if (has("fail")) return "fail";
  if (has("error")) return "error";
  if (has("warn")) return "warn";
  if (has("pass")) return "pass";
  return "skipped";
}
