"use client";
/** Static analysis per tier and model: problems the changes introduced, invented members apart (a hallucination figure). */
import type { FilterValues } from "@/lib/stats/filters";
import { drillHref } from "@/lib/stats/links";
import type { StaticAnalysisCounts } from "@/lib/stats/types";
import { CompareChart, STATUS_COLORS } from "./charts";
import { shareColumn, StatsTable } from "./StatsTable";

type Row = StaticAnalysisCounts;

export function StaticAnalysisSection({ rows, filters }: { rows: Row[]; filters: FilterValues }) {
  return (
    <section className="card" aria-labelledby="stats-static">
      <h2 id="stats-static">Static analysis</h2>
      <CompareChart
        title="Problems introduced per change, and changes with an invented member"
        xKey="label"
        horizontal
        data={rows.map((r) => ({ label: `${r.tier} · ${r.model}`, problems: r.problemsPerChange, invented: r.inventedRate, "invented:n": r.checked }))}
        series={[
          { key: "problems", label: "Problems per change", color: STATUS_COLORS.warn },
          { key: "invented", label: "Share with an invented member", color: STATUS_COLORS.fail, percent: true },
        ]}
      />
      <StatsTable
        title="Problems introduced per tier and model"
        exportName="static-analysis-by-model"
        testId="stats-static-analysis"
        rows={rows}
        rowKey={(r) => `${r.tier}|${r.model}`}
        columns={[
          { header: "Tier", value: (r) => r.tier },
          { header: "Model", value: (r) => r.model },
          { header: "Checked", numeric: true, value: (r) => r.checked, href: (r) => drillHref(filters, "gate-status", "static-analysis|checked", { model: r.model, tier: r.tier }) },
          { header: "Failed", numeric: true, value: (r) => r.failed, href: (r) => drillHref(filters, "gate-status", "static-analysis|fail", { model: r.model, tier: r.tier }) },
          { header: "Problems", numeric: true, value: (r) => r.problems },
          { header: "Errors", numeric: true, value: (r) => r.errors },
          { header: "Invented members", numeric: true, value: (r) => r.inventedMembers, href: (r) => drillHref(filters, "invented-member", "", { model: r.model, tier: r.tier }) },
          { header: "Per change", numeric: true, value: (r) => r.problemsPerChange, display: (r) => (r.problemsPerChange === null ? "–" : r.problemsPerChange.toFixed(2)) },
          shareColumn<Row>("With invented %", (r) => r.inventedChanges, (r) => r.checked),
        ]}
      />
    </section>
  );
}
