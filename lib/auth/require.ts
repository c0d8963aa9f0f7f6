/**
 * Guards for server components and server actions: signed out → /signin, role lacks the permission →
 * the 403 page (Next's forbidden(), rendered by app/forbidden.tsx).
 */
import { forbidden, redirect } from "next/navigation";
import { can, type Permission } from "./permissions";
import { getCurrentUser } from "./session";
import type { AuthUser } from "./user";

export function signInPath(callbackUrl?: string): string {
  return callbackUrl ? `/signin?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/signin";
}

export async function requireUser(callbackUrl?: string): Promise<AuthUser> {
  const user = await getCurrentUser();
  if (!user) redirect(signInPath(callbackUrl));
  return user;
}

export async function requirePermission(permission: Permission, callbackUrl?: string): Promise<AuthUser> {
  const user = await requireUser(callbackUrl);
  if (!can(user.role, permission)) forbidden();
  return user;
}
