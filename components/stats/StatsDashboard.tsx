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

/** A headline number; a percentage carries its sample ("3 of 20") beside it. */
function Metric({ label, value, sample, href }: { label: string; value: string; sample?: string; href?: string }) {
  const shown = (
    <>
      {value}
      {sample ? <small className={styles.sample}> ({sample})</small> : null}
    </>
  );
  return (
    <div className={styles.metric}>
      <span>{label}</span>
      <strong>{href ? <Link href={href}>{shown}</Link> : shown}</strong>
    </div>
  );
}

function share(part: number, whole: number): { value: string; sample?: string } {
  return whole > 0 ? { value: formatPercent(part / whole), sample: `${formatCount(part)} of ${formatCount(whole)}` } : { value: "–" };
}

/** The page's sections, in order, for the section navigation (ids of their headings). */
const SECTIONS = [
  ["stats-hallucinations", "Hallucinated packages"],
  ["stats-gates", "Gates"],
  ["stats-static", "Static analysis"],
  ["stats-routing", "Routing and outcome"],
  ["stats-speed", "Speed and cost"],
] as const;

/** What the figures count, stated on the page (lib/stats/sql.ts countedChangeConditions). */
function CountingRule({ includeReplays }: { includeReplays: boolean }) {
  return (
    <p className={styles.note} data-testid="stats-counting-rule">
      <strong>What is counted:</strong> changes produced by {includeReplays ? "real providers and replays of recordings" : "real providers (replays of recordings are left out)"}
      , each change once — a revision whose diff is identical to an earlier revision of the same job counts as that revision, not
      again, and a generation that failed before producing a change is not counted. Latency and cost come from live generations
      only. Every percentage shows its sample: 22.2% (2 of 9).
    </p>
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
    <div data-testid="stats-dashboard" className={styles.dashboard} aria-busy={query.isFetching}>
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
          {data.filters.includeReplays ? null : (
            <p data-testid="stats-replays-hint">
              Replays of recordings (the demo&apos;s recorded provider) are not counted: tick <strong>Include replays</strong> above
              to see them.
            </p>
          )}
        </EmptyState>
      ) : (
        <>
          <div className={styles.summary} data-testid="stats-summary">
            <Metric label="Changes" value={formatCount(data.totals.changes)} href={drillHref(filters, "changes")} />
            <Metric label="Jobs" value={formatCount(data.totals.jobs)} href={drillHref(filters, "jobs")} />
            <Metric
              label="With a not-found package"
              {...share(data.hallucinations.overall.notFound, data.hallucinations.overall.changes)}
              href={drillHref(filters, "not-found")}
            />
            <Metric
              label="With a version-not-found"
              {...share(data.hallucinations.overall.versionNotFound, data.hallucinations.overall.changes)}
              href={drillHref(filters, "version-not-found")}
            />
            <Metric label="Median time to decision" value={formatDuration(data.speed.decisionTime.p50Ms)} href={drillHref(filters, "decision-time")} />
          </div>
          <CountingRule includeReplays={data.filters.includeReplays} />
          <nav className={styles.sectionNav} aria-label="Sections">
            {SECTIONS.map(([id, label]) => (
              <a key={id} href={`#${id}`}>
                {label}
              </a>
            ))}
          </nav>
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
