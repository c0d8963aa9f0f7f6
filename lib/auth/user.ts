/** The signed-in user as authorization sees it, always read fresh from the database. */
import type { Db } from "../db/client";
import { isRole, type Role } from "./permissions";

export interface AuthUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** Null when the user is missing, disabled or carries an unknown role (fail closed). */
export async function loadActiveUser(db: Db, id: string): Promise<AuthUser | null> {
  const user = await db.user.findUnique({
    where: { id },
    select: { id: true, email: true, name: true, role: true, disabled: true },
  });
  if (!user || user.disabled || !isRole(user.role)) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
