"use client";
/** Who approved the current revision and what is still needed before it merges. */
import type { ApprovalVerdict } from "@/lib/review/approvals";

export function ApprovalStatus({ approvals }: { approvals: ApprovalVerdict }) {
  const { approvedBy, required, needed, leadPaths } = approvals;
  if (required <= 1 && leadPaths.length === 0 && approvedBy.length === 0) return null;
  return (
    <div className="approval-status" data-testid="approval-status" aria-label="Approvals">
      <strong>
        Approvals: {approvedBy.length} of {required}
      </strong>
      {approvedBy.length ? (
        <span>
          {" "}
          — approved by {approvedBy.map((a) => `${a.name}${a.role === "lead" || a.role === "admin" ? " (lead)" : ""}`).join(", ")}
        </span>
      ) : null}
      {needed.length ? (
        <span className="approval-needed" data-testid="approval-needed">
          {" "}
          · still needed: {needed.join("; ")}
        </span>
      ) : (
        <span className="text-ok"> · complete</span>
      )}
    </div>
  );
}
