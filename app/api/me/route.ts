import { withRoute } from "@/lib/api/route";
import { permissionsOf } from "@/lib/auth/permissions";

export const GET = withRoute({ permission: "authenticated" }, async ({ user }) => ({
  user: { id: user.id, email: user.email, name: user.name, role: user.role },
  via: user.via,
  permissions: permissionsOf(user.role),
}));
