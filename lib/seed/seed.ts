/**
 * Idempotent demo data: one user per role, the default merge policy and a recorded (replay-only)
 * provider per tier. Existing rows are left as they are, so re-running never resets edits.
 */
import type { Db } from "../db/client";
import { hashPassword } from "../auth/password";
import type { Role } from "../auth/permissions";
import { DEFAULT_POLICY, POLICY_ID } from "../settings/policy";
import type { Tier } from "../settings/providers";

export interface DemoUser {
  email: string;
  name: string;
  role: Role;
  password: string;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { email: "submitter@gatehouse.local", name: "Sam Submitter", role: "submitter", password: "submitter-demo" },
  { email: "reviewer@gatehouse.local", name: "Riley Reviewer", role: "reviewer", password: "reviewer-demo" },
  { email: "lead@gatehouse.local", name: "Lee Lead", role: "lead", password: "lead-demo" },
  { email: "admin@gatehouse.local", name: "Ada Admin", role: "admin", password: "admin-demo" },
];

export const DEMO_PROVIDERS: readonly { name: string; tier: Tier; model: string }[] = [
  { name: "recorded-fast", tier: "fast", model: "demo-fast" },
  { name: "recorded-accurate", tier: "accurate", model: "demo-accurate" },
  { name: "recorded-local", tier: "local", model: "demo-local" },
];

export interface SeedOptions {
  /** Where demo files (the demo repository, added by a later issue) live; unused by this step. */
  dataDir?: string;
  /** Skip the demo users (e.g. production with a real identity provider). */
  users?: boolean;
  log?: (message: string) => void;
}

export interface SeedResult {
  usersCreated: number;
  policyCreated: boolean;
  providersCreated: number;
}

export async function seed(db: Db, opts: SeedOptions = {}): Promise<SeedResult> {
  const log = opts.log ?? (() => {});
  const result: SeedResult = { usersCreated: 0, policyCreated: false, providersCreated: 0 };

  if (opts.users !== false) {
    for (const u of DEMO_USERS) {
      if (await db.user.findUnique({ where: { email: u.email } })) continue;
      await db.user.create({ data: { email: u.email, name: u.name, role: u.role, passwordHash: await hashPassword(u.password) } });
      result.usersCreated++;
      log(`created ${u.role} ${u.email}`);
    }
  }

  if (!(await db.policy.findUnique({ where: { id: POLICY_ID } }))) {
    await db.policy.create({
      data: {
        id: POLICY_ID,
        minTestPassRate: DEFAULT_POLICY.minTestPassRate,
        complexityThreshold: DEFAULT_POLICY.complexityThreshold,
        requiredGates: DEFAULT_POLICY.requiredGates,
        protectedPaths: DEFAULT_POLICY.protectedPaths,
        maxReroutes: DEFAULT_POLICY.maxReroutes,
        maxAttempts: DEFAULT_POLICY.maxAttempts,
      },
    });
    result.policyCreated = true;
    log("created the default merge policy");
  }

  for (const p of DEMO_PROVIDERS) {
    if (await db.provider.findUnique({ where: { name: p.name } })) continue;
    await db.provider.create({
      data: { name: p.name, tier: p.tier, kind: "recorded", baseUrl: "recorded://demo", model: p.model, apiKeyEnv: null },
    });
    result.providersCreated++;
    log(`created provider ${p.name}`);
  }
  return result;
}
