/** The merge policy: one row with id "default"; defaults apply until a lead saves it. */
import { z } from "zod";
import type { Db } from "../db/client";
import { GATE_NAMES, type GateName, type UndeclaredDependencyPolicy } from "../gates/types";
import { recordAudit } from "../domain/audit";
import type { Actor } from "./errors";
import { DEFAULT_ROUTING_RULES, parseRoutingRules, RoutingRulesSchema, type RoutingRules } from "../generation/routing";
import {
  DEFAULT_SANDBOX_POLICY,
  sandboxEnvView,
  sandboxPolicyFromRow,
  sandboxPolicySchema,
  sandboxPolicyToRow,
  type SandboxEnvView,
  type SandboxPolicy,
} from "./sandbox-policy";

export const POLICY_ID = "default";

export const DEFAULT_POLICY = {
  minTestPassRate: 95,
  /** Cyclomatic complexity threshold per function. */
  complexityThreshold: 10,
  cognitiveThreshold: 10,
  /** A function already over a threshold that grows: fail (true) or warn (false). */
  complexityFailOnGrowth: false,
  /** An undeclared package imported by runtime code fails the dependencies gate ("fail") or warns ("warn"). */
  undeclaredDependencies: "fail" as UndeclaredDependencyPolicy,
  requiredGates: [...GATE_NAMES] as GateName[],
  protectedPaths: ["**/auth/**", "**/middleware/**", "**/payments/**"],
  maxReroutes: 2,
  maxAttempts: 3,
  routingRules: DEFAULT_ROUTING_RULES,
  sandbox: DEFAULT_SANDBOX_POLICY,
};

const glob = z
  .string()
  .trim()
  .min(1, "Empty pattern")
  .max(300, "Pattern is too long")
  .refine((s) => !/[\r\n\0]/.test(s), "One pattern per line");

export const policyUpdateSchema = z.strictObject({
  minTestPassRate: z.number().min(0, "Must be between 0 and 100").max(100, "Must be between 0 and 100"),
  complexityThreshold: z.number().int("Must be a whole number").min(1, "Must be at least 1").max(1000, "At most 1000"),
  /** Optional so older clients keep working; omitted = unchanged (the defaults until saved). */
  cognitiveThreshold: z.number().int("Must be a whole number").min(1, "Must be at least 1").max(1000, "At most 1000").optional(),
  complexityFailOnGrowth: z.boolean().optional(),
  undeclaredDependencies: z.enum(["fail", "warn"], "Must be fail or warn").optional(),
  requiredGates: z
    .array(z.enum(GATE_NAMES as unknown as [GateName, ...GateName[]]))
    .transform((a) => GATE_NAMES.filter((g) => a.includes(g))),
  protectedPaths: z
    .array(glob)
    .max(200, "At most 200 patterns")
    .transform((a) => [...new Set(a)]),
  maxReroutes: z.number().int("Must be a whole number").min(0, "Cannot be negative").max(10, "At most 10"),
  maxAttempts: z.number().int("Must be a whole number").min(1, "Must be at least 1").max(10, "At most 10"),
  /** Task type → tier, risk and protection minimums, automatic reroutes (lib/generation/routing.ts). */
  routingRules: RoutingRulesSchema.optional(),
  /** Sandbox limits for runs of repository code; omitted = unchanged. */
  sandbox: sandboxPolicySchema.optional(),
});
export type PolicyInput = z.infer<typeof policyUpdateSchema>;

export interface PolicyView
  extends Omit<PolicyInput, "routingRules" | "cognitiveThreshold" | "complexityFailOnGrowth" | "undeclaredDependencies" | "sandbox"> {
  routingRules: RoutingRules;
  sandbox: SandboxPolicy;
  /** The operator's GATEHOUSE_SANDBOX* settings (read-only here; env overrides win). */
  sandboxEnv: SandboxEnvView;
  cognitiveThreshold: number;
  complexityFailOnGrowth: boolean;
  undeclaredDependencies: UndeclaredDependencyPolicy;
  updatedAt: string | null;
  updatedById: string | null;
}

function stringArray(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

export async function getPolicy(db: Db): Promise<PolicyView> {
  const row = await db.policy.findUnique({ where: { id: POLICY_ID } });
  if (!row) return { ...DEFAULT_POLICY, sandboxEnv: sandboxEnvView(), updatedAt: null, updatedById: null };
  const gates = stringArray(row.requiredGates);
  return {
    minTestPassRate: row.minTestPassRate,
    complexityThreshold: row.complexityThreshold,
    cognitiveThreshold: row.cognitiveThreshold ?? DEFAULT_POLICY.cognitiveThreshold,
    complexityFailOnGrowth: row.complexityFailOnGrowth ?? DEFAULT_POLICY.complexityFailOnGrowth,
    undeclaredDependencies: row.undeclaredDependencies === "warn" ? "warn" : DEFAULT_POLICY.undeclaredDependencies,
    requiredGates: GATE_NAMES.filter((g) => gates.includes(g)),
    protectedPaths: stringArray(row.protectedPaths),
    maxReroutes: row.maxReroutes,
    maxAttempts: row.maxAttempts,
    routingRules: parseRoutingRules(row.routingRules),
    sandbox: sandboxPolicyFromRow(row),
    sandboxEnv: sandboxEnvView(),
    updatedAt: row.updatedAt.toISOString(),
    updatedById: row.updatedById,
  };
}

export async function updatePolicy(db: Db, actor: Actor, input: PolicyInput): Promise<PolicyView> {
  const { updatedAt: _at, updatedById: _by, sandboxEnv: _env, ...before } = await getPolicy(db);
  const { sandbox, ...rest } = input;
  const data = { ...rest, ...(sandbox ? sandboxPolicyToRow(sandbox) : {}), updatedById: actor.id };
  await db.$transaction(async (tx) => {
    await tx.policy.upsert({ where: { id: POLICY_ID }, create: { id: POLICY_ID, ...data }, update: data });
    await recordAudit(tx, {
      actorId: actor.id,
      actorLabel: actor.email,
      action: "settings.policy.update",
      subjectType: "Policy",
      subjectId: POLICY_ID,
      details: { before, after: { ...input } },
    });
  });
  return getPolicy(db);
}
