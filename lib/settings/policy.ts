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
  /** Approving finds the branch moved on the git server: re-run the gates on the re-applied change before pushing. */
  regateOnMovedBase: false,
  /** An undeclared package imported by runtime code fails the dependencies gate ("fail") or warns ("warn"). */
  undeclaredDependencies: "fail" as UndeclaredDependencyPolicy,
  requiredGates: [...GATE_NAMES] as GateName[],
  protectedPaths: ["**/auth/**", "**/middleware/**", "**/payments/**"],
  maxReroutes: 2,
  maxAttempts: 3,
  routingRules: DEFAULT_ROUTING_RULES,
  sandbox: DEFAULT_SANDBOX_POLICY,
  /** Distinct reviewers who must approve a revision (lib/review/approvals.ts). */
  requiredApprovals: 1,
  /** Globs (like CODEOWNERS) whose changes also need a lead's approval. */
  leadApprovalPaths: [] as string[],
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
  regateOnMovedBase: z.boolean().optional(),
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
  /** Approvals (stored in ApprovalPolicy); omitted → unchanged. */
  requiredApprovals: z.number().int("Must be a whole number").min(1, "Must be at least 1").max(10, "At most 10").optional(),
  leadApprovalPaths: z
    .array(glob)
    .max(200, "At most 200 patterns")
    .transform((a) => [...new Set(a)])
    .optional(),
  /** Sandbox limits for runs of repository code; omitted = unchanged. */
  sandbox: sandboxPolicySchema.optional(),
});
export type PolicyInput = z.infer<typeof policyUpdateSchema>;

export interface PolicyView
  extends Omit<
    PolicyInput,
    | "routingRules"
    | "cognitiveThreshold"
    | "complexityFailOnGrowth"
    | "undeclaredDependencies"
    | "sandbox"
    | "regateOnMovedBase"
    | "requiredApprovals"
    | "leadApprovalPaths"
  > {
  routingRules: RoutingRules;
  regateOnMovedBase: boolean;
  sandbox: SandboxPolicy;
  /** The operator's GATEHOUSE_SANDBOX* settings (read-only here; env overrides win). */
  sandboxEnv: SandboxEnvView;
  cognitiveThreshold: number;
  complexityFailOnGrowth: boolean;
  undeclaredDependencies: UndeclaredDependencyPolicy;
  requiredApprovals: number;
  leadApprovalPaths: string[];
  updatedAt: string | null;
  updatedById: string | null;
}

function stringArray(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

export async function getPolicy(db: Db): Promise<PolicyView> {
  const [row, approvals] = await Promise.all([
    db.policy.findUnique({ where: { id: POLICY_ID } }),
    db.approvalPolicy.findUnique({ where: { id: POLICY_ID } }),
  ]);
  const approval = approvals
    ? { requiredApprovals: approvals.requiredApprovals, leadApprovalPaths: stringArray(approvals.leadApprovalPaths) }
    : { requiredApprovals: DEFAULT_POLICY.requiredApprovals, leadApprovalPaths: DEFAULT_POLICY.leadApprovalPaths };
  if (!row) return { ...DEFAULT_POLICY, ...approval, sandboxEnv: sandboxEnvView(), updatedAt: null, updatedById: null };
  const gates = stringArray(row.requiredGates);
  return {
    minTestPassRate: row.minTestPassRate,
    complexityThreshold: row.complexityThreshold,
    cognitiveThreshold: row.cognitiveThreshold ?? DEFAULT_POLICY.cognitiveThreshold,
    complexityFailOnGrowth: row.complexityFailOnGrowth ?? DEFAULT_POLICY.complexityFailOnGrowth,
    regateOnMovedBase: row.regateOnMovedBase ?? DEFAULT_POLICY.regateOnMovedBase,
    undeclaredDependencies: row.undeclaredDependencies === "warn" ? "warn" : DEFAULT_POLICY.undeclaredDependencies,
    requiredGates: GATE_NAMES.filter((g) => gates.includes(g)),
    protectedPaths: stringArray(row.protectedPaths),
    maxReroutes: row.maxReroutes,
    maxAttempts: row.maxAttempts,
    routingRules: parseRoutingRules(row.routingRules),
    sandbox: sandboxPolicyFromRow(row),
    sandboxEnv: sandboxEnvView(),
    ...approval,
    updatedAt: row.updatedAt.toISOString(),
    updatedById: row.updatedById,
  };
}

export async function updatePolicy(db: Db, actor: Actor, input: PolicyInput): Promise<PolicyView> {
  const { updatedAt: _at, updatedById: _by, sandboxEnv: _env, ...before } = await getPolicy(db);
  const { sandbox, requiredApprovals, leadApprovalPaths, ...rest } = input;
  const data = { ...rest, ...(sandbox ? sandboxPolicyToRow(sandbox) : {}), updatedById: actor.id };
  await db.$transaction(async (tx) => {
    await tx.policy.upsert({ where: { id: POLICY_ID }, create: { id: POLICY_ID, ...data }, update: data });
    if (requiredApprovals !== undefined || leadApprovalPaths !== undefined) {
      const approvals = {
        requiredApprovals: requiredApprovals ?? before.requiredApprovals,
        leadApprovalPaths: leadApprovalPaths ?? before.leadApprovalPaths,
        updatedById: actor.id,
      };
      await tx.approvalPolicy.upsert({ where: { id: POLICY_ID }, create: { id: POLICY_ID, ...approvals }, update: approvals });
    }
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
