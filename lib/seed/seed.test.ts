import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, testDatabases, type TestDb } from "../db/testing";
import { verifyCredentials } from "../auth/credentials";
import { getPolicy } from "../settings/policy";
import { DEMO_USERS, seed } from "./seed";

describe.each(testDatabases())("seed on %s", (provider) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(provider);
  });
  afterAll(async () => t?.close());

  it("creates one demo user per role who can sign in, the default policy and a recorded provider per tier", async () => {
    const first = await seed(t.db);
    expect(first).toEqual({ usersCreated: 4, policyCreated: true, providersCreated: 3 });
    for (const u of DEMO_USERS) {
      const r = await verifyCredentials(t.db, { email: u.email, password: u.password, ip: "seed-test" });
      expect(r.ok && r.user.role).toBe(u.role);
    }
    const policy = await getPolicy(t.db);
    expect(policy.requiredGates).toEqual(["tests", "dependencies", "complexity", "error-contract", "static-analysis"]);
    expect(policy.protectedPaths).toEqual(["**/auth/**", "**/middleware/**", "**/payments/**"]);
    const providers = await t.db.provider.findMany({ orderBy: { name: "asc" } });
    expect(providers.map((p) => [p.name, p.tier, p.kind, p.baseUrl])).toEqual([
      ["recorded-accurate", "accurate", "recorded", "recorded://demo"],
      ["recorded-fast", "fast", "recorded", "recorded://demo"],
      ["recorded-local", "local", "recorded", "recorded://demo"],
    ]);
  });

  it("is idempotent and keeps later edits", async () => {
    await t.db.user.update({ where: { email: "reviewer@gatehouse.local" }, data: { role: "lead" } });
    await t.db.policy.update({ where: { id: "default" }, data: { maxAttempts: 5 } });
    expect(await seed(t.db)).toEqual({ usersCreated: 0, policyCreated: false, providersCreated: 0 });
    expect(await t.db.user.count()).toBe(4);
    expect((await t.db.user.findUniqueOrThrow({ where: { email: "reviewer@gatehouse.local" } })).role).toBe("lead");
    expect((await getPolicy(t.db)).maxAttempts).toBe(5);
  });
});
