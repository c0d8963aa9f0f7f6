/** Settings enums, safe to import from client components (no server-only dependencies). */
export const ECOSYSTEMS = ["npm", "pypi"] as const;
export type Ecosystem = (typeof ECOSYSTEMS)[number];

export const TIERS = ["fast", "accurate", "local"] as const;
export type Tier = (typeof TIERS)[number];

export const PROVIDER_KINDS = ["openai", "recorded"] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];
