import { noContent, withRoute } from "@/lib/api/route";
import { deleteProvider, providerUpdateSchema, updateProvider } from "@/lib/settings/providers";

export const PATCH = withRoute({ permission: "settings:write", body: providerUpdateSchema }, async ({ db, user, body, params }) => ({
  provider: await updateProvider(db, user, params.id, body),
}));

export const DELETE = withRoute({ permission: "settings:write" }, async ({ db, user, params }) => {
  await deleteProvider(db, user, params.id);
  return noContent();
});
