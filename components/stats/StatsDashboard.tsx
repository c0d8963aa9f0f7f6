"use client";
/**
 * The /stats page body: filter bar synced to the URL, then every section, all from one
 * GET /api/stats call (React Query, keyed by the query string).
 */
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { apiFetch, ApiClientError } from "@/components/api-client";
import { EmptyState } from "@/components/ui/EmptyState";
import { filtersToSearchParams, filterValuesFrom } from "@/lib/stats/filters";
import { formatCount, formatDuration, formatPercent } from "@/lib/stats/format";
import { drillHref } from "@/lib/stats/links";
import type { StatsResponse } from "@/lib/stats/types";
import { FilterBar } from "./FilterBar";
import { GatesSection } from "./GatesSection";
import { StaticAnalysisSection } from "./StaticAnalysisSection";
import { HallucinationsSection } from "./HallucinationsSection";
import { RoutingSection } from "./RoutingSection";
import { SpeedSection } from "./SpeedSection";
import styles from "./stats.module.css";

/** The last day a half-open window [from, to) covers. */
function lastDay(to: string): string {
  return new Date(Date.parse(to) - 1).toISOString().slice(0, 10);
}

function Metric({ label, value, href }: { label: string; value: string; href?: string }) {
  return (
    <div className={styles.metric}>
      <span>{label}</span>
      <strong>{href ? <Link href={href}>{value}</Link> : value}</strong>
    </div>
  );
}

export function StatsDashboard() {
  const search = useSearchParams();
  const filters = filterValuesFrom(new URLSearchParams(search?.toString() ?? ""));
  const qs = filtersToSearchParams(filters).toString();
  const query = useQuery({
    queryKey: ["stats", qs],
    queryFn: () => apiFetch<StatsResponse>(`/api/stats${qs ? `?${qs}` : ""}`),
    placeholderData: (previous) => previous,
  });
  const data = query.data;

  return (
    <div data-testid="stats-dashboard" aria-busy={query.isFetching}>
      <FilterBar values={filters} options={data?.options} />
      {query.error ? (
        <div className="alert alert-error" role="alert">
          {query.error instanceof ApiClientError && query.error.issues.length
            ? `${query.error.message}: ${query.error.issues.map((i) => `${i.path} ${i.message}`).join("; ")}`
            : query.error.message}
        </div>
      ) : null}
      {!data ? (
        query.isLoading ? <p className="muted">Loading statistics…</p> : null
      ) : data.totals.changes === 0 && data.totals.jobs === 0 ? (
        <EmptyState title="No data for these filters">
          <p>
            No jobs or changes were created from {data.filters.from.slice(0, 10)} through {lastDay(data.filters.to)}
            {filters.repositoryId || filters.tier || filters.model || filters.ecosystem ? " that match the filters" : ""}. Try a longer
            time window or fewer filters.
          </p>
        </EmptyState>
      ) : (
        <>
          <div className={styles.summary} data-testid="stats-summary">
            <Metric label="Changes" value={formatCount(data.totals.changes)} href={drillHref(filters, "changes")} />
            <Metric label="Jobs" value={formatCount(data.totals.jobs)} href={drillHref(filters, "jobs")} />
            <Metric
              label="With a not-found package"
              value={formatPercent(data.hallucinations.overall.notFoundRate)}
              href={drillHref(filters, "not-found")}
            />
            <Metric
              label="With a version-not-found"
              value={formatPercent(data.hallucinations.overall.versionNotFoundRate)}
              href={drillHref(filters, "version-not-found")}
            />
            <Metric label="Median time to decision" value={formatDuration(data.speed.decisionTime.p50Ms)} href={drillHref(filters, "decision-time")} />
          </div>
          <HallucinationsSection data={data.hallucinations} filters={filters} />
          <GatesSection data={data.gates} filters={filters} />
          <StaticAnalysisSection rows={data.gates.staticAnalysis} filters={filters} />
          <RoutingSection data={data.routing} filters={filters} />
          <SpeedSection data={data.speed} filters={filters} />
          <p className={styles.note}>
            Window {data.filters.from.replace("T", " ").slice(0, 16)} – {data.filters.to.replace("T", " ").slice(0, 16)} UTC. Dashboards can
            read the same numbers as JSON from <code>/api/stats?{qs || "window=30d"}</code> with an API token.
          </p>
        </>
      )}
    </div>
  );
}
