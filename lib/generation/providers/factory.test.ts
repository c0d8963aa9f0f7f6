import { describe, expect, it } from "vitest";
import { createProvider, providerAvailability } from "./factory";
import { ProviderConfigSchema } from "./config";
import { OpenAICompatibleProvider } from "./openai-compatible";
import { RecordedProvider } from "./recorded";

const base = { name: "p1", tier: "fast" as const, baseUrl: "http://127.0.0.1:8000/v1", model: "m" };

describe("ProviderConfigSchema", () => {
  it("applies the Provider table defaults and drops unrelated columns", () => {
    const c = ProviderConfigSchema.parse({ ...base, id: "abc", priority: 3, apiKeyEnv: null });
    expect(c).toEqual({ ...base, kind: "openai", apiKeyEnv: undefined, temperature: 0.2, maxTokens: 4096, timeoutMs: 120_000, maxRetries: 2, stream: true });
  });

  it("refuses non-http URLs for real endpoints, bad env names and out-of-range numbers", () => {
    expect(ProviderConfigSchema.safeParse({ ...base, baseUrl: "file:///etc/passwd" }).success).toBe(false);
    expect(ProviderConfigSchema.safeParse({ ...base, baseUrl: "not a url" }).success).toBe(false);
    expect(ProviderConfigSchema.safeParse({ ...base, apiKeyEnv: "sk-abc123" }).success).toBe(false);
    expect(ProviderConfigSchema.safeParse({ ...base, temperature: 3 }).success).toBe(false);
    expect(ProviderConfigSchema.safeParse({ ...base, maxRetries: -1 }).success).toBe(false);
    expect(ProviderConfigSchema.safeParse({ ...base, tier: "cheap" }).success).toBe(false);
    expect(ProviderConfigSchema.safeParse({ ...base, kind: "recorded", baseUrl: "recorded:demo" }).success).toBe(true);
  });
});

describe("createProvider", () => {
  it("builds the provider of the configured kind", () => {
    const real = createProvider(base);
    expect(real).toBeInstanceOf(OpenAICompatibleProvider);
    expect({ name: real.name, kind: real.kind, tier: real.tier, model: real.model }).toEqual({ name: "p1", kind: "openai", tier: "fast", model: "m" });
    const demo = createProvider({ ...base, kind: "recorded" }, { recordings: [] });
    expect(demo).toBeInstanceOf(RecordedProvider);
    expect(demo.kind).toBe("recorded");
  });

  it("throws on an invalid config", () => {
    expect(() => createProvider({ ...base, baseUrl: "ftp://x" })).toThrow();
  });
});

describe("providerAvailability", () => {
  it("is unavailable when the key variable is missing or empty", () => {
    const cfg = { ...base, apiKeyEnv: "OPENAI_API_KEY" };
    expect(providerAvailability(cfg, { env: {} })).toEqual({ available: false, reason: "OPENAI_API_KEY is not set on the server" });
    expect(providerAvailability(cfg, { env: { OPENAI_API_KEY: "  " } }).available).toBe(false);
    expect(providerAvailability(cfg, { env: { OPENAI_API_KEY: "sk-1" } })).toEqual({ available: true });
  });

  it("reads process.env by default", () => {
    const name = "GATEHOUSE_AVAILABILITY_TEST_KEY";
    delete process.env[name];
    expect(providerAvailability({ ...base, apiKeyEnv: name }).available).toBe(false);
    process.env[name] = "k";
    expect(providerAvailability({ ...base, apiKeyEnv: name }).available).toBe(true);
    delete process.env[name];
  });

  it("explains an invalid config and an empty recording set", () => {
    const bad = providerAvailability({ ...base, baseUrl: "nope" });
    expect(bad.available).toBe(false);
    expect(bad.reason).toContain("baseUrl");
    expect(providerAvailability({ ...base, kind: "recorded" }, { recordings: [] })).toEqual({
      available: false,
      reason: "no recorded completions are loaded",
    });
    expect(providerAvailability({ ...base, apiKeyEnv: undefined })).toEqual({ available: true });
  });
});
