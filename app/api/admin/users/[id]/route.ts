import { withRoute } from "@/lib/api/route";
import { updateUser, userUpdateSchema } from "@/lib/settings/users";

export const PATCH = withRoute({ permission: "users:manage", body: userUpdateSchema }, async ({ db, user, body, params }) => ({
  user: await updateUser(db, user, params.id, body),
}));
