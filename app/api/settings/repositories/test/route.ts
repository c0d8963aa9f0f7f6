import { withRoute } from "@/lib/api/route";
import { testRepositoryConnection, repositoryTestSchema } from "@/lib/settings/repositories";

/** "Test connection": the form's URL (or path) and credential variable names, checked without saving. */
export const POST = withRoute({ permission: "settings:write", body: repositoryTestSchema }, async ({ body }) => testRepositoryConnection(body));
