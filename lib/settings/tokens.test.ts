import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, testDatabases, type TestDb } from "../db/testing";
import { authenticateApiToken } from "../auth/api-tokens";
import { NotFoundError } from "./errors";
import { createToken, listTokens, revokeToken, tokenCreateSchema } from "./tokens";

describe.each(testDatabases())("personal API tokens on %s", (provider) => {
  let t: TestDb;
  let alice: { id: string; email: string };
  let bob: { id: string; email: string };
  beforeAll(async () => {
    t = await openTestDb(provider);
    const a = await t.db.user.create({ data: { email: "alice@example.test", name: "Alice", role: "submitter" } });
    const b = await t.db.user.create({ data: { email: "bob@example.test", name: "Bob", role: "reviewer" } });
    alice = { id: a.id, email: a.email };
    bob = { id: b.id, email: b.email };
  });
  afterAll(async () => t?.close());

  it("shows the token once and stores only its SHA-256 hash and prefix", async () => {
    const { token, apiToken } = await createToken(t.db, alice, tokenCreateSchema.parse({ name: "ci" }));
    expect(token).toMatch(/^gat_[A-Za-z0-9_-]{40,}$/);
    expect(token.startsWith(apiToken.prefix)).toBe(true);
    const row = await t.db.apiToken.findUniqueOrThrow({ where: { id: apiToken.id } });
    expect(row.tokenHash).toBe(crypto.createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(JSON.stringify(await listTokens(t.db, alice.id))).not.toContain(token);
    expect((await authenticateApiToken(t.db, token))?.user.id).toBe(alice.id);
  });

  it("lists only the owner's tokens and lets only the owner revoke", async () => {
    const { token, apiToken } = await createToken(t.db, alice, { name: "laptop" });
    expect((await listTokens(t.db, bob.id)).length).toBe(0);
    await expect(revokeToken(t.db, bob, apiToken.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await authenticateApiToken(t.db, token)).not.toBeNull();
    const revoked = await revokeToken(t.db, alice, apiToken.id);
    expect(revoked.revokedAt).not.toBeNull();
    expect(await authenticateApiToken(t.db, token)).toBeNull();
    const actions = (await t.db.auditEvent.findMany({ where: { subjectId: apiToken.id } })).map((e) => e.action).sort();
    expect(actions).toEqual(["settings.token.create", "settings.token.revoke"]);
  });
});
