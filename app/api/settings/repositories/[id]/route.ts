import { noContent, withRoute } from "@/lib/api/route";
import { deleteRepository, repositoryUpdateSchema, updateRepository } from "@/lib/settings/repositories";

export const PATCH = withRoute({ permission: "settings:write", body: repositoryUpdateSchema }, async ({ db, user, body, params }) => ({
  repository: await updateRepository(db, user, params.id, body),
}));

export const DELETE = withRoute({ permission: "settings:write" }, async ({ db, user, params }) => {
  await deleteRepository(db, user, params.id);
  return noContent();
});
