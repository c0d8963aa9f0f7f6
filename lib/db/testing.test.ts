import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { openTestDb, testDatabases, type TestDb } from "./testing";

describe.each(testDatabases())("test database on %s", (provider) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(provider);
  });
  afterAll(async () => t?.close());

  it("is migrated, empty and isolated", async () => {
    expect(t.provider).toBe(provider);
    expect(await t.db.user.count()).toBe(0);
    const u = await t.db.user.create({ data: { email: `a-${provider}@x`, name: "A" } });
    expect(await t.db.user.findUnique({ where: { id: u.id } })).not.toBeNull();
  });
});
