import type { ContractFinding } from "./types";

const MAX_LOCATIONS = 5;
const MAX_ITEMS = 3;

/** Human description of one finding: `"Invalid URL" → "Malformed URI"`, `HTTP 400 → 422`, `removed code E_X`. */
export function describeFinding(finding: ContractFinding): string {
  const show = (text: string | null): string => {
    if (text === null) return "";
    return finding.entryKind === "message" ? JSON.stringify(text) : text;
  };
  const label = finding.entryKind === "http" ? "HTTP " : finding.entryKind === "message" ? "" : `${finding.entryKind} `;
  if (finding.kind === "removed") return `removed ${label}${show(finding.before)}`;
  if (finding.kind === "added") return `added ${label}${show(finding.after)}`;
  return `${label}${show(finding.before)} → ${show(finding.after)}`;
}

function brokenConsumers(finding: ContractFinding): ContractFinding["consumers"] {
  return finding.consumers.filter((consumer) => consumer.broken);
}

function listed<T>(items: T[], limit: number, show: (item: T) => string): string {
  const shown = items.slice(0, limit).map(show).join(", ");
  return items.length > limit ? `${shown}, … (+${items.length - limit})` : shown;
}

export function failSummary(findings: ContractFinding[]): string {
  return findings
    .filter((finding) => brokenConsumers(finding).length > 0)
    .map((finding) => {
      const broken = brokenConsumers(finding);
      const where = listed(broken, MAX_LOCATIONS, (consumer) => `${consumer.file}:${consumer.line}`);
      return `${describeFinding(finding)} breaks ${broken.length} consumer${broken.length === 1 ? "" : "s"} (${where})`;
    })
    .join("; ");
}

export function warnSummary(findings: ContractFinding[]): string {
  const changes = findings.filter((finding) => finding.kind !== "added");
  const noun = changes.length === 1 ? "error-contract change" : "error-contract changes";
  // Consumers that accept the new text (often tests the change updated along with the message) are not
  // "no consumers": say they still match, so the summary agrees with the findings that list them.
  const matching = changes.reduce((n, f) => n + f.consumers.filter((c) => !c.broken && !c.informational).length, 0);
  const how = matching > 0 ? `, no consumer broken (${matching} match${matching === 1 ? "es" : ""} the new text)` : " without known consumers";
  return `${changes.length} ${noun}${how}: ${listed(changes, MAX_ITEMS, describeFinding)}`;
}

export function passSummary(findings: ContractFinding[]): string {
  const added = findings.filter((finding) => finding.kind === "added").length;
  return added === 0 ? "error contract unchanged" : `${added} error-contract entr${added === 1 ? "y" : "ies"} added, none changed or removed`;
}

export function hasBrokenConsumers(finding: ContractFinding): boolean {
  return brokenConsumers(finding).length > 0;
}
