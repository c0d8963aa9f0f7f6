import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, testDatabases, type TestDb } from "../db/testing";
import { DEFAULT_POLICY, getPolicy, policyUpdateSchema, updatePolicy } from "./policy";

describe("policy schema", () => {
  const valid = { ...DEFAULT_POLICY };
  it("accepts the defaults and rejects out-of-range values", () => {
    expect(policyUpdateSchema.safeParse(valid).success).toBe(true);
    expect(policyUpdateSchema.safeParse({ ...valid, minTestPassRate: 101 }).success).toBe(false);
    expect(policyUpdateSchema.safeParse({ ...valid, complexityThreshold: 0 }).success).toBe(false);
    expect(policyUpdateSchema.safeParse({ ...valid, cognitiveThreshold: 0 }).success).toBe(false);
    expect(policyUpdateSchema.safeParse({ ...valid, cognitiveThreshold: 2.5 }).success).toBe(false);
    expect(policyUpdateSchema.safeParse({ ...valid, complexityFailOnGrowth: "yes" }).success).toBe(false);
    expect(policyUpdateSchema.safeParse({ ...valid, undeclaredDependencies: "ignore" }).success).toBe(false);
    expect(policyUpdateSchema.safeParse({ ...valid, requiredGates: ["lint"] }).success).toBe(false);
    expect(policyUpdateSchema.safeParse({ ...valid, protectedPaths: ["a\nb"] }).success).toBe(false);
    expect(policyUpdateSchema.safeParse({ ...valid, maxAttempts: 0 }).success).toBe(false);
  });
  it("keeps gates in canonical order and drops duplicate patterns", () => {
    const p = policyUpdateSchema.parse({ ...valid, requiredGates: ["complexity", "tests", "tests"], protectedPaths: ["a/**", " a/** "] });
    expect(p.requiredGates).toEqual(["tests", "complexity"]);
    expect(p.protectedPaths).toEqual(["a/**"]);
  });
});

describe.each(testDatabases())("policy settings on %s", (provider) => {
  let t: TestDb;
  let actor: { id: string; email: string };
  beforeAll(async () => {
    t = await openTestDb(provider);
    const u = await t.db.user.create({ data: { email: "lead@example.test", name: "Lead", role: "lead" } });
    actor = { id: u.id, email: u.email };
  });
  afterAll(async () => t?.close());

  it("returns defaults before anything is saved", async () => {
    expect(await getPolicy(t.db)).toEqual({ ...DEFAULT_POLICY, sandboxEnv: { mode: "on", overrides: {} }, updatedAt: null, updatedById: null });
  });

  it("saves, reads back and audits with before/after", async () => {
    const input = policyUpdateSchema.parse({
      minTestPassRate: 90,
      complexityThreshold: 15,
      requiredGates: ["tests", "dependencies"],
      protectedPaths: ["**/billing/**"],
      maxReroutes: 1,
      maxAttempts: 4,
    });
    const saved = await updatePolicy(t.db, actor, input);
    expect(saved).toMatchObject({ ...input, updatedById: actor.id });
    expect(await getPolicy(t.db)).toMatchObject(input);
    const ev = await t.db.auditEvent.findFirst({ where: { action: "settings.policy.update" } });
    const details = ev?.details as { before: { minTestPassRate: number }; after: { minTestPassRate: number } };
    expect(details.before.minTestPassRate).toBe(95);
    expect(details.after.minTestPassRate).toBe(90);
    // Saved without the newer complexity fields: they keep their defaults.
    expect(saved).toMatchObject({ cognitiveThreshold: 10, complexityFailOnGrowth: false, undeclaredDependencies: "fail" });
  });

  it("saves both complexity thresholds and the fail-on-growth setting", async () => {
    await updatePolicy(t.db, actor, policyUpdateSchema.parse({ ...DEFAULT_POLICY, complexityThreshold: 12, cognitiveThreshold: 15, complexityFailOnGrowth: true }));
    expect(await getPolicy(t.db)).toMatchObject({ complexityThreshold: 12, cognitiveThreshold: 15, complexityFailOnGrowth: true });
    const { cognitiveThreshold: _c, complexityFailOnGrowth: _f, ...older } = DEFAULT_POLICY;
    await updatePolicy(t.db, actor, policyUpdateSchema.parse(older));
    expect(await getPolicy(t.db)).toMatchObject({ complexityThreshold: 10, cognitiveThreshold: 15, complexityFailOnGrowth: true });
  });

  it("saves sandbox limits, keeps them when a later save omits them, and shows the operator's env overrides", async () => {
    expect((await getPolicy(t.db)).sandbox).toEqual({ memoryMb: 2048, processes: 256, fileSizeMb: 1024, openFiles: 1024, tmpMb: 512 });
    const sandbox = { memoryMb: 1024, processes: 128, fileSizeMb: 100, openFiles: 512, tmpMb: 256 };
    await updatePolicy(t.db, actor, policyUpdateSchema.parse({ ...DEFAULT_POLICY, sandbox }));
    expect((await getPolicy(t.db)).sandbox).toEqual(sandbox);
    const { sandbox: _omit, ...without } = DEFAULT_POLICY;
    await updatePolicy(t.db, actor, policyUpdateSchema.parse(without));
    expect((await getPolicy(t.db)).sandbox).toEqual(sandbox);
    expect(policyUpdateSchema.safeParse({ ...DEFAULT_POLICY, sandbox: { ...sandbox, memoryMb: 10 } }).success).toBe(false);
    expect(policyUpdateSchema.safeParse({ ...DEFAULT_POLICY, sandbox: { ...sandbox, processes: 1.5 } }).success).toBe(false);
    process.env.GATEHOUSE_SANDBOX_MEMORY_MB = "512";
    try {
      expect((await getPolicy(t.db)).sandboxEnv).toEqual({ mode: "on", overrides: { memoryMb: { env: "GATEHOUSE_SANDBOX_MEMORY_MB", value: 512 } } });
    } finally {
      delete process.env.GATEHOUSE_SANDBOX_MEMORY_MB;
    }
  });

  it("saves whether an undeclared runtime dependency fails or warns, and keeps it when a later save omits it", async () => {
    await updatePolicy(t.db, actor, policyUpdateSchema.parse({ ...DEFAULT_POLICY, undeclaredDependencies: "warn" }));
    expect((await getPolicy(t.db)).undeclaredDependencies).toBe("warn");
    const { undeclaredDependencies: _u, ...older } = DEFAULT_POLICY;
    await updatePolicy(t.db, actor, policyUpdateSchema.parse(older));
    expect((await getPolicy(t.db)).undeclaredDependencies).toBe("warn");
    await updatePolicy(t.db, actor, policyUpdateSchema.parse({ ...DEFAULT_POLICY, undeclaredDependencies: "fail" }));
    expect((await getPolicy(t.db)).undeclaredDependencies).toBe("fail");
  });

  it("saves routing rules edited by a lead and keeps them when a later save omits them", async () => {
    const rules = { ...DEFAULT_POLICY.routingRules, taskTypes: { ...DEFAULT_POLICY.routingRules.taskTypes, simple: "local" as const } };
    await updatePolicy(t.db, actor, policyUpdateSchema.parse({ ...DEFAULT_POLICY, routingRules: rules }));
    expect((await getPolicy(t.db)).routingRules.taskTypes.simple).toBe("local");
    const { routingRules: _omit, ...withoutRules } = DEFAULT_POLICY;
    await updatePolicy(t.db, actor, policyUpdateSchema.parse(withoutRules));
    expect((await getPolicy(t.db)).routingRules.taskTypes.simple).toBe("local");
    expect(policyUpdateSchema.safeParse({ ...DEFAULT_POLICY, routingRules: { ...rules, highRiskTier: "huge" } }).success).toBe(false);
  });
});
