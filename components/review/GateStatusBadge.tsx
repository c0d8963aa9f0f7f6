/** A gate's status as a small coloured badge; "pending" when the gate has no result yet. */
const TONE: Record<string, string> = { pass: "badge-ok", warn: "badge-warn", fail: "badge-danger", error: "badge-danger", skipped: "" };
const ICON: Record<string, string> = { pass: "✓", warn: "!", fail: "✗", error: "⚠", skipped: "–" };

export function GateStatusBadge({ gate, status, title }: { gate?: string; status: string | null; title?: string }) {
  const s = status ?? "pending";
  return (
    <span className={`badge gate-badge ${TONE[s] ?? ""}`} title={title ?? (gate ? `${gate}: ${s}` : s)} data-gate={gate} data-status={s}>
      {ICON[s] ?? "·"} {gate ? `${gate} ` : ""}
      {s}
    </span>
  );
}
