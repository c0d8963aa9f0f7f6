/**
 * The drill-down list as CSV: one column set for the page's "this page" export in the browser and the
 * server's whole-list export (GET /api/stats/changes/export).
 */
import type { Db } from "../db/client";
import { toCsv, type CsvColumn } from "./csv";
import type { StatsDialect } from "./dialect";
import { getDrillDown, type DrillQuery } from "./drilldown";
import type { StatsFilters } from "./filters";
import type { DrillRow } from "./types";

export const DRILL_CSV_COLUMNS: readonly CsvColumn<DrillRow>[] = [
  { header: "Job", value: (r) => r.jobTitle },
  { header: "Job id", value: (r) => r.jobId },
  { header: "Change id", value: (r) => r.changeId },
  { header: "Revision", value: (r) => r.revision },
  { header: "Tier", value: (r) => r.tier },
  { header: "Model", value: (r) => r.model },
  { header: "Cause", value: (r) => r.cause },
  { header: "Created", value: (r) => r.createdAt },
  { header: "Latency ms", value: (r) => r.latencyMs },
  { header: "Prompt tokens", value: (r) => r.promptTokens },
  { header: "Completion tokens", value: (r) => r.completionTokens },
  { header: "Decision ms", value: (r) => r.decisionMs },
];

/** A spreadsheet's worth; a bigger list should be narrowed with the filters (or read page by page from the JSON API). */
export const DRILL_EXPORT_MAX_ROWS = 20_000;

export interface DrillExport {
  filename: string;
  csv: string;
  rows: number;
  total: number;
}

/** Every row behind the figure (up to DRILL_EXPORT_MAX_ROWS) in one query, in the list's order. */
export async function exportDrillDown(db: Db, d: StatsDialect, f: StatsFilters, q: DrillQuery, maxRows = DRILL_EXPORT_MAX_ROWS): Promise<DrillExport> {
  const page = await getDrillDown(db, d, f, { ...q, page: 1, pageSize: maxRows });
  const slug = `${page.metric}${page.key ? `-${page.key}` : ""}`.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 80);
  return { filename: `${slug}.csv`, csv: toCsv(DRILL_CSV_COLUMNS, page.rows), rows: page.rows.length, total: page.total };
}
