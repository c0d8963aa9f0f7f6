import { created, withRoute } from "@/lib/api/route";
import { createRepository, listRepositories, repositoryCreateSchema } from "@/lib/settings/repositories";

export const GET = withRoute({ permission: "settings:read" }, async ({ db }) => ({
  repositories: await listRepositories(db),
}));

export const POST = withRoute({ permission: "settings:write", body: repositoryCreateSchema }, async ({ db, user, body }) =>
  created({ repository: await createRepository(db, user, body) }),
);
