"use client";
/** Jobs per tier, reroutes and where they went, review outcomes, first-revision acceptance. */
import type { FilterValues } from "@/lib/stats/filters";
import { drillHref } from "@/lib/stats/links";
import { NO_TIER_KEY } from "@/lib/stats/keys";
import type { Routing } from "@/lib/stats/types";
import { CompareChart, STATUS_COLORS } from "./charts";
import { shareColumn, StatsTable } from "./StatsTable";
import styles from "./stats.module.css";

type Outcome = Routing["reviewOutcomes"][number];

export function RoutingSection({ data, filters }: { data: Routing; filters: FilterValues }) {
  const tierKey = (tier: string | null) => tier ?? NO_TIER_KEY;
  return (
    <section className="card" aria-labelledby="stats-routing">
      <h2 id="stats-routing">Routing and outcome</h2>
      <div className={styles.pair}>
        <CompareChart
          title="First-revision acceptance per tier"
          xKey="tier"
          percent
          data={data.firstRevisionAcceptance.map((r) => ({ tier: r.tier, n: r.decided, accepted: r.acceptanceRate }))}
          series={[{ key: "accepted", label: "First revision approved", color: STATUS_COLORS.pass }]}
        />
        <StatsTable
          title="First-revision acceptance"
          exportName="first-revision-acceptance"
          testId="stats-first-revision"
          rows={data.firstRevisionAcceptance}
          rowKey={(r) => r.tier}
          columns={[
            { header: "Tier", value: (r) => r.tier },
            { header: "First revisions", numeric: true, value: (r) => r.firstRevisions, href: (r) => drillHref(filters, "first-revision", "all", { tier: r.tier }) },
            { header: "With outcome", numeric: true, value: (r) => r.decided, href: (r) => drillHref(filters, "first-revision", "decided", { tier: r.tier }) },
            { header: "Approved", numeric: true, value: (r) => r.accepted, href: (r) => drillHref(filters, "first-revision", "accepted", { tier: r.tier }) },
            shareColumn<Routing["firstRevisionAcceptance"][number]>("Acceptance %", (r) => r.accepted, (r) => r.decided),
          ]}
        />
      </div>
      <p className={styles.note}>
        Acceptance: of the first revisions that have an outcome (a review decision, or a next revision after an automatic or manual
        reroute or a merge conflict), the share a reviewer approved.
      </p>
      <div className={styles.pair}>
        <CompareChart
          title="Review decisions per model"
          xKey="model"
          stacked
          data={data.reviewOutcomes.map((r) => ({ model: r.model, approve: r.approve, reroute: r.reroute, reject: r.reject }))}
          series={[
            { key: "approve", label: "approve", color: STATUS_COLORS.pass },
            { key: "reroute", label: "reroute", color: STATUS_COLORS.warn },
            { key: "reject", label: "reject", color: STATUS_COLORS.fail },
          ]}
        />
        <StatsTable
          title="Review decisions per model"
          exportName="review-outcomes"
          rows={data.reviewOutcomes}
          rowKey={(r) => r.model}
          columns={[
            { header: "Model", value: (r) => r.model },
            { header: "Reviews", numeric: true, value: (r) => r.reviews, href: (r) => drillHref(filters, "review", "", { model: r.model }) },
            { header: "Approve", numeric: true, value: (r) => r.approve, href: (r) => drillHref(filters, "review", "approve", { model: r.model }) },
            shareColumn<Outcome>("Approve %", (r) => r.approve, (r) => r.reviews),
            { header: "Reroute", numeric: true, value: (r) => r.reroute, href: (r) => drillHref(filters, "review", "reroute", { model: r.model }) },
            shareColumn<Outcome>("Reroute %", (r) => r.reroute, (r) => r.reviews),
            { header: "Reject", numeric: true, value: (r) => r.reject, href: (r) => drillHref(filters, "review", "reject", { model: r.model }) },
            shareColumn<Outcome>("Reject %", (r) => r.reject, (r) => r.reviews),
          ]}
        />
      </div>
      <div className={styles.pair}>
        <CompareChart
          title="Jobs per routed tier"
          xKey="tier"
          data={data.jobsPerTier.map((r) => ({ tier: r.tier ?? "not routed", jobs: r.jobs, rerouted: r.rerouted }))}
          series={[
            { key: "jobs", label: "Jobs" },
            { key: "rerouted", label: "Rerouted at least once" },
          ]}
        />
        <div>
          <StatsTable
            title="Jobs per tier"
            exportName="jobs-per-tier"
            rows={data.jobsPerTier}
            rowKey={(r) => tierKey(r.tier)}
            columns={[
              { header: "Routed tier", value: (r) => r.tier, display: (r) => r.tier ?? <span className="muted">not routed</span> },
              { header: "Jobs", numeric: true, value: (r) => r.jobs, href: (r) => drillHref(filters, "jobs", tierKey(r.tier)) },
              { header: "Rerouted", numeric: true, value: (r) => r.rerouted, href: (r) => drillHref(filters, "jobs", `${tierKey(r.tier)}|rerouted`) },
            ]}
          />
          <StatsTable
            title="Reroutes by kind"
            exportName="reroutes-by-kind"
            rows={data.rerouteTotals}
            rowKey={(r) => r.kind}
            empty="No reroutes."
            columns={[
              { header: "Kind", value: (r) => r.kind },
              { header: "Reroutes", numeric: true, value: (r) => r.reroutes, href: (r) => drillHref(filters, "reroute", `${r.kind === "other" ? "" : r.kind}||`) },
            ]}
          />
        </div>
      </div>
      <StatsTable
        title="Where reroutes went"
        exportName="reroute-flows"
        testId="stats-reroutes"
        rows={data.reroutes}
        rowKey={(r) => `${r.cause}|${r.fromTier}|${r.fromModel}|${r.toTier}|${r.toModel}`}
        empty="No reroutes."
        columns={[
          { header: "Cause", value: (r) => r.cause },
          { header: "Kind", value: (r) => r.kind },
          { header: "From", value: (r) => `${r.fromTier} / ${r.fromModel}` },
          { header: "To", value: (r) => `${r.toTier} / ${r.toModel}` },
          {
            header: "Reroutes",
            numeric: true,
            value: (r) => r.reroutes,
            href: (r) => drillHref(filters, "reroute", `${r.cause}|${r.toTier}|${r.toModel}`, { tier: r.fromTier, model: r.fromModel }),
          },
        ]}
      />
    </section>
  );
}
