/** The CLI's JSON contract: {"gates":[{gate,status,summary,durationMs,findings,…extras}]}. */
import type { GateResult } from "../types";

export interface JsonReport {
  gates: Array<Record<string, unknown>>;
}

export function toJson(results: readonly GateResult[]): JsonReport {
  return {
    gates: results.map((r) => {
      const { gate, status, score, summary, durationMs, findings, ...extra } = r;
      const out: Record<string, unknown> = { gate, status };
      if (typeof score === "number") out.score = score;
      out.summary = summary;
      out.durationMs = Math.round(durationMs);
      out.findings = findings;
      for (const [k, v] of Object.entries(extra)) if (v !== undefined) out[k] = v;
      return out;
    }),
  };
}
