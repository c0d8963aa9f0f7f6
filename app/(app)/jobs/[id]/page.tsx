import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ChangeWorkspace } from "@/components/review/ChangeWorkspace";
import "@/components/review/review.css";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/require";
import { getDb } from "@/lib/db/client";
import { loadJobPage } from "@/lib/jobs/job-detail";
import { loadReviewTools } from "@/lib/jobs/review-tools-data";

export const metadata: Metadata = { title: "Change" };

export default async function ChangePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePermission("job:read", `/jobs/${encodeURIComponent(id)}`);
  const db = getDb();
  const data = await loadJobPage(db, id);
  if (!data) notFound();
  const tools = await loadReviewTools(db, data, user.id);
  const viewer = {
    id: user.id,
    name: user.name,
    role: user.role,
    canReview: can(user.role, "job:review"),
    canOverride: can(user.role, "job:override"),
  };
  return <ChangeWorkspace data={data} viewer={viewer} tools={tools} />;
}
