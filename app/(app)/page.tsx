import type { Metadata } from "next";
import Link from "next/link";
import { QueueView, type QueueFilters } from "@/components/queue/QueueView";
import "@/components/queue/queue.css";
import { PageHeader } from "@/components/ui/PageHeader";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/require";
import { getDbHandle } from "@/lib/db/client";
import { listQueue, queueFilterOptions, QueueQuerySchema } from "@/lib/jobs/queue-query";

export const metadata: Metadata = { title: "Queue" };

const FILTER_KEYS = ["status", "repositoryId", "tier", "gate", "submitterId", "q"] as const;

export default async function QueuePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("job:read", "/");
  const sp = await searchParams;
  const raw: Record<string, string> = {};
  for (const k of FILTER_KEYS) {
    const v = sp[k];
    const s = Array.isArray(v) ? v[0] : v;
    if (s) raw[k] = s;
  }
  // Unknown or malformed filters in a shared link fall back to the unfiltered queue.
  const parsed = QueueQuerySchema.safeParse(raw);
  const query = parsed.success ? parsed.data : QueueQuerySchema.parse({});
  const filters: QueueFilters = {
    status: query.status ?? "",
    repositoryId: query.repositoryId ?? "",
    tier: query.tier ?? "",
    gate: query.gate ?? "",
    submitterId: query.submitterId ?? "",
    q: query.q ?? "",
  };
  const handle = getDbHandle();
  const [page, options] = await Promise.all([listQueue(handle, query), queueFilterOptions(handle)]);

  return (
    <>
      <PageHeader
        title="Queue"
        description="Changes a reviewer can approve first, then those the merge policy blocks, then work in progress and finished jobs."
        actions={
          can(user.role, "job:submit") ? (
            <Link href="/jobs/new" className="button">
              New job
            </Link>
          ) : null
        }
      />
      <QueueView initialPage={page} initialFilters={filters} repositories={options.repositories} submitters={options.submitters} />
    </>
  );
}
