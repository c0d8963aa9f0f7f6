import { created, withRoute } from "@/lib/api/route";
import { createUser, listUsers, userCreateSchema } from "@/lib/settings/users";

export const GET = withRoute({ permission: "users:manage" }, async ({ db }) => ({ users: await listUsers(db) }));

export const POST = withRoute({ permission: "users:manage", body: userCreateSchema }, async ({ db, user, body }) =>
  created({ user: await createUser(db, user, body) }),
);
