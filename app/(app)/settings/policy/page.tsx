import type { Metadata } from "next";
import { PolicyForm } from "@/components/settings/PolicyForm";
import { PageHeader } from "@/components/ui/PageHeader";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/require";
import { getDb } from "@/lib/db/client";
import { getPolicy } from "@/lib/settings/policy";

export const metadata: Metadata = { title: "Merge policy" };

export default async function PolicyPage() {
  const user = await requirePermission("settings:read", "/settings/policy");
  const policy = await getPolicy(getDb());
  return (
    <>
      <PageHeader title="Merge policy" description="What a change must satisfy before it can be merged, and how often jobs are retried." />
      <PolicyForm initial={policy} canWrite={can(user.role, "settings:write")} />
    </>
  );
}
