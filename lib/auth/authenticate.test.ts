import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, testDatabases, type TestDb } from "../db/testing";
import { generateApiToken, hashApiToken } from "./api-tokens";
import { authenticateRequest } from "./authenticate";

describe.each(testDatabases())("authenticateRequest on %s", (provider) => {
  let t: TestDb;
  let userId: string;

  beforeAll(async () => {
    t = await openTestDb(provider);
    userId = (await t.db.user.create({ data: { email: "kim@example.test", name: "Kim", role: "submitter" } })).id;
  });
  afterAll(async () => t?.close());

  async function issueToken(owner = userId) {
    const g = generateApiToken();
    const row = await t.db.apiToken.create({ data: { userId: owner, name: "ci", tokenHash: g.hash, prefix: g.prefix } });
    return { ...g, id: row.id };
  }
  const req = (headers: Record<string, string> = {}) => new Request("http://127.0.0.1/api/me", { headers });
  const noSession = async () => null;

  it("accepts a bearer token, stored only as its SHA-256 hash, and records its use", async () => {
    const tok = await issueToken();
    expect(tok.token.startsWith("gat_")).toBe(true);
    expect(tok.hash).toBe(hashApiToken(tok.token));
    expect(tok.hash).not.toContain(tok.token);
    const p = await authenticateRequest(req({ authorization: `Bearer ${tok.token}` }), { db: t.db, sessionUserId: noSession });
    expect(p).toMatchObject({ id: userId, role: "submitter", via: "token", tokenId: tok.id });
    const row = await t.db.apiToken.findUnique({ where: { id: tok.id } });
    expect(row?.lastUsedAt).toBeInstanceOf(Date);
  });

  it("rejects unknown, malformed and revoked tokens without falling back to the session", async () => {
    const session = async () => userId;
    const deps = { db: t.db, sessionUserId: session };
    expect(await authenticateRequest(req({ authorization: "Bearer gat_nope" }), deps)).toBeNull();
    expect(await authenticateRequest(req({ authorization: "Basic abc" }), deps)).toBeNull();
    const tok = await issueToken();
    await t.db.apiToken.update({ where: { id: tok.id }, data: { revokedAt: new Date() } });
    expect(await authenticateRequest(req({ authorization: `Bearer ${tok.token}` }), deps)).toBeNull();
  });

  it("re-reads the role from the database for session users", async () => {
    const deps = { db: t.db, sessionUserId: async () => userId };
    expect((await authenticateRequest(req(), deps))?.role).toBe("submitter");
    await t.db.user.update({ where: { id: userId }, data: { role: "lead" } });
    expect(await authenticateRequest(req(), deps)).toMatchObject({ role: "lead", via: "session" });
    await t.db.user.update({ where: { id: userId }, data: { role: "submitter" } });
  });

  it("treats disabled users and unknown roles as signed out, for sessions and tokens", async () => {
    const other = await t.db.user.create({ data: { email: "off@example.test", name: "Off", role: "admin" } });
    const tok = await issueToken(other.id);
    const deps = { db: t.db, sessionUserId: async () => other.id };
    expect(await authenticateRequest(req(), deps)).not.toBeNull();
    await t.db.user.update({ where: { id: other.id }, data: { disabled: true } });
    expect(await authenticateRequest(req(), deps)).toBeNull();
    expect(await authenticateRequest(req({ authorization: `Bearer ${tok.token}` }), deps)).toBeNull();
    await t.db.user.update({ where: { id: other.id }, data: { disabled: false, role: "superuser" } });
    expect(await authenticateRequest(req(), deps)).toBeNull();
  });

  it("returns null without a session or token", async () => {
    expect(await authenticateRequest(req(), { db: t.db, sessionUserId: noSession })).toBeNull();
  });
});
