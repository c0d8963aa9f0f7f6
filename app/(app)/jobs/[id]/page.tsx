import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ChangeWorkspace } from "@/components/review/ChangeWorkspace";
import "@/components/review/review.css";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/require";
import { getDb } from "@/lib/db/client";
import { loadJobPage } from "@/lib/jobs/job-detail";

export const metadata: Metadata = { title: "Change" };

export default async function ChangePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePermission("job:read", `/jobs/${encodeURIComponent(id)}`);
  const data = await loadJobPage(getDb(), id);
  if (!data) notFound();
  const viewer = {
    id: user.id,
    name: user.name,
    role: user.role,
    canReview: can(user.role, "job:review"),
    canOverride: can(user.role, "job:override"),
  };
  return <ChangeWorkspace data={data} viewer={viewer} />;
}
