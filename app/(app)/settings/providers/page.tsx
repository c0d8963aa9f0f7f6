import type { Metadata } from "next";
import { ProvidersManager } from "@/components/settings/ProvidersManager";
import { PageHeader } from "@/components/ui/PageHeader";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/require";
import { getDb } from "@/lib/db/client";
import { listProviders } from "@/lib/settings/providers";

export const metadata: Metadata = { title: "Model providers" };

export default async function ProvidersPage() {
  const user = await requirePermission("settings:read", "/settings/providers");
  const providers = await listProviders(getDb());
  return (
    <>
      <PageHeader
        title="Model providers"
        description="Models per tier. Keys stay in the server's environment: enter the variable's name, never the key."
      />
      <ProvidersManager initial={providers} canWrite={can(user.role, "settings:write")} />
    </>
  );
}
