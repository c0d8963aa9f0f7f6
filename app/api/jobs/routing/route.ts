import { z } from "zod";
import { withRoute } from "@/lib/api/route";
import { RiskSchema, TaskTypeSchema } from "@/lib/generation/routing";
import { routeForForm } from "@/lib/jobs/create-job";
import { tierServices } from "@/lib/jobs/tier-providers";

const PreviewQuery = z.object({
  taskType: TaskTypeSchema,
  risk: RiskSchema,
  /** Target paths separated by newlines or commas. */
  paths: z
    .string()
    .max(100_000)
    .default("")
    .transform((s) => s.split(/[\n,]/).map((p) => p.trim()).filter(Boolean)),
});

/**
 * What routing would pick for the form's current values, the lowest tier the submitter may request, and
 * what serves each tier (real providers, only the demo's recorded one, or none).
 */
export const GET = withRoute({ permission: "job:submit", query: PreviewQuery }, async ({ db, query }) => {
  const d = await routeForForm(db, { taskType: query.taskType, risk: query.risk, targetPaths: query.paths });
  return { tier: d.tier, minimumTier: d.minimumTier, reasons: d.reasons, summary: d.summary, tiers: await tierServices(db) };
});
