import { withRoute } from "@/lib/api/route";
import { getPolicy, policyUpdateSchema, updatePolicy } from "@/lib/settings/policy";

export const GET = withRoute({ permission: "settings:read" }, async ({ db }) => ({ policy: await getPolicy(db) }));

export const PUT = withRoute({ permission: "settings:write", body: policyUpdateSchema }, async ({ db, user, body }) => ({
  policy: await updatePolicy(db, user, body),
}));
