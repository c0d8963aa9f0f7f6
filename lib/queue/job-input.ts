/** What a new job must say, validated at every entry point (web form, API, CLI, demo seed). */
import { z } from "zod";
import { RiskSchema, TaskTypeSchema, TierSchema } from "../generation/routing";

/** form | api | demo as in the schema; patch = the change was made elsewhere and only needs gates. */
export const JOB_SOURCES = ["form", "api", "demo", "patch"] as const;
export const JobSourceSchema = z.enum(JOB_SOURCES);
export type JobSource = z.infer<typeof JobSourceSchema>;

const RepoRelativePath = z
  .string()
  .trim()
  .min(1)
  .max(1000)
  .refine((p) => !p.startsWith("/") && !/^[a-zA-Z]:[\\/]/.test(p), "must be relative to the repository root")
  .refine((p) => !p.split(/[\\/]/).includes(".."), "must not contain '..'");

export const EnqueueInputSchema = z.object({
  title: z.string().trim().min(1).max(200),
  instruction: z.string().trim().min(1).max(50_000),
  targetPaths: z.array(RepoRelativePath).max(500),
  taskType: TaskTypeSchema,
  risk: RiskSchema,
  requestedTier: TierSchema.nullish(),
  /** The router's decision (lib/generation/routing.ts routeJob), shown on the job page. */
  routedTier: z.union([TierSchema, z.literal("external")]).nullish(),
  routingReason: z.string().max(2000).nullish(),
  repositoryId: z.string().min(1),
  submitterId: z.string().min(1),
  /** Not before this time (overnight batches); defaults to now. */
  runAfter: z.coerce.date().optional(),
  source: JobSourceSchema,
  maxAttempts: z.number().int().min(1).max(20).optional(),
});
export type EnqueueInput = z.input<typeof EnqueueInputSchema>;
