/** Human-readable report: one aligned row per gate, its findings listed underneath. */
import type { GateResult, GateStatus } from "../types";
import { viewFinding } from "./finding-view";
import { overallStatus } from "./overall";

export interface TextOptions {
  /** ANSI colours (the CLI enables them on a TTY unless NO_COLOR is set). */
  color?: boolean;
  /** Findings shown per gate before "… and N more". */
  maxFindings?: number;
}

const STATUS_COLOR: Record<GateStatus, string> = {
  pass: "32", // green
  warn: "33", // yellow
  fail: "31", // red
  error: "35", // magenta
  skipped: "90", // grey
};

export function toText(results: readonly GateResult[], opts: TextOptions = {}): string {
  const color = opts.color ?? false;
  const maxFindings = opts.maxFindings ?? 20;
  const paint = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const dim = (s: string) => paint("2", s);

  const rows = results.map((r) => ({
    gate: r.gate,
    status: r.status.toUpperCase(),
    score: typeof r.score === "number" ? String(Math.round(r.score * 10) / 10) : "-",
    time: formatDuration(r.durationMs),
    summary: r.summary.replace(/\s*\n\s*/g, " "),
  }));
  const header = { gate: "GATE", status: "STATUS", score: "SCORE", time: "TIME", summary: "SUMMARY" };
  const w = {
    gate: Math.max(header.gate.length, ...rows.map((r) => r.gate.length)),
    status: Math.max(header.status.length, ...rows.map((r) => r.status.length)),
    score: Math.max(header.score.length, ...rows.map((r) => r.score.length)),
    time: Math.max(header.time.length, ...rows.map((r) => r.time.length)),
  };
  const line = (r: typeof header, statusColor?: string) =>
    [
      r.gate.padEnd(w.gate),
      statusColor ? paint(statusColor, r.status.padEnd(w.status)) : r.status.padEnd(w.status),
      r.score.padStart(w.score),
      r.time.padStart(w.time),
      r.summary,
    ].join("  ");

  const out: string[] = [dim(line(header))];
  results.forEach((result, i) => {
    out.push(line(rows[i], STATUS_COLOR[result.status]));
    const findings = result.findings ?? [];
    for (const f of findings.slice(0, maxFindings)) {
      const v = viewFinding(result.gate, f);
      const where = v.location ? `${v.location.file}${v.location.line ? `:${v.location.line}` : ""}  ` : "";
      const marker = v.informational ? dim("·") : paint(STATUS_COLOR[result.status], "•");
      out.push(`    ${marker} ${where}${dim(`[${v.kind}]`)} ${v.message}`);
    }
    if (findings.length > maxFindings) out.push(dim(`    … and ${findings.length - maxFindings} more`));
  });
  const counts = (["fail", "error", "warn", "pass", "skipped"] as GateStatus[])
    .map((s) => [s, results.filter((r) => r.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  const overall = overallStatus(results);
  out.push("", `overall: ${paint(STATUS_COLOR[overall], overall.toUpperCase())}${counts.length ? ` (${counts.join(", ")})` : ""}`);
  return out.join("\n") + "\n";
}

function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return "-";
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  return `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, "0")}s`;
}
