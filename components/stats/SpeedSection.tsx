"use client";
/** Generation latency, tokens and estimated cost, time from ready-for-review to decision. */
import type { FilterValues } from "@/lib/stats/filters";
import { formatCost, formatCount, formatDuration } from "@/lib/stats/format";
import { drillHref } from "@/lib/stats/links";
import type { DecisionTime, Speed } from "@/lib/stats/types";
import { CompareChart } from "./charts";
import { StatsTable } from "./StatsTable";
import styles from "./stats.module.css";

export function SpeedSection({ data, filters }: { data: Speed; filters: FilterValues }) {
  const decisionRows: (DecisionTime & { label: string; overall: boolean })[] = [
    ...data.decisionTimeByTier.map((r) => ({ ...r, label: r.tier ?? "not routed", overall: false })),
    { ...data.decisionTime, label: "all tiers", overall: true },
  ];
  return (
    <section className="card" aria-labelledby="stats-speed">
      <h2 id="stats-speed">Speed and cost</h2>
      <div className={styles.pair}>
        <CompareChart
          title="Generation latency per tier"
          xKey="tier"
          duration
          data={data.latencyByTier.map((r) => ({ tier: r.tier, p50: r.p50Ms, p95: r.p95Ms }))}
          series={[
            { key: "p50", label: "median" },
            { key: "p95", label: "p95" },
          ]}
        />
        <StatsTable
          title="Generation latency per tier and model"
          exportName="latency"
          testId="stats-latency"
          rows={[...data.latencyByTier, ...data.latencyByModel]}
          rowKey={(r) => `${r.tier}|${r.model ?? "*"}`}
          columns={[
            { header: "Tier", value: (r) => r.tier },
            { header: "Model", value: (r) => r.model, display: (r) => r.model ?? <em>all models</em> },
            { header: "Changes", numeric: true, value: (r) => r.changes, href: (r) => drillHref(filters, "latency", "", { tier: r.tier, ...(r.model ? { model: r.model } : {}) }) },
            { header: "Median", numeric: true, value: (r) => r.p50Ms, display: (r) => formatDuration(r.p50Ms) },
            { header: "p95", numeric: true, value: (r) => r.p95Ms, display: (r) => formatDuration(r.p95Ms) },
          ]}
        />
      </div>
      <div className={styles.pair}>
        <CompareChart
          title="Estimated cost per model"
          xKey="model"
          data={data.cost.map((r) => ({ model: r.model, cost: Number(r.cost.toFixed(4)) }))}
          series={[{ key: "cost", label: "Cost" }]}
        />
        <StatsTable
          title="Tokens and estimated cost"
          exportName="tokens-cost"
          testId="stats-cost"
          rows={data.cost}
          rowKey={(r) => `${r.tier}|${r.model}`}
          columns={[
            { header: "Tier", value: (r) => r.tier },
            { header: "Model", value: (r) => r.model },
            { header: "Changes", numeric: true, value: (r) => r.changes, href: (r) => drillHref(filters, "tokens", "", { tier: r.tier, model: r.model }) },
            { header: "Prompt tokens", numeric: true, value: (r) => r.promptTokens, display: (r) => formatCount(r.promptTokens) },
            { header: "Completion tokens", numeric: true, value: (r) => r.completionTokens, display: (r) => formatCount(r.completionTokens) },
            { header: "Cost", numeric: true, value: (r) => r.cost, display: (r) => formatCost(r.cost) },
            { header: "Unpriced", numeric: true, value: (r) => r.unpricedChanges, href: (r) => drillHref(filters, "tokens", "unpriced", { tier: r.tier, model: r.model }) },
          ]}
        />
      </div>
      <p className={styles.note}>
        Cost = prompt tokens / 1000 × the provider&apos;s input price + completion tokens / 1000 × its output price, using the provider
        recorded on each change. &ldquo;Unpriced&rdquo; changes name no configured provider.
      </p>
      <StatsTable
        title="Time from ready for review to decision"
        exportName="decision-time"
        rows={decisionRows}
        rowKey={(r) => r.label}
        columns={[
          { header: "Routed tier", value: (r) => r.label, display: (r) => (r.overall ? <strong>{r.label}</strong> : r.label) },
          {
            header: "Decided jobs",
            numeric: true,
            value: (r) => r.jobs,
            href: (r) => (r.overall || r.tier ? drillHref(filters, "decision-time", "", r.tier ? { tier: r.tier } : {}) : null),
          },
          { header: "Median", numeric: true, value: (r) => r.p50Ms, display: (r) => formatDuration(r.p50Ms) },
          { header: "p95", numeric: true, value: (r) => r.p95Ms, display: (r) => formatDuration(r.p95Ms) },
        ]}
      />
    </section>
  );
}
