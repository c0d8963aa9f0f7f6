/**
 * Gate findings placed on diff lines: hallucinated or suspicious imports (dependencies), functions
 * whose complexity rose (complexity, with before→after scores), and changed error messages with the
 * code that depends on them (error-contract), and problems the change introduced by the repository's own
 * type checker and linters, with tool and rule (static-analysis). Pure, so the browser uses it to decorate the diff.
 */
import { z } from "zod";

export type FindingSeverity = "error" | "warning" | "info";

export interface Consumer {
  file: string;
  line: number;
  broken: boolean;
  text?: string;
  /** A changelog mention: shown, never counted as broken. */
  informational?: boolean;
}

export interface LineFinding {
  id: string;
  gate: string;
  file: string;
  /** 1-based line in the file after the change, or before it when side is "before" (removed code). */
  line: number;
  side: "after" | "before";
  severity: FindingSeverity;
  kind: string;
  /** Short label for lists. */
  title: string;
  /** The reason, shown on hover and in the gate panel. */
  message: string;
  /** The text on the line the finding is about (package, function, message), to underline. */
  needle?: string;
  /** Label drawn at the end of the line, e.g. "cyclomatic 4→12" (every finding has one). */
  badge: string;
  /** 1-based columns the tool reported, underlined instead of searching for a needle. */
  column?: number;
  endColumn?: number;
  consumers?: Consumer[];
}

const DependencyFinding = z.object({
  ecosystem: z.string().optional(),
  package: z.string(),
  kind: z.string(),
  file: z.string(),
  line: z.number().int(),
  message: z.string(),
  blocking: z.boolean().optional(),
});

const ComplexityFinding = z.object({
  file: z.string(),
  function: z.string(),
  line: z.number().int(),
  cyclomaticBefore: z.number().nullable().optional(),
  cyclomatic: z.number(),
  cognitiveBefore: z.number().nullable().optional(),
  cognitive: z.number(),
  /** Set by the gate since the crossing policy (lib/gates/complexity/policy.ts); absent in older results. */
  severity: z.enum(["fail", "warn"]).optional(),
  verdict: z.string().optional(),
  message: z.string().optional(),
});

const ContractFinding = z.object({
  file: z.string(),
  line: z.number().int(),
  kind: z.string(),
  entryKind: z.string().optional(),
  functionName: z.string().optional(),
  before: z.string().nullable().optional(),
  after: z.string().nullable().optional(),
  consumers: z
    .array(
      z.object({
        file: z.string(),
        line: z.number().int(),
        broken: z.boolean().optional(),
        text: z.string().optional(),
        informational: z.boolean().optional(),
      }),
    )
    .optional(),
});

const StaticFinding = z.object({
  tool: z.string(),
  toolLabel: z.string().optional(),
  rule: z.string(),
  message: z.string(),
  severity: z.enum(["error", "warning", "note"]),
  file: z.string(),
  line: z.number().int().min(1),
  column: z.number().int().nullable().optional(),
  endLine: z.number().int().optional(),
  endColumn: z.number().int().optional(),
  inventedMember: z.boolean().optional(),
});

const DEPENDENCY_SEVERITY: Record<string, FindingSeverity> = {
  "not-found": "error",
  "version-not-found": "error",
  suspicious: "warning",
  undeclared: "warning",
  deprecated: "info",
};

const DEPENDENCY_TITLE: Record<string, string> = {
  "not-found": "hallucinated import",
  "version-not-found": "version does not exist",
  suspicious: "suspicious package",
  undeclared: "undeclared dependency",
  deprecated: "deprecated package",
};

export function formatScoreChange(before: number | null | undefined, after: number): string {
  return `${before ?? "new"}→${after}`;
}

function quote(s: string | null | undefined): string {
  return s === null || s === undefined ? "(none)" : `"${s}"`;
}

export interface GateFindingsInput {
  gate: string;
  findings: unknown;
}

export function lineFindings(gates: readonly GateFindingsInput[], complexityThreshold = 10): LineFinding[] {
  const out: LineFinding[] = [];
  for (const g of gates) {
    const list = Array.isArray(g.findings) ? g.findings : [];
    list.forEach((raw, i) => {
      const id = `${g.gate}:${i}`;
      if (g.gate === "dependencies") {
        const f = DependencyFinding.safeParse(raw);
        if (!f.success) return;
        const d = f.data;
        out.push({
          id,
          gate: g.gate,
          file: d.file,
          line: d.line,
          side: "after",
          // An undeclared package fails the gate in runtime code (policy): shown as an error there.
          severity: d.blocking ? "error" : (DEPENDENCY_SEVERITY[d.kind] ?? "warning"),
          kind: d.kind,
          title: `${DEPENDENCY_TITLE[d.kind] ?? d.kind}: ${d.package}`,
          message: d.message,
          needle: d.package,
          badge: `${DEPENDENCY_TITLE[d.kind] ?? d.kind}: ${d.package}`,
        });
      } else if (g.gate === "complexity") {
        const f = ComplexityFinding.safeParse(raw);
        if (!f.success) return;
        const c = f.data;
        const scores = `cyclomatic ${formatScoreChange(c.cyclomaticBefore, c.cyclomatic)}, cognitive ${formatScoreChange(c.cognitiveBefore, c.cognitive)}`;
        // Older results carry no verdict: judge them by the single threshold they were run with.
        const over = c.severity ? c.severity === "fail" : c.cyclomatic > complexityThreshold || c.cognitive > complexityThreshold;
        out.push({
          id,
          gate: g.gate,
          file: c.file,
          line: c.line,
          side: "after",
          severity: over ? "error" : "warning",
          kind: c.verdict ?? (over ? "over-threshold" : "rose"),
          title: c.message ?? `${c.function}: ${scores}`,
          needle: c.function.split(".").pop(),
          message:
            c.message ??
            `${c.function} ${over ? `is over the complexity threshold of ${complexityThreshold}` : "became more complex"}: ${scores}`,
          badge: scores,
        });
      } else if (g.gate === "static-analysis") {
        const f = StaticFinding.safeParse(raw);
        if (!f.success) return;
        const d = f.data;
        const label = `${d.toolLabel ?? d.tool} ${d.rule}`;
        out.push({
          id,
          gate: g.gate,
          file: d.file,
          line: d.line,
          side: "after",
          severity: d.severity === "note" ? "info" : d.severity,
          kind: d.inventedMember ? "invented-member" : d.rule,
          title: `${label}${d.inventedMember ? " (invented member)" : ""}`,
          message: `${label}: ${d.message.replace(/\s*\n\s*/g, " — ")}`,
          badge: label,
          ...(d.column ? { column: d.column } : {}),
          ...(d.column && d.endColumn && (d.endLine ?? d.line) === d.line ? { endColumn: d.endColumn } : {}),
        });
      } else if (g.gate === "error-contract") {
        const f = ContractFinding.safeParse(raw);
        if (!f.success) return;
        const e = f.data;
        const consumers = (e.consumers ?? []).map((c) => ({
          file: c.file,
          line: c.line,
          broken: c.informational ? false : (c.broken ?? true),
          text: c.text,
          ...(c.informational ? { informational: true } : {}),
        }));
        const broken = consumers.filter((c) => c.broken);
        const where = consumers.length ? `; used by ${consumers.map((c) => `${c.file}:${c.line}`).join(", ")}` : "";
        const title = `error ${e.entryKind ?? "message"} ${e.kind}${e.functionName ? ` in ${e.functionName}` : ""}`;
        const change =
          e.kind === "removed" ? `removed ${quote(e.before)}` : e.kind === "added" ? `added ${quote(e.after)}` : `${quote(e.before)} → ${quote(e.after)}`;
        out.push({
          id,
          gate: g.gate,
          file: e.file,
          line: e.line,
          side: e.kind === "removed" ? "before" : "after",
          severity: broken.length ? "error" : "warning",
          kind: e.kind,
          title,
          message: `error ${e.entryKind ?? "message"} ${change}${where}`,
          needle: (e.kind === "removed" ? e.before : e.after) ?? undefined,
          badge: consumers.length ? `${title}: ${consumers.length} consumer${consumers.length === 1 ? "" : "s"}` : title,
          consumers,
        });
      }
    });
  }
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}
