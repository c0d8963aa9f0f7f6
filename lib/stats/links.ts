/** URLs of the stats pages (client-safe): the dashboard with filters and the drill-down list behind a number. */
import { filtersToSearchParams, type FilterValues } from "./filters";
import type { DrillMetric } from "./types";

/** /stats with these filters. */
export function statsHref(filters: FilterValues): string {
  const qs = filtersToSearchParams(filters).toString();
  return qs ? `/stats?${qs}` : "/stats";
}

/**
 * /stats/changes for one number: the page's filters, overridden by the row's own dimensions (e.g. the
 * model of a per-model row), plus the metric and key.
 */
export function drillHref(filters: FilterValues, metric: DrillMetric, key = "", narrow: FilterValues = {}): string {
  const params = filtersToSearchParams({ ...filters, ...narrow });
  params.set("metric", metric);
  if (key) params.set("key", key);
  return `/stats/changes?${params.toString()}`;
}

/** The API URL behind a /stats/changes page URL's query string. */
export function drillApiUrl(search: URLSearchParams): string {
  return `/api/stats/changes?${search.toString()}`;
}

/** The whole list as CSV; paging parameters do not apply. */
export function drillExportUrl(search: URLSearchParams): string {
  const q = new URLSearchParams(search);
  q.delete("page");
  q.delete("pageSize");
  return `/api/stats/changes/export?${q.toString()}`;
}

export function jobHref(jobId: string): string {
  return `/jobs/${encodeURIComponent(jobId)}`;
}
