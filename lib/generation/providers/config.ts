/** Provider configuration as stored in the Provider table, validated at the boundary. */
import { z } from "zod";

export const PROVIDER_TIERS = ["fast", "accurate", "local"] as const;
export const PROVIDER_KINDS = ["openai", "recorded"] as const;
export type ProviderTier = (typeof PROVIDER_TIERS)[number];
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

export const ProviderConfigSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    tier: z.enum(PROVIDER_TIERS),
    kind: z.enum(PROVIDER_KINDS).default("openai"),
    baseUrl: z.string().trim().min(1).max(2000),
    model: z.string().trim().min(1).max(200),
    // Prisma returns null for an absent key variable; treat it like undefined.
    apiKeyEnv: z
      .string()
      .trim()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "apiKeyEnv must be an environment variable name")
      .nullish()
      .transform((v) => v ?? undefined),
    temperature: z.number().min(0).max(2).default(0.2),
    maxTokens: z.number().int().min(1).max(1_000_000).default(4096),
    timeoutMs: z.number().int().min(100).max(3_600_000).default(120_000),
    maxRetries: z.number().int().min(0).max(10).default(2),
    /** SSE streaming (progress in the UI); false sends `stream: false` and waits for the whole answer. */
    stream: z.boolean().default(true),
  })
  // Extra Provider-table columns (id, priority, prices…) are allowed and dropped.
  .strip()
  // Recorded providers never connect anywhere, so only real endpoints need a URL.
  .refine((c) => c.kind !== "openai" || isHttpUrl(c.baseUrl), {
    path: ["baseUrl"],
    message: "baseUrl must be an http:// or https:// URL, e.g. http://127.0.0.1:8000/v1",
  });

export type ProviderConfig = z.output<typeof ProviderConfigSchema>;
export type ProviderConfigInput = z.input<typeof ProviderConfigSchema>;

/** Base URL without credentials or trailing slash, safe to show in messages. */
export function displayBaseUrl(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    url.username = "";
    url.password = "";
    url.search = "";
    url.hash = "";
    return url.toString().replace(/\/+$/, "");
  } catch {
    return "(invalid URL)";
  }
}

/** "fast tier (gpt-x at <base URL>)" — the prefix of every provider message. */
export function providerLabel(config: Pick<ProviderConfig, "tier" | "model" | "baseUrl" | "kind">): string {
  if (config.kind === "recorded") return `${config.tier} tier (${config.model}, recorded)`;
  return `${config.tier} tier (${config.model} at ${displayBaseUrl(config.baseUrl)})`;
}
