"use client";
/** Invented packages: share of changes with a not-found package / version, per model, ecosystem and day. */
import type { FilterValues } from "@/lib/stats/filters";
import { formatCount } from "@/lib/stats/format";
import { drillHref } from "@/lib/stats/links";
import type { HallucinationCounts, Hallucinations } from "@/lib/stats/types";
import { CompareChart, TrendChart } from "./charts";
import { shareColumn, StatsTable, type StatsColumn } from "./StatsTable";
import styles from "./stats.module.css";

type ModelRow = Hallucinations["byModel"][number];
type EcosystemRow = Hallucinations["byEcosystem"][number];

/** Count columns shared by the per-model and per-ecosystem tables; `narrow` turns a row into filters. */
function countColumns<R extends HallucinationCounts>(filters: FilterValues, narrow: (r: R) => FilterValues): StatsColumn<R>[] {
  return [
    { header: "Changes", numeric: true, value: (r) => r.changes, display: (r) => formatCount(r.changes), href: (r) => drillHref(filters, "changes", "", narrow(r)) },
    { header: "Not found", numeric: true, value: (r) => r.notFound, href: (r) => drillHref(filters, "not-found", "", narrow(r)) },
    shareColumn<R>("Not found %", (r) => r.notFound, (r) => r.changes),
    { header: "Version not found", numeric: true, value: (r) => r.versionNotFound, href: (r) => drillHref(filters, "version-not-found", "", narrow(r)) },
    shareColumn<R>("Version not found %", (r) => r.versionNotFound, (r) => r.changes),
  ];
}

export function HallucinationsSection({ data, filters }: { data: Hallucinations; filters: FilterValues }) {
  const models = [...new Set(data.overTimeByModel.map((r) => r.model))];
  // One row per day with a column per model (reshaping only; the rates come from SQL).
  const perModelTrend = data.overTime.map((day) => {
    const row: Record<string, string | number | null> = { day: day.day };
    for (const r of data.overTimeByModel) {
      if (r.day !== day.day) continue;
      row[r.model] = r.notFoundRate;
      row[`${r.model}:n`] = r.changes; // the tooltip's sample size
    }
    return row;
  });
  return (
    <section className="card" aria-labelledby="stats-hallucinations">
      <h2 id="stats-hallucinations">Hallucinated packages</h2>
      <p className={styles.note}>
        Share of changes that import a package which does not exist (not found) or pin a version that was never published.
        Per ecosystem, only changes in repositories that use the ecosystem count, and only that ecosystem&apos;s packages.
      </p>
      <div className={styles.pair}>
        <TrendChart
          title="Changes with a not-found package, per day"
          xKey="day"
          percent
          data={data.overTime.map((r) => ({ day: r.day, n: r.changes, notFound: r.notFoundRate, versionNotFound: r.versionNotFoundRate }))}
          series={[
            { key: "notFound", label: "Not found" },
            { key: "versionNotFound", label: "Version not found" },
          ]}
        />
        <TrendChart title="Not-found share per model, per day" xKey="day" percent data={perModelTrend} series={models.map((m) => ({ key: m, label: m }))} />
      </div>
      <div className={styles.pair}>
        <StatsTable
          title="Per model"
          exportName="hallucinations-by-model"
          testId="stats-hallucinations-by-model"
          rows={data.byModel}
          rowKey={(r) => r.model}
          columns={[{ header: "Model", value: (r) => r.model }, ...countColumns<ModelRow>(filters, (r) => ({ model: r.model }))]}
        />
        <CompareChart
          title="Per ecosystem"
          xKey="ecosystem"
          percent
          data={data.byEcosystem.map((r) => ({
            ecosystem: r.ecosystem === "pypi" ? "PyPI" : r.ecosystem,
            n: r.changes,
            notFound: r.notFoundRate,
            versionNotFound: r.versionNotFoundRate,
          }))}
          series={[
            { key: "notFound", label: "Not found" },
            { key: "versionNotFound", label: "Version not found" },
          ]}
        />
      </div>
      <StatsTable
        title="Per ecosystem"
        exportName="hallucinations-by-ecosystem"
        rows={data.byEcosystem}
        rowKey={(r) => r.ecosystem}
        columns={[{ header: "Ecosystem", value: (r) => r.ecosystem }, ...countColumns<EcosystemRow>(filters, (r) => ({ ecosystem: r.ecosystem }))]}
      />
      <details className={styles.details}>
        <summary>Per-day table ({data.overTime.length} days)</summary>
        <StatsTable
          title="Per day"
          exportName="hallucinations-by-day"
          rows={data.overTime}
          rowKey={(r) => r.day}
          columns={[
            { header: "Day", value: (r) => r.day },
            { header: "Changes", numeric: true, value: (r) => r.changes, href: (r) => drillHref(filters, "changes", r.day) },
            { header: "Not found", numeric: true, value: (r) => r.notFound, href: (r) => drillHref(filters, "not-found", r.day) },
            shareColumn<Hallucinations["overTime"][number]>("Not found %", (r) => r.notFound, (r) => r.changes),
            { header: "Version not found", numeric: true, value: (r) => r.versionNotFound, href: (r) => drillHref(filters, "version-not-found", r.day) },
          ]}
        />
      </details>
      <StatsTable
        title="Most frequent invented packages"
        exportName="invented-packages"
        testId="stats-invented-packages"
        rows={data.topPackages}
        rowKey={(r) => `${r.ecosystem}|${r.package}`}
        empty="No invented packages for these filters."
        columns={[
          { header: "Package", value: (r) => r.package, display: (r) => <code>{r.package}</code>, href: (r) => drillHref(filters, "package", `${r.ecosystem ?? ""}|${r.package}`) },
          { header: "Ecosystem", value: (r) => r.ecosystem },
          { header: "Changes", numeric: true, value: (r) => r.changes, href: (r) => drillHref(filters, "package", `${r.ecosystem ?? ""}|${r.package}`) },
          { header: "Findings", numeric: true, value: (r) => r.findings },
          { header: "Models", numeric: true, value: (r) => r.models },
        ]}
      />
    </section>
  );
}
