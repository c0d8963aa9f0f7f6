import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, testDatabases, type TestDb } from "../db/testing";
import { InputError, NotFoundError } from "./errors";
import {
  createProvider,
  deleteProvider,
  listProviders,
  providerCreateSchema,
  providerUpdateSchema,
  updateProvider,
} from "./providers";

const base = { name: "gpt-fast", tier: "fast", baseUrl: "http://127.0.0.1:9999/v1", model: "m-small", apiKeyEnv: "GATEHOUSE_TEST_KEY" };

describe("provider schemas", () => {
  it("never accepts the key itself", () => {
    expect(providerCreateSchema.safeParse({ ...base, apiKey: "sk-secret" }).success).toBe(false);
    const bad = providerCreateSchema.safeParse({ ...base, apiKeyEnv: "sk-abc123" });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(bad.error.issues[0].path).toEqual(["apiKeyEnv"]);
  });
  it("needs an http(s) URL for openai providers but not for recorded ones", () => {
    const r = providerCreateSchema.safeParse({ ...base, baseUrl: "recorded://demo" });
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues[0].path).toEqual(["baseUrl"]);
    expect(providerCreateSchema.safeParse({ ...base, kind: "recorded", baseUrl: "recorded://demo" }).success).toBe(true);
  });
  it("checks tier and numeric ranges", () => {
    expect(providerCreateSchema.safeParse({ ...base, tier: "huge" }).success).toBe(false);
    expect(providerCreateSchema.safeParse({ ...base, temperature: 3 }).success).toBe(false);
    expect(providerCreateSchema.safeParse({ ...base, maxTokens: 1.5 }).success).toBe(false);
    expect(providerCreateSchema.safeParse({ ...base, pricePer1kInput: -1 }).success).toBe(false);
    expect(providerCreateSchema.parse(base)).toMatchObject({ kind: "openai", temperature: 0.2, maxTokens: 4096, enabled: true });
  });
});

describe.each(testDatabases())("provider settings on %s", (provider) => {
  let t: TestDb;
  let actor: { id: string; email: string };
  beforeAll(async () => {
    t = await openTestDb(provider);
    const u = await t.db.user.create({ data: { email: "lead@example.test", name: "Lead", role: "lead" } });
    actor = { id: u.id, email: u.email };
  });
  afterAll(async () => t?.close());

  it("reports only whether the key variable is set, never its value", async () => {
    const p = await createProvider(t.db, actor, providerCreateSchema.parse(base));
    const without = await listProviders(t.db, {});
    expect(without[0]).toMatchObject({ id: p.id, apiKeyEnv: "GATEHOUSE_TEST_KEY", apiKeyEnvSet: false });
    const withKey = await listProviders(t.db, { GATEHOUSE_TEST_KEY: "sk-very-secret" });
    expect(withKey[0].apiKeyEnvSet).toBe(true);
    expect(JSON.stringify(withKey)).not.toContain("sk-very-secret");
    await deleteProvider(t.db, actor, p.id);
  });

  it("updates with validation and audits create/update/delete", async () => {
    const p = await createProvider(t.db, actor, providerCreateSchema.parse({ ...base, name: "acc", tier: "accurate" }));
    const u = await updateProvider(t.db, actor, p.id, providerUpdateSchema.parse({ enabled: false, pricePer1kOutput: 0.6 }));
    expect(u).toMatchObject({ enabled: false, pricePer1kOutput: 0.6, tier: "accurate" });
    await expect(updateProvider(t.db, actor, p.id, { baseUrl: "ftp://x" })).rejects.toBeInstanceOf(InputError);
    await expect(updateProvider(t.db, actor, "nope", { enabled: true })).rejects.toBeInstanceOf(NotFoundError);
    await deleteProvider(t.db, actor, p.id);
    const actions = (await t.db.auditEvent.findMany({ where: { subjectId: p.id } })).map((e) => e.action).sort();
    expect(actions).toEqual(["settings.provider.create", "settings.provider.delete", "settings.provider.update"]);
  });

  it("reports a duplicate name on the name field", async () => {
    await createProvider(t.db, actor, providerCreateSchema.parse({ ...base, name: "same" }));
    const err = await createProvider(t.db, actor, providerCreateSchema.parse({ ...base, name: "same" })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).issues[0].path).toBe("name");
  });
});
