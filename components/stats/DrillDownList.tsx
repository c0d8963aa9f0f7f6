"use client";
/** /stats/changes: the changes (or jobs) behind one stats number, paginated, each linking to its job. */
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/components/api-client";
import { EmptyState } from "@/components/ui/EmptyState";
import { StatusBadge } from "@/components/ui/StatusBadge";
import { toCsv } from "@/lib/stats/csv";
import { DRILL_CSV_COLUMNS, DRILL_EXPORT_MAX_ROWS } from "@/lib/stats/drill-csv";
import { filterValuesFrom } from "@/lib/stats/filters";
import { formatCount, formatDuration } from "@/lib/stats/format";
import { drillApiUrl, drillExportUrl, jobHref, statsHref } from "@/lib/stats/links";
import type { DrillPage, DrillRow } from "@/lib/stats/types";
import { downloadCsv } from "./StatsTable";


export function DrillDownList() {
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname() ?? "/stats/changes";
  const params = new URLSearchParams(search?.toString() ?? "");
  const query = useQuery({
    queryKey: ["stats-drill", params.toString()],
    queryFn: () => apiFetch<DrillPage>(drillApiUrl(params)),
    placeholderData: (previous) => previous,
  });
  const page = query.data;
  const goTo = (n: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(n));
    router.push(`${pathname}?${next.toString()}`);
  };
  const lastPage = page ? Math.max(1, Math.ceil(page.total / page.pageSize)) : 1;
  const jobs = page?.unit === "jobs";

  return (
    <div data-testid="stats-drilldown">
      <p>
        <Link href={statsHref(filterValuesFrom(params))}>← Back to statistics</Link>
      </p>
      {query.error ? (
        <div className="alert alert-error" role="alert">
          {query.error.message}
        </div>
      ) : null}
      {!page ? (
        query.isLoading ? <p className="muted">Loading…</p> : null
      ) : (
        <>
          <div className="page-header">
            <div>
              <h2>{page.title}</h2>
              <p className="muted">
                {formatCount(page.total)} {page.unit}
              </p>
            </div>
            <div className="button-row">
              <button
                type="button"
                className="button button-secondary button-small"
                disabled={page.rows.length === 0}
                onClick={() => downloadCsv(`${page.metric}-page-${page.page}.csv`, toCsv(DRILL_CSV_COLUMNS, page.rows))}
              >
                CSV (this page)
              </button>
              {page.total > 0 ? (
                <a
                  className="button button-secondary button-small"
                  href={drillExportUrl(params)}
                  download
                  title={page.total > DRILL_EXPORT_MAX_ROWS ? `The first ${formatCount(DRILL_EXPORT_MAX_ROWS)}; narrow the filters for the rest` : undefined}
                >
                  CSV (all {formatCount(Math.min(page.total, DRILL_EXPORT_MAX_ROWS))})
                </a>
              ) : null}
            </div>
          </div>
          {page.rows.length === 0 ? (
            <EmptyState title={`No ${page.unit} behind this number`}>
              <p>Nothing matches these filters.</p>
            </EmptyState>
          ) : (
            <div className="table-wrap">
              <table className="data">
                <thead>
                  <tr>
                    <th>Job</th>
                    <th>Status</th>
                    <th className="num">Revision</th>
                    <th>Tier</th>
                    <th>Model</th>
                    <th>Cause</th>
                    <th>Created (UTC)</th>
                    <th className="num">{jobs ? "Time to decision" : "Latency"}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.rows.map((r) => (
                    <tr key={`${r.jobId}|${r.changeId ?? ""}`}>
                      <td>
                        <Link href={jobHref(r.jobId)}>{r.jobTitle}</Link>
                      </td>
                      <td>
                        <StatusBadge status={r.jobStatus} />
                      </td>
                      <td className="num">{r.revision ?? "–"}</td>
                      <td>{r.tier ?? "–"}</td>
                      <td>{r.model ?? "–"}</td>
                      <td>{r.cause ?? "–"}</td>
                      <td>{r.createdAt.replace("T", " ").slice(0, 16)}</td>
                      <td className="num">{formatDuration(jobs ? r.decisionMs : r.latencyMs)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div className="pagination">
            <button type="button" className="button button-secondary button-small" disabled={page.page <= 1} onClick={() => goTo(page.page - 1)}>
              Previous
            </button>
            <span>
              Page {page.page} of {lastPage}
            </span>
            <button
              type="button"
              className="button button-secondary button-small"
              disabled={page.page >= lastPage}
              onClick={() => goTo(page.page + 1)}
            >
              Next
            </button>
          </div>
        </>
      )}
    </div>
  );
}
