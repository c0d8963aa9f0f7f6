/**
 * What serves each tier, for the New-job form's warning: "real" (at least one enabled provider that calls a
 * model), "recorded" (only the demo's recorded provider: it answers the demo jobs and nothing else) or
 * "none" (the job would wait until a lead configures one).
 */
import type { Db } from "../db/client";
import { TIERS } from "../generation/routing";

export type TierService = "real" | "recorded" | "none";

export async function tierServices(db: Db): Promise<Record<string, TierService>> {
  const rows = await db.provider.findMany({ where: { enabled: true }, select: { tier: true, kind: true } });
  return Object.fromEntries(
    TIERS.map((tier) => {
      const kinds = rows.filter((r) => r.tier === tier).map((r) => r.kind);
      return [tier, kinds.some((k) => k !== "recorded") ? "real" : kinds.length ? "recorded" : "none"];
    }),
  );
}
