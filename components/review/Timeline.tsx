import { formatUtc } from "@/components/ui/format";
import type { TimelineEvent } from "@/lib/jobs/job-detail";

function str(v: unknown): string | null {
  return typeof v === "string" && v ? v : null;
}

/** One line per audit event, in words. */
export function describeEvent(e: TimelineEvent): string {
  const d = e.details ?? {};
  switch (e.action) {
    case "job.created":
      return `filed the job (${str(d.taskType) ?? "?"}, risk ${str(d.risk) ?? "?"})`;
    case "job.routed":
      return `routed to ${str(d.tier) ?? "?"}${Array.isArray(d.reasons) ? `: ${d.reasons.join("; ")}` : ""}`;
    case "job.status": {
      const reason = str(d.reason);
      return `${String(d.from ?? "?").replace(/_/g, " ")} → ${String(d.to ?? "?").replace(/_/g, " ")}${reason ? ` — ${reason}` : ""}`;
    }
    case "review.approve":
      return `approved revision ${String(d.revision ?? "?")}`;
    case "review.override":
      return `approved revision ${String(d.revision ?? "?")} overriding the policy: ${str(d.justification) ?? ""}`;
    case "review.reroute":
      return `rerouted revision ${String(d.revision ?? "?")} to ${str(d.tier) ?? "?"}${str(d.model) ? `/${str(d.model)}` : ""}: ${str(d.note) ?? ""}`;
    case "merge.finish":
      return d.outcome === "conflict"
        ? "tried to finish the interrupted merge: the change no longer applies"
        : "finished the merge of the approved revision, which had not completed";
    case "job.retry":
      return d.discardedRevision
        ? `retried the failed job (revision ${String(d.discardedRevision)} had produced nothing and is generated again)`
        : d.regate
          ? "retried the failed job (the gates run again on the same revision)"
          : "retried the failed job";
    case "review.reject":
      return `rejected revision ${String(d.revision ?? "?")}: ${str(d.reason) ?? ""}`;
    default:
      return e.action;
  }
}

export function Timeline({ events }: { events: TimelineEvent[] }) {
  if (events.length === 0) return <p className="muted">Nothing recorded yet.</p>;
  return (
    <ol className="timeline" data-testid="timeline">
      {events.map((e) => (
        <li key={e.id} data-action={e.action}>
          <span className="timeline-time">{formatUtc(e.createdAt)}</span> <span className="timeline-actor">{e.actor}</span> {describeEvent(e)}
        </li>
      ))}
    </ol>
  );
}
