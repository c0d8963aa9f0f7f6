/** Builds the provider a config describes, and tells whether it can be used right now. */
import { ProviderConfigSchema, type ProviderConfigInput } from "./config";
import { OpenAICompatibleProvider, type OpenAICompatibleOptions } from "./openai-compatible";
import { RecordedProvider, type RecordingInput } from "./recorded";
import type { ModelProvider } from "./types";

export interface CreateProviderOptions extends OpenAICompatibleOptions {
  /** Completions a `recorded` provider replays. */
  recordings?: readonly RecordingInput[];
}

export function createProvider(config: ProviderConfigInput, options: CreateProviderOptions = {}): ModelProvider {
  const parsed = ProviderConfigSchema.parse(config);
  if (parsed.kind === "recorded") return new RecordedProvider(parsed, options.recordings ?? []);
  const { recordings: _ignored, ...openaiOptions } = options;
  return new OpenAICompatibleProvider(parsed, openaiOptions);
}

export interface ProviderAvailability {
  available: boolean;
  reason?: string;
}

/** Cheap local check (no network): a valid config and, when a key variable is named, a non-empty value. */
export function providerAvailability(
  config: ProviderConfigInput,
  options: { env?: Record<string, string | undefined>; recordings?: readonly RecordingInput[] } = {},
): ProviderAvailability {
  const parsed = ProviderConfigSchema.safeParse(config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { available: false, reason: `invalid provider config: ${issue?.path.join(".") || "config"}: ${issue?.message}` };
  }
  const c = parsed.data;
  if (c.kind === "recorded") {
    if (options.recordings && options.recordings.length === 0) {
      return { available: false, reason: "no recorded completions are loaded" };
    }
    return { available: true };
  }
  if (c.apiKeyEnv) {
    const value = (options.env ?? process.env)[c.apiKeyEnv];
    if (!value || value.trim() === "") return { available: false, reason: `${c.apiKeyEnv} is not set on the server` };
  }
  return { available: true };
}
