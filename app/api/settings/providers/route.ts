import { created, withRoute } from "@/lib/api/route";
import { createProvider, listProviders, providerCreateSchema } from "@/lib/settings/providers";

export const GET = withRoute({ permission: "settings:read" }, async ({ db }) => ({
  providers: await listProviders(db),
}));

export const POST = withRoute({ permission: "settings:write", body: providerCreateSchema }, async ({ db, user, body }) =>
  created({ provider: await createProvider(db, user, body) }),
);
