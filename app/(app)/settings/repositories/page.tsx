import type { Metadata } from "next";
import { RepositoriesManager } from "@/components/settings/RepositoriesManager";
import { PageHeader } from "@/components/ui/PageHeader";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/require";
import { getDb } from "@/lib/db/client";
import { listRepositories } from "@/lib/settings/repositories";

export const metadata: Metadata = { title: "Repositories" };

export default async function RepositoriesPage() {
  const user = await requirePermission("settings:read", "/settings/repositories");
  const repositories = await listRepositories(getDb());
  return (
    <>
      <PageHeader title="Repositories" description="Local git repositories that jobs change. The path must exist on the server." />
      <RepositoriesManager initial={repositories} canWrite={can(user.role, "settings:write")} />
    </>
  );
}
