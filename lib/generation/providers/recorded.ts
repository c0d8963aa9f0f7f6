/**
 * Demo-only provider that replays stored completions. It never generates anything: a request without a matching
 * recording fails, so a demo can never pass off a replay as a live answer (results carry `recorded: true`).
 */
import { z } from "zod";
import { ProviderConfigSchema, providerLabel, type ProviderConfig, type ProviderConfigInput } from "./config";
import { ProviderError } from "./errors";
import { ProgressReporter } from "./progress";
import { sleep } from "./retry";
import type { CompleteOptions, CompletionRequest, CompletionResult, ModelProvider, RecordingKey } from "./types";

export const RecordingSchema = z.object({
  match: z
    .object({
      jobTitle: z.string().optional(),
      tier: z.string().optional(),
      revision: z.number().int().positive().optional(),
      instructionIncludes: z.string().min(1).optional(),
    })
    .default({}),
  text: z.string(),
  model: z.string().min(1),
  promptTokens: z.number().int().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
  latencyMs: z.number().int().nonnegative(),
});
export type Recording = z.output<typeof RecordingSchema>;
export type RecordingInput = z.input<typeof RecordingSchema>;

const PROGRESS_CHUNKS = 4;
const PROGRESS_PAUSE_MS = 10;

/** True when every condition the recording sets holds for this request. */
export function recordingMatches(recording: Recording, key: RecordingKey, tier: string, userText: string): boolean {
  const m = recording.match;
  if (m.jobTitle !== undefined && m.jobTitle !== key.jobTitle) return false;
  if (m.tier !== undefined && m.tier !== (key.tier ?? tier)) return false;
  if (m.revision !== undefined && m.revision !== key.revision) return false;
  if (m.instructionIncludes !== undefined && !userText.toLowerCase().includes(m.instructionIncludes.toLowerCase())) {
    return false;
  }
  return true;
}

function describeKey(key: RecordingKey, tier: string): string {
  const parts = [key.jobTitle !== undefined ? `"${key.jobTitle}"` : "this request", `tier ${key.tier ?? tier}`];
  if (key.revision !== undefined) parts.push(`revision ${key.revision}`);
  return `${parts[0]} (${parts.slice(1).join(", ")})`;
}

export class RecordedProvider implements ModelProvider {
  readonly kind = "recorded" as const;
  readonly name: string;
  readonly tier: ProviderConfig["tier"];
  readonly model: string;
  private readonly recordings: Recording[];
  private readonly label: string;

  constructor(config: ProviderConfigInput, recordings: readonly RecordingInput[]) {
    const parsed = ProviderConfigSchema.parse(config);
    if (parsed.kind !== "recorded") throw new Error(`provider ${parsed.name} is not of kind recorded`);
    this.name = parsed.name;
    this.tier = parsed.tier;
    this.model = parsed.model;
    this.label = providerLabel(parsed);
    this.recordings = z.array(RecordingSchema).parse(recordings);
  }

  get recordingCount(): number {
    return this.recordings.length;
  }

  async complete(req: CompletionRequest, opts: CompleteOptions = {}): Promise<CompletionResult> {
    const key = opts.recordingKey ?? {};
    const userText = req.messages
      .filter((m) => m.role === "user")
      .map((m) => m.content)
      .join("\n");
    const recording = this.recordings.find((r) => recordingMatches(r, key, this.tier, userText));
    if (!recording) {
      throw new ProviderError("no-recording", `${this.label}: no recorded completion for ${describeKey(key, this.tier)}`);
    }
    await this.replayProgress(recording.text, opts);
    return {
      text: recording.text,
      model: recording.model,
      promptTokens: recording.promptTokens,
      completionTokens: recording.completionTokens,
      latencyMs: recording.latencyMs,
      recorded: true,
      finishReason: "stop",
    };
  }

  /** A few progress steps so the UI behaves as with a live stream, in well under 50 ms. */
  private async replayProgress(text: string, opts: CompleteOptions): Promise<void> {
    const progress = new ProgressReporter(opts.onProgress, 0);
    const step = Math.max(1, Math.ceil(text.length / PROGRESS_CHUNKS));
    for (let end = step; end < text.length; end += step) {
      try {
        await sleep(PROGRESS_PAUSE_MS, opts.signal);
      } catch {
        throw new ProviderError("aborted", `${this.label}: cancelled`);
      }
      progress.update(text.slice(0, end));
    }
    progress.flush(text);
  }
}
