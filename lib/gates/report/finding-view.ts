/** One gate finding as location + rule kind + one-line message, for the text and SARIF reports. */
import type { GateName } from "../types";

export interface Location {
  file: string;
  line?: number;
  column?: number;
}

export interface FindingView {
  location?: Location;
  /** Finding kind within its gate; with the gate name it forms the SARIF rule id. */
  kind: string;
  message: string;
  /** Other places involved (e.g. consumers of a changed error message). */
  related: Location[];
  /** Informational even when the gate fails (e.g. a test that already failed at base). */
  informational: boolean;
  /** The finding's own level when its tool gives one (static analysis); else it follows the gate's status. */
  level?: "error" | "warning" | "note";
  /** A warning even when the gate fails (e.g. a flaky test, which does not count as failing). */
  warningOnly?: boolean;
}

type Loose = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const quote = (s: unknown) => JSON.stringify(String(s));

function locationOf(f: Loose): Location | undefined {
  const file = str(f.file);
  if (!file) return undefined;
  const line = num(f.line);
  const column = num(f.column);
  if (line === undefined || line < 1) return { file };
  return column !== undefined && column >= 1 ? { file, line: Math.floor(line), column: Math.floor(column) } : { file, line: Math.floor(line) };
}

/** Complexity verdicts (lib/gates/complexity/policy.ts) as report kinds. */
const COMPLEXITY_KIND: Record<string, string> = {
  crossed: "threshold-crossed",
  "new-over-threshold": "new-complex-function",
  "grew-over-threshold": "complexity-increase",
};

export function viewFinding(gate: GateName, finding: unknown): FindingView {
  const f: Loose = finding && typeof finding === "object" ? (finding as Loose) : { message: String(finding) };
  const location = locationOf(f);
  const base = { ...(location ? { location } : {}), related: [] as Location[], informational: false };
  switch (gate) {
    case "dependencies": {
      const pkg = str(f.package) ?? "?";
      const eco = str(f.ecosystem);
      return {
        ...base,
        kind: str(f.kind) ?? "finding",
        message: str(f.message) ?? `${pkg}${eco ? ` (${eco})` : ""}: ${str(f.kind) ?? "problem"}`,
      };
    }
    case "complexity": {
      const added = f.cyclomaticBefore === null || f.cyclomaticBefore === undefined;
      const verdict = str(f.verdict);
      const kind = verdict ? (COMPLEXITY_KIND[verdict] ?? verdict) : added ? "new-complex-function" : "complexity-increase";
      // The gate names the measures over their thresholds; older results carry only the scores.
      const change = (before: unknown, after: unknown) => (added ? `${after}` : `${before} → ${after}`);
      const message =
        str(f.message) ??
        `${str(f.function) ?? "function"}${added ? " (new)" : ""}: cyclomatic ${change(f.cyclomaticBefore, f.cyclomatic)}, ` +
          `cognitive ${change(f.cognitiveBefore, f.cognitive)}`;
      return { ...base, kind, message };
    }
    case "error-contract": {
      const kind = str(f.kind) ?? "changed";
      const consumers = Array.isArray(f.consumers) ? (f.consumers as Loose[]) : [];
      const related = consumers.map(locationOf).filter((l): l is Location => !!l);
      const what =
        kind === "changed"
          ? `error text changed: ${quote(f.before)} → ${quote(f.after)}`
          : kind === "removed"
            ? `error text removed: ${quote(f.before)}`
            : `error text added: ${quote(f.after)}`;
      // Broken consumers first; the others accept the new text or only mention it (changelogs).
      const where = (cs: Loose[], label: string) => {
        const ls = cs.map(locationOf).filter((l): l is Location => !!l);
        if (!ls.length) return "";
        return `; ${label} ${ls.slice(0, 3).map((l) => `${l.file}:${l.line ?? "?"}`).join(", ")}${ls.length > 3 ? ` (+${ls.length - 3})` : ""}`;
      };
      const uses =
        where(consumers.filter((c) => c.broken === true), "breaks") +
        where(consumers.filter((c) => c.broken === undefined), "relied on at") + // results recorded before the flag
        where(consumers.filter((c) => c.broken === false && c.informational !== true), "still matched at") +
        where(consumers.filter((c) => c.broken === false && c.informational === true), "mentioned at");
      return { ...base, kind, related, message: what + uses };
    }
    case "static-analysis": {
      const tool = str(f.toolLabel) ?? str(f.tool) ?? "analyser";
      const rule = str(f.rule) ?? "problem";
      const sev = str(f.severity);
      return {
        ...base,
        kind: `${tool}/${rule}`,
        level: sev === "error" || sev === "warning" || sev === "note" ? sev : undefined,
        message: `${tool} ${rule}: ${(str(f.message) ?? "").replace(/\s*\n\s*/g, " — ")}`,
      };
    }
    case "tests": {
      // file/line (when the runner said where the test failed) come through `base`.
      const kind = str(f.kind) ?? "finding";
      return {
        ...base,
        kind,
        informational: kind === "already-failing",
        ...(kind === "flaky" ? { warningOnly: true } : {}),
        message: `${str(f.test) ?? "test"}: ${str(f.message) ?? kind}`,
      };
    }
  }
}
