/** What the New job form sends. Messages are written for the field they appear under. */
import { z } from "zod";
import { RiskSchema, TaskTypeSchema, TierSchema } from "../generation/routing";

const targetPath = z
  .string()
  .trim()
  .min(1, "Empty path")
  .max(1000, "Path is too long")
  .refine((p) => !p.startsWith("/") && !/^[a-zA-Z]:[\\/]/.test(p), "Paths are relative to the repository root")
  .refine((p) => !p.split(/[\\/]/).includes(".."), "Paths must not contain '..'");

export const MAX_RUN_AFTER_DAYS = 30;

export const NewJobInputSchema = z.strictObject({
  repositoryId: z.string({ error: "Choose a repository" }).trim().min(1, "Choose a repository"),
  /** Optional: defaults to the instruction's first line. */
  title: z.string().trim().max(200, "At most 200 characters").optional(),
  instruction: z
    .string({ error: "Describe the change" })
    .trim()
    .min(10, "Describe the change in at least 10 characters")
    .max(50_000, "The instruction is too long (50,000 characters at most)"),
  targetPaths: z
    .array(targetPath, { error: "Pick at least one target file" })
    .min(1, "Pick at least one target file")
    .max(100, "At most 100 target files")
    .transform((a) => [...new Set(a)]),
  taskType: TaskTypeSchema,
  risk: RiskSchema,
  requestedTier: TierSchema.nullish().transform((t) => t ?? null),
  /** ISO date-time; not before this time (e.g. overnight batches). */
  runAfter: z
    .string()
    .trim()
    .nullish()
    .transform((s, ctx) => {
      if (!s) return null;
      const d = new Date(s);
      if (Number.isNaN(d.getTime())) {
        ctx.addIssue({ code: "custom", message: "Not a valid date and time" });
        return z.NEVER;
      }
      if (d.getTime() > Date.now() + MAX_RUN_AFTER_DAYS * 86_400_000) {
        ctx.addIssue({ code: "custom", message: `At most ${MAX_RUN_AFTER_DAYS} days ahead` });
        return z.NEVER;
      }
      return d;
    }),
});
export type NewJobInput = z.output<typeof NewJobInputSchema>;

export function titleFromInstruction(instruction: string): string {
  const first = instruction.trim().split(/\r?\n/)[0].trim();
  return first.length > 80 ? `${first.slice(0, 77).trimEnd()}…` : first;
}
