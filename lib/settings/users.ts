/** User administration (admin only): list, create with a password, change role, disable. */
import { z } from "zod";
import type { Db } from "../db/client";
import { hashPassword } from "../auth/password";
import { ROLES, type Role } from "../auth/permissions";
import { recordAudit } from "../domain/audit";
import { ConflictError, InputError, NotFoundError, isUniqueViolation, type Actor } from "./errors";

const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("Not a valid email address").max(200, "Email is too long"));
const name = z.string().trim().min(1, "Name is required").max(100, "Name is too long");
const password = z.string().min(8, "At least 8 characters").max(200, "At most 200 characters");
const role = z.enum(ROLES, "Role must be submitter, reviewer, lead or admin");

export const userCreateSchema = z.strictObject({ email, name, role: role.default("submitter"), password });
export type UserCreateInput = z.infer<typeof userCreateSchema>;

export const userUpdateSchema = z
  .strictObject({ name: name.optional(), role: role.optional(), disabled: z.boolean().optional(), password: password.optional() })
  .refine((o) => Object.values(o).some((v) => v !== undefined), "Nothing to update");
export type UserUpdateInput = z.infer<typeof userUpdateSchema>;

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  hasPassword: boolean;
  createdAt: string;
}

type Row = Awaited<ReturnType<Db["user"]["findMany"]>>[number];

function toView(u: Row): UserView {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: (ROLES as readonly string[]).includes(u.role) ? (u.role as Role) : "submitter",
    disabled: u.disabled,
    hasPassword: u.passwordHash !== null,
    createdAt: u.createdAt.toISOString(),
  };
}

export async function listUsers(db: Db): Promise<UserView[]> {
  const rows = await db.user.findMany({ orderBy: [{ email: "asc" }] });
  return rows.map(toView);
}

export async function createUser(db: Db, actor: Actor, input: UserCreateInput): Promise<UserView> {
  const passwordHash = await hashPassword(input.password);
  try {
    const row = await db.$transaction(async (tx) => {
      const created = await tx.user.create({ data: { email: input.email, name: input.name, role: input.role, passwordHash } });
      await recordAudit(tx, {
        actorId: actor.id,
        actorLabel: actor.email,
        action: "settings.user.create",
        subjectType: "User",
        subjectId: created.id,
        details: { email: created.email, role: created.role },
      });
      return created;
    });
    return toView(row);
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw new InputError("Invalid user", [{ path: "email", message: "A user with this email already exists" }]);
    }
    throw e;
  }
}

export async function updateUser(db: Db, actor: Actor, id: string, input: UserUpdateInput): Promise<UserView> {
  // Hash outside the transaction: bcrypt is slow and would hold the write lock on SQLite.
  const passwordHash = input.password !== undefined ? await hashPassword(input.password) : undefined;
  const row = await db.$transaction(async (tx) => {
    const current = await tx.user.findUnique({ where: { id } });
    if (!current) throw new NotFoundError("User not found");
    const losesAdmin =
      current.role === "admin" &&
      !current.disabled &&
      ((input.role !== undefined && input.role !== "admin") || input.disabled === true);
    if (losesAdmin) {
      // Nobody could manage users any more, and an admin locking themselves out is almost always a slip.
      if (id === actor.id) throw new ConflictError("You cannot remove your own admin role or disable yourself");
      const otherAdmins = await tx.user.count({ where: { role: "admin", disabled: false, id: { not: id } } });
      if (otherAdmins === 0) throw new ConflictError("At least one active admin must remain");
    }
    const updated = await tx.user.update({
      where: { id },
      data: { name: input.name, role: input.role, disabled: input.disabled, passwordHash },
    });
    const changes: Record<string, unknown> = {};
    if (input.name !== undefined) changes.name = input.name;
    if (input.role !== undefined) changes.role = { from: current.role, to: input.role };
    if (input.disabled !== undefined) changes.disabled = input.disabled;
    if (input.password !== undefined) changes.password = "changed";
    await recordAudit(tx, {
      actorId: actor.id,
      actorLabel: actor.email,
      action: "settings.user.update",
      subjectType: "User",
      subjectId: id,
      details: changes,
    });
    return updated;
  });
  return toView(row);
}
