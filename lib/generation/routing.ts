/**
 * Risk routing: which tier writes a job, and when a change is sent back to a stronger tier.
 * Rules are data (Policy.routingRules, edited by leads in Settings) so every decision carries a
 * human-readable reason that the job page shows ("routed to accurate because src/auth/** is protected").
 */
import picomatch from "picomatch";
import { z } from "zod";
import { failingComplexityText, type ComplexityFindingLike, type ComplexityThresholds } from "../gates/complexity/policy";

export const TIERS = ["local", "fast", "accurate"] as const;
export type Tier = (typeof TIERS)[number];
export const TierSchema = z.enum(TIERS);

export const TASK_TYPES = ["boilerplate", "simple", "complex", "refactor"] as const;
export type TaskType = (typeof TASK_TYPES)[number];
export const TaskTypeSchema = z.enum(TASK_TYPES);

export const RISKS = ["low", "medium", "high"] as const;
export type Risk = (typeof RISKS)[number];
export const RiskSchema = z.enum(RISKS);

/** Cheapest first: a tier's rank says how capable (and slow, and expensive) it is. */
export function tierRank(t: Tier): number {
  return TIERS.indexOf(t);
}

export const RoutingRulesSchema = z.object({
  taskTypes: z.object({
    boilerplate: TierSchema,
    simple: TierSchema,
    complex: TierSchema,
    refactor: TierSchema,
  }),
  /** Minimum tier for high-risk jobs. */
  highRiskTier: TierSchema,
  /** Tier required for jobs touching a protected path. */
  protectedTier: TierSchema,
  autoReroute: z.object({
    onComplexityFail: z.boolean(),
    onDependencyNotFound: z.boolean(),
    /** Tiers whose changes get rerouted automatically. */
    fromTiers: z.array(TierSchema),
    toTier: TierSchema,
  }),
});
export type RoutingRules = z.infer<typeof RoutingRulesSchema>;

export const DEFAULT_ROUTING_RULES: RoutingRules = {
  taskTypes: { boilerplate: "local", simple: "fast", complex: "accurate", refactor: "accurate" },
  highRiskTier: "accurate",
  protectedTier: "accurate",
  autoReroute: { onComplexityFail: true, onDependencyNotFound: true, fromTiers: ["fast", "local"], toTier: "accurate" },
};

/** Reads stored rules, falling back to the defaults for anything missing or invalid. */
export function parseRoutingRules(value: unknown): RoutingRules {
  const parsed = RoutingRulesSchema.safeParse(value);
  return parsed.success ? parsed.data : DEFAULT_ROUTING_RULES;
}

export interface RoutingInput {
  taskType: TaskType;
  risk: Risk;
  targetPaths: string[];
  requestedTier?: Tier | null;
}

export interface RoutingPolicy {
  protectedPaths: string[];
  rules: RoutingRules;
}

export interface RoutingDecision {
  tier: Tier;
  /** The lowest tier this job may go to (protection, risk). */
  minimumTier: Tier;
  /** Why, most decisive reason first. */
  reasons: string[];
  /** One sentence for the job page. */
  summary: string;
}

export class RoutingError extends Error {
  constructor(
    message: string,
    readonly field: "requestedTier",
  ) {
    super(message);
    this.name = "RoutingError";
  }
}

/** Globs that match any of the paths, e.g. ["**\/auth/**"] for src/auth/session.ts. */
export function protectedMatches(paths: string[], globs: string[]): { glob: string; path: string }[] {
  const out: { glob: string; path: string }[] = [];
  for (const glob of globs) {
    const isMatch = picomatch(glob, { dot: true });
    const hit = paths.find((p) => isMatch(p.replace(/^\.?\//, "")));
    if (hit) out.push({ glob, path: hit });
  }
  return out;
}

function maxTier(a: Tier, b: Tier): Tier {
  return tierRank(a) >= tierRank(b) ? a : b;
}

/**
 * Decides the tier. A requested tier below what protection or risk requires is refused with a
 * RoutingError (the form shows it on the tier field); a requested tier above it is honoured.
 */
export function routeJob(input: RoutingInput, policy: RoutingPolicy): RoutingDecision {
  const { rules } = policy;
  const byType = rules.taskTypes[input.taskType];
  const reasons: string[] = [];
  let minimum: Tier = "local";

  const hits = protectedMatches(input.targetPaths, policy.protectedPaths);
  if (hits.length > 0) {
    minimum = maxTier(minimum, rules.protectedTier);
    reasons.push(`${hits[0].glob} is protected (${hits[0].path})`);
  }
  if (input.risk === "high") {
    minimum = maxTier(minimum, rules.highRiskTier);
    reasons.push("risk is high");
  }

  if (input.requestedTier) {
    if (tierRank(input.requestedTier) < tierRank(minimum)) {
      throw new RoutingError(
        `Tier ${input.requestedTier} is not allowed: ${reasons.join(" and ")}, which requires ${minimum}`,
        "requestedTier",
      );
    }
    const tier = input.requestedTier;
    const why = [`requested on the form`, ...reasons];
    return { tier, minimumTier: minimum, reasons: why, summary: `routed to ${tier} because it was ${why.join("; ")}` };
  }

  let tier = byType;
  if (tierRank(minimum) > tierRank(byType)) {
    tier = minimum;
  } else {
    reasons.push(`task type ${input.taskType} goes to ${byType}`);
  }
  return { tier, minimumTier: minimum, reasons, summary: `routed to ${tier} because ${reasons.join("; ")}` };
}

export interface GateOutcome {
  gate: string;
  status: string;
  findings: unknown[];
  summary?: string;
}

export type AutoRerouteDecision =
  | { reroute: true; toTier: Tier; cause: "auto-complexity" | "auto-dependency"; problems: string[]; summary: string }
  | { reroute: false; reason: string | null };

function notFoundPackages(results: GateOutcome[]): string[] {
  const deps = results.find((r) => r.gate === "dependencies");
  if (!deps) return [];
  return (deps.findings as { kind?: string; package?: string }[])
    .filter((f) => f.kind === "not-found" && typeof f.package === "string")
    .map((f) => f.package as string);
}

/**
 * After the gates: a fast/local change that failed the complexity gate, or imported a package that
 * does not exist, goes to the accurate tier as a new revision — at most `maxReroutes` times per job.
 */
export function decideAutoReroute(input: {
  tier: Tier;
  results: GateOutcome[];
  rerouteCount: number;
  maxReroutes: number;
  rules: RoutingRules;
  complexityThresholds: ComplexityThresholds;
}): AutoRerouteDecision {
  const { rules } = input;
  const problems: string[] = [];
  let cause: "auto-complexity" | "auto-dependency" | null = null;

  const complexity = input.results.find((r) => r.gate === "complexity");
  if (rules.autoReroute.onComplexityFail && complexity?.status === "fail") {
    cause = "auto-complexity";
    for (const f of complexity.findings as ComplexityFindingLike[]) {
      const problem = failingComplexityText(f, input.complexityThresholds);
      if (problem) problems.push(problem);
    }
  }
  const missing = rules.autoReroute.onDependencyNotFound ? notFoundPackages(input.results) : [];
  if (missing.length > 0) {
    cause ??= "auto-dependency";
    for (const p of missing) problems.push(`package ${p} does not exist in its registry`);
  }
  if (!cause) return { reroute: false, reason: null };
  if (!rules.autoReroute.fromTiers.includes(input.tier) || input.tier === rules.autoReroute.toTier) {
    return { reroute: false, reason: null };
  }
  if (input.rerouteCount >= input.maxReroutes) {
    return {
      reroute: false,
      reason: `not rerouted automatically: the job already had ${input.rerouteCount} reroute(s), the maximum is ${input.maxReroutes}; waiting for a reviewer`,
    };
  }
  const toTier = rules.autoReroute.toTier;
  return {
    reroute: true,
    toTier,
    cause,
    problems,
    summary: `rerouted automatically from ${input.tier} to ${toTier}: ${problems.join("; ")}`,
  };
}
