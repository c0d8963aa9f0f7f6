"use client";
/** The analysers the static-analysis gate ran: new / fixed / at base per tool, or why a tool could not run. */
import type { ToolReport } from "@/lib/gates/static-analysis/types";

function isToolReport(v: unknown): v is ToolReport {
  return !!v && typeof v === "object" && typeof (v as ToolReport).label === "string" && typeof (v as ToolReport).status === "string";
}

export function StaticTools({ details }: { details: Record<string, unknown> | null | undefined }) {
  const tools = Array.isArray(details?.tools) ? details.tools.filter(isToolReport) : [];
  if (tools.length === 0) return null;
  const fixed = typeof details?.fixed === "number" ? details.fixed : 0;
  const invented = typeof details?.inventedMembers === "number" ? details.inventedMembers : 0;
  return (
    <div className="static-tools" data-testid="static-tools">
      {invented > 0 ? (
        <p className="static-invented">
          <span className="badge badge-danger">{invented} invented member{invented === 1 ? "" : "s"}</span> properties or props the types do not declare
        </p>
      ) : null}
      {fixed > 0 ? <p className="static-fixed">✓ {fixed} problem{fixed === 1 ? "" : "s"} of the base fixed by this change</p> : null}
      <ul className="finding-list">
        {tools.map((t) => (
          <li key={t.id} className={`finding ${t.status === "error" ? "finding-error" : ""}`} data-tool={t.label}>
            <strong>{t.label}</strong> <span className="muted">{t.command}</span>{" "}
            {t.status === "error" ? (
              <div className="finding-message">could not run: {t.error}</div>
            ) : (
              <span>
                — {t.introduced} new, {t.fixed} fixed, {t.baseTotal} at base{t.baseCached ? " (base cached)" : ""}
              </span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
