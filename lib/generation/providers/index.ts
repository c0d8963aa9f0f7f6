export * from "./types";
export { ProviderConfigSchema, PROVIDER_TIERS, PROVIDER_KINDS, providerLabel, displayBaseUrl } from "./config";
export type { ProviderConfig, ProviderConfigInput } from "./config";
export { isProviderError, redact } from "./errors";
export { OpenAICompatibleProvider, type OpenAICompatibleOptions } from "./openai-compatible";
export { RecordedProvider, RecordingSchema, recordingMatches, type Recording, type RecordingInput } from "./recorded";
export { createProvider, providerAvailability, type CreateProviderOptions, type ProviderAvailability } from "./factory";
