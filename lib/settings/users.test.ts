import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, testDatabases, type TestDb } from "../db/testing";
import { verifyPassword } from "../auth/password";
import { ConflictError, InputError } from "./errors";
import { createUser, listUsers, updateUser, userCreateSchema, userUpdateSchema } from "./users";

describe("user schemas", () => {
  it("normalises email, requires 8+ character passwords and known roles", () => {
    expect(userCreateSchema.parse({ email: " New@Example.Test ", name: "N", password: "12345678" })).toMatchObject({
      email: "new@example.test",
      role: "submitter",
    });
    expect(userCreateSchema.safeParse({ email: "x@example.test", name: "N", password: "short" }).success).toBe(false);
    expect(userCreateSchema.safeParse({ email: "not-an-email", name: "N", password: "12345678" }).success).toBe(false);
    expect(userUpdateSchema.safeParse({ role: "root" }).success).toBe(false);
  });
});

describe.each(testDatabases())("user administration on %s", (provider) => {
  let t: TestDb;
  let admin: { id: string; email: string };
  beforeAll(async () => {
    t = await openTestDb(provider);
    const u = await t.db.user.create({ data: { email: "admin@example.test", name: "Admin", role: "admin" } });
    admin = { id: u.id, email: u.email };
  });
  afterAll(async () => t?.close());

  it("creates a user with a bcrypt-hashed password and rejects duplicates on the email field", async () => {
    const u = await createUser(t.db, admin, userCreateSchema.parse({ email: "pat@example.test", name: "Pat", role: "reviewer", password: "pat-password" }));
    expect(u).toMatchObject({ email: "pat@example.test", role: "reviewer", hasPassword: true, disabled: false });
    const row = await t.db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(row.passwordHash).not.toBe("pat-password");
    expect(await verifyPassword("pat-password", row.passwordHash!)).toBe(true);
    const dup = await createUser(t.db, admin, userCreateSchema.parse({ email: "PAT@example.test", name: "P", password: "12345678" })).catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(InputError);
    expect((dup as InputError).issues[0].path).toBe("email");
    expect((await listUsers(t.db)).map((x) => x.email)).toEqual(["admin@example.test", "pat@example.test"]);
  });

  it("changes role, disables, resets password and audits who did it", async () => {
    const u = await createUser(t.db, admin, userCreateSchema.parse({ email: "sam@example.test", name: "Sam", password: "sam-password" }));
    const changed = await updateUser(t.db, admin, u.id, { role: "lead", disabled: true, password: "new-password" });
    expect(changed).toMatchObject({ role: "lead", disabled: true });
    const row = await t.db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(await verifyPassword("new-password", row.passwordHash!)).toBe(true);
    const ev = await t.db.auditEvent.findFirst({ where: { subjectId: u.id, action: "settings.user.update" } });
    expect(ev?.actorLabel).toBe(admin.email);
    expect(JSON.stringify(ev?.details)).not.toContain("new-password");
    expect(ev?.details).toMatchObject({ role: { from: "submitter", to: "lead" }, disabled: true });
  });

  it("keeps at least one active admin and stops admins demoting or disabling themselves", async () => {
    await expect(updateUser(t.db, admin, admin.id, { role: "lead" })).rejects.toBeInstanceOf(ConflictError);
    await expect(updateUser(t.db, admin, admin.id, { disabled: true })).rejects.toBeInstanceOf(ConflictError);
    const second = await createUser(t.db, admin, userCreateSchema.parse({ email: "a2@example.test", name: "A2", role: "admin", password: "12345678" }));
    // Another admin may demote the first while a second active admin remains…
    await updateUser(t.db, admin, second.id, { role: "reviewer" });
    // …but not the last one.
    await expect(updateUser(t.db, { id: second.id, email: "a2@example.test" }, admin.id, { role: "lead" })).rejects.toThrow(
      "At least one active admin must remain",
    );
    expect((await t.db.user.findUniqueOrThrow({ where: { id: admin.id } })).role).toBe("admin");
  });
});
