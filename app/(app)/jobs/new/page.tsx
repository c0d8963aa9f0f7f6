import type { Metadata } from "next";
import Link from "next/link";
import { NewJobForm } from "@/components/jobs/NewJobForm";
import "@/components/jobs/jobs.css";
import { EmptyState } from "@/components/ui/EmptyState";
import { PageHeader } from "@/components/ui/PageHeader";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/require";
import { getDb } from "@/lib/db/client";

export const metadata: Metadata = { title: "New job" };

export default async function NewJobPage() {
  const user = await requirePermission("job:submit", "/jobs/new");
  const repositories = await getDb().repository.findMany({ select: { id: true, name: true, defaultBranch: true }, orderBy: { name: "asc" } });
  return (
    <>
      <PageHeader title="New job" description="Describe a code change for the AI to make; it then passes the gates and review." />
      {repositories.length === 0 ? (
        <EmptyState title="No repository is configured yet">
          <p>
            There is nothing to submit against.{" "}
            {can(user.role, "settings:write") ? <Link href="/settings/repositories">Add a repository</Link> : "Ask a lead to add one."}
          </p>
        </EmptyState>
      ) : (
        <NewJobForm repositories={repositories} />
      )}
    </>
  );
}
