import type { Metadata } from "next";
import { Suspense } from "react";
import { PageHeader } from "@/components/ui/PageHeader";
import { StatsDashboard } from "@/components/stats/StatsDashboard";
import { requirePermission } from "@/lib/auth/require";

export const metadata: Metadata = { title: "Stats" };

/** Leads and admins only (checked here on the server; the API checks again). */
export default async function StatsPage() {
  await requirePermission("stats:read", "/stats");
  return (
    <>
      <PageHeader
        title="Statistics"
        description="Hallucinated packages, gate outcomes, routing and cost per model, tier and ecosystem."
      />
      {/* The dashboard reads the filters from the URL (useSearchParams needs a Suspense boundary). */}
      <Suspense fallback={<p className="muted">Loading statistics…</p>}>
        <StatsDashboard />
      </Suspense>
    </>
  );
}
