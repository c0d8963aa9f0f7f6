"use client";
/** Gate outcomes per model, error-contract breaks, complexity distribution and complexity reroutes. */
import type { FilterValues } from "@/lib/stats/filters";
import { drillHref } from "@/lib/stats/links";
import { COMPLEXITY_BUCKETS, type Gates } from "@/lib/stats/types";
import { CompareChart, STATUS_COLORS } from "./charts";
import { shareColumn, StatsTable } from "./StatsTable";
import styles from "./stats.module.css";

const STATUSES = ["pass", "warn", "fail", "error", "skipped"] as const;
type StatusRow = Gates["statusByModel"][number];
const decided = (r: StatusRow) => r.total - r.skipped;

export function GatesSection({ data, filters }: { data: Gates; filters: FilterValues }) {
  const models = [...new Set(data.complexityDistribution.map((r) => r.model))];
  const distribution = models.map((model) => {
    const row: Record<string, string | number> = { model };
    for (const r of data.complexityDistribution) if (r.model === model) row[r.bucket] = r.changes;
    return row;
  });
  return (
    <section className="card" aria-labelledby="stats-gates">
      <h2 id="stats-gates">Gates</h2>
      <div className={styles.pair}>
        <CompareChart
          title="Gate outcomes per model (share of results that decided)"
          xKey="label"
          stacked
          percent
          horizontal
          data={data.statusByModel.map((r) => ({
            label: `${r.model} · ${r.gate}`,
            n: decided(r),
            pass: r.passRate,
            warn: r.warnRate,
            fail: r.failRate,
            error: r.errorRate,
          }))}
          series={STATUSES.filter((s) => s !== "skipped").map((s) => ({ key: s, label: s, color: STATUS_COLORS[s] }))}
        />
        <CompareChart
          title="Error-contract breaks per model"
          xKey="model"
          percent
          data={data.errorContract.map((r) => ({ model: r.model, n: r.checked, breaks: r.breakRate }))}
          series={[{ key: "breaks", label: "Changes that broke an error contract", color: STATUS_COLORS.fail }]}
        />
      </div>
      <StatsTable
        title="Gate results per model"
        exportName="gate-results-by-model"
        testId="stats-gate-status"
        rows={data.statusByModel}
        rowKey={(r) => `${r.model}|${r.gate}`}
        columns={[
          { header: "Model", value: (r) => r.model },
          { header: "Gate", value: (r) => r.gate },
          ...STATUSES.map((s) => ({
            header: s,
            numeric: true,
            value: (r: Gates["statusByModel"][number]) => r[s],
            href: (r: Gates["statusByModel"][number]) => drillHref(filters, "gate-status", `${r.gate}|${s}`, { model: r.model }),
          })),
          // Rates over the results that decided something (skipped results are not in the sample).
          shareColumn<StatusRow>("Pass %", (r) => r.pass, decided),
          shareColumn<StatusRow>("Fail %", (r) => r.fail, decided),
          shareColumn<StatusRow>("Error %", (r) => r.error, decided),
        ]}
      />
      <StatsTable
        title="Error-contract breaks per model"
        exportName="error-contract-breaks"
        rows={data.errorContract}
        rowKey={(r) => r.model}
        columns={[
          { header: "Model", value: (r) => r.model },
          { header: "Checked", numeric: true, value: (r) => r.checked, href: (r) => drillHref(filters, "gate-status", "error-contract|checked", { model: r.model }) },
          { header: "Breaks", numeric: true, value: (r) => r.breaks, href: (r) => drillHref(filters, "gate-status", "error-contract|fail", { model: r.model }) },
          shareColumn<Gates["errorContract"][number]>("Break %", (r) => r.breaks, (r) => r.checked),
          { header: "Gate errors", numeric: true, value: (r) => r.errors, href: (r) => drillHref(filters, "gate-status", "error-contract|error", { model: r.model }) },
        ]}
      />
      <p className={styles.note}>
        Complexity score: the highest cyclomatic or cognitive complexity among the functions a change added or made more complex
        (the complexity gate&apos;s score). Before→after compares a change rerouted for complexity with the revision that replaced it.
      </p>
      <div className={styles.pair}>
        <CompareChart
          title="Complexity score distribution per model"
          xKey="model"
          stacked
          data={distribution}
          series={COMPLEXITY_BUCKETS.map((b) => ({ key: b.id, label: b.id }))}
        />
        <StatsTable
          title="Complexity distribution"
          exportName="complexity-distribution"
          rows={data.complexityDistribution}
          rowKey={(r) => `${r.model}|${r.bucket}`}
          columns={[
            { header: "Model", value: (r) => r.model },
            { header: "Score", value: (r) => r.bucket },
            { header: "Changes", numeric: true, value: (r) => r.changes, href: (r) => drillHref(filters, "complexity-bucket", r.bucket, { model: r.model }) },
          ]}
        />
      </div>
      <div className={styles.pair}>
        <StatsTable
          title="Complexity before → after reroute"
          exportName="complexity-before-after"
          rows={data.complexityTransitions}
          rowKey={(r) => `${r.fromBucket}|${r.toBucket}`}
          empty="No reroutes caused by complexity."
          columns={[
            { header: "Before", value: (r) => r.fromBucket },
            { header: "After", value: (r) => r.toBucket },
            { header: "Reroutes", numeric: true, value: (r) => r.reroutes, href: (r) => drillHref(filters, "complexity-reroute", `${r.fromBucket}|${r.toBucket}|`) },
          ]}
        />
        <StatsTable
          title="Reroutes caused by complexity"
          exportName="complexity-reroutes"
          rows={data.complexityReroutes}
          rowKey={(r) => `${r.fromModel}|${r.toModel}`}
          empty="No reroutes caused by complexity."
          columns={[
            { header: "From", value: (r) => r.fromModel },
            { header: "To", value: (r) => r.toModel },
            { header: "Reroutes", numeric: true, value: (r) => r.reroutes, href: (r) => drillHref(filters, "complexity-reroute", `||${r.toModel}`, { model: r.fromModel }) },
            { header: "Avg before", numeric: true, value: (r) => r.avgScoreBefore, display: (r) => r.avgScoreBefore?.toFixed(1) ?? "–" },
            { header: "Avg after", numeric: true, value: (r) => r.avgScoreAfter, display: (r) => r.avgScoreAfter?.toFixed(1) ?? "–" },
            { header: "Still failing", numeric: true, value: (r) => r.stillFailing },
          ]}
        />
      </div>
    </section>
  );
}
