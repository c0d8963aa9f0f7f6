import { created, withRoute } from "@/lib/api/route";
import { createToken, listTokens, tokenCreateSchema } from "@/lib/settings/tokens";

export const GET = withRoute({ permission: "tokens:own" }, async ({ db, user }) => ({ tokens: await listTokens(db, user.id) }));

/** The plain token is in this response only; the database keeps its SHA-256 hash. */
export const POST = withRoute({ permission: "tokens:own", body: tokenCreateSchema }, async ({ db, user, body }) =>
  created(await createToken(db, user, body)),
);
