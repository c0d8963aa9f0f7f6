import { withRoute } from "@/lib/api/route";
import { checkProvider } from "@/lib/settings/provider-check";

/** Test connection: one tiny completion through the provider (costs a few tokens, hence settings:write). */
export const POST = withRoute({ permission: "settings:write" }, async ({ db, user, params }) => ({
  check: await checkProvider(db, user, params.id),
}));
