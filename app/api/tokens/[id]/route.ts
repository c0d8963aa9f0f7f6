import { withRoute } from "@/lib/api/route";
import { revokeToken } from "@/lib/settings/tokens";

export const DELETE = withRoute({ permission: "tokens:own" }, async ({ db, user, params }) => ({
  apiToken: await revokeToken(db, user, params.id),
}));
