import type { Metadata } from "next";
import { TokensManager } from "@/components/settings/TokensManager";
import { PageHeader } from "@/components/ui/PageHeader";
import { requirePermission } from "@/lib/auth/require";
import { getDb } from "@/lib/db/client";
import { listTokens } from "@/lib/settings/tokens";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  const user = await requirePermission("tokens:own", "/settings/tokens");
  const tokens = await listTokens(getDb(), user.id);
  return (
    <>
      <PageHeader
        title="API tokens"
        description={
          <>
            Personal tokens for the CLI and CI. Send as <code>Authorization: Bearer gat_…</code>; a token acts with your role.
          </>
        }
      />
      <TokensManager initial={tokens} />
    </>
  );
}
