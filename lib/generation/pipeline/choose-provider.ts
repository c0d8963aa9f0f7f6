/** Picks the provider serving a tier (optionally a specific model), or says why none can. */
import type { Db } from "../../db/client";
import { providerAvailability } from "../providers/factory";
import { ProviderConfigSchema, type ProviderConfig } from "../providers/config";
import { DEMO_RECORDINGS } from "../../demo/recordings";

export type ProviderChoice =
  | { ok: true; config: ProviderConfig; row: { name: string; kind: string } }
  | { ok: false; reason: string };

export async function chooseProvider(db: Db, tier: string, model?: string | null): Promise<ProviderChoice> {
  const rows = await db.provider.findMany({ where: { tier, enabled: true }, orderBy: [{ priority: "asc" }, { name: "asc" }] });
  if (rows.length === 0) {
    return { ok: false, reason: `no provider is configured for the ${tier} tier — a lead can add one in Settings → Providers` };
  }
  const candidates = model ? rows.filter((r) => r.model === model || r.name === model) : rows;
  if (candidates.length === 0) return { ok: false, reason: `no enabled ${tier} provider serves model ${model}` };
  const reasons: string[] = [];
  for (const row of candidates) {
    const parsed = ProviderConfigSchema.safeParse(row);
    if (!parsed.success) {
      reasons.push(`${row.name}: invalid configuration (${parsed.error.issues[0]?.message})`);
      continue;
    }
    const avail = providerAvailability(parsed.data, { recordings: DEMO_RECORDINGS });
    if (avail.available) return { ok: true, config: parsed.data, row };
    reasons.push(`${row.name}: ${avail.reason}`);
  }
  return { ok: false, reason: `the ${tier} tier is unavailable (${reasons.join("; ")})` };
}
