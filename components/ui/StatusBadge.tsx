/** Job status as a coloured badge (statuses from lib/domain/job-status.ts); unknown ones stay neutral. */
const TONE: Record<string, string> = {
  queued: "badge-info",
  building_context: "badge-info",
  generating: "badge-info",
  gating: "badge-info",
  awaiting_review: "badge-warn",
  approved: "badge-ok",
  merged: "badge-ok",
  rerouted: "badge-warn",
  conflict: "badge-danger",
  rejected: "badge-danger",
  failed: "badge-danger",
};

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge ${TONE[status] ?? ""}`}>{status.replace(/_/g, " ")}</span>;
}
