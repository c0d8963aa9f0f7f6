import type { Metadata } from "next";
import { Suspense } from "react";
import { PageHeader } from "@/components/ui/PageHeader";
import { DrillDownList } from "@/components/stats/DrillDownList";
import { requirePermission } from "@/lib/auth/require";

export const metadata: Metadata = { title: "Stats · changes" };

export default async function StatsChangesPage() {
  await requirePermission("stats:read", "/stats/changes");
  return (
    <>
      <PageHeader title="Behind the number" description="The changes or jobs a statistic counts." />
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <DrillDownList />
      </Suspense>
    </>
  );
}
