/** The one interface every model provider implements (OpenAI-compatible endpoints and demo replays). */
import type { ProviderTier, ProviderKind } from "./config";

export type { ProviderTier, ProviderKind } from "./config";
export { ProviderError, type ProviderErrorCode } from "./errors";

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface CompletionRequest {
  messages: ChatMessage[];
  /** Overrides the provider's configured temperature. */
  temperature?: number;
  /** Overrides the provider's configured max tokens. */
  maxTokens?: number;
}

export interface CompletionResult {
  text: string;
  /** Model name the server reported (falls back to the configured one). */
  model: string;
  promptTokens: number;
  completionTokens: number;
  /** Wall-clock time of the whole call, retries included. */
  latencyMs: number;
  /** True when the text was replayed from a recording, not generated. */
  recorded: boolean;
  finishReason?: string;
  /** True when the server reported no usage and the token counts are ceil(chars / 4) estimates. */
  estimated?: boolean;
  /** HTTP attempts made (1 = no retry). */
  attempts?: number;
}

export interface CompletionProgress {
  /** Completion tokens so far (server-reported at the end, otherwise estimated). */
  tokens: number;
  chars: number;
  /** Text generated so far. */
  text: string;
}

/** Identifies the job a completion is for; only the recorded provider uses it. */
export interface RecordingKey {
  jobTitle?: string;
  tier?: string;
  revision?: number;
}

export interface CompleteOptions {
  signal?: AbortSignal;
  onProgress?: (p: CompletionProgress) => void;
  recordingKey?: RecordingKey;
}

export interface ModelProvider {
  name: string;
  kind: ProviderKind;
  tier: ProviderTier;
  model: string;
  complete(req: CompletionRequest, opts?: CompleteOptions): Promise<CompletionResult>;
}
