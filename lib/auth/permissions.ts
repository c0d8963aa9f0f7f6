/**
 * Roles and what each may do. The single source of truth for authorization: route handlers,
 * server components and the navigation all ask `can(role, permission)`.
 */
import { z } from "zod";

export const ROLES = ["submitter", "reviewer", "lead", "admin"] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);

export const PERMISSIONS = [
  "job:read",
  "job:submit",
  "job:review",
  "job:override",
  "stats:read",
  "settings:read",
  "settings:write",
  "users:manage",
  "tokens:own",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const SUBMITTER: readonly Permission[] = ["job:read", "job:submit", "tokens:own"];
const REVIEWER: readonly Permission[] = [...SUBMITTER, "job:review"];
const LEAD: readonly Permission[] = [...REVIEWER, "job:override", "stats:read", "settings:read", "settings:write"];
const ADMIN: readonly Permission[] = [...LEAD, "users:manage"];

const TABLE: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  submitter: new Set(SUBMITTER),
  reviewer: new Set(REVIEWER),
  lead: new Set(LEAD),
  admin: new Set(ADMIN),
};

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** Fails closed: an unknown or missing role can do nothing. */
export function can(role: string | null | undefined, permission: Permission): boolean {
  if (!isRole(role)) return false;
  return TABLE[role].has(permission);
}

export function permissionsOf(role: string | null | undefined): Permission[] {
  if (!isRole(role)) return [];
  return PERMISSIONS.filter((p) => TABLE[role].has(p));
}
