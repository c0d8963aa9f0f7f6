/** Wire format of OpenAI-compatible chat completions: the request body we send and the answers we accept. */
import { z } from "zod";
import type { ChatMessage } from "./types";

export interface ChatCompletionBody {
  model: string;
  messages: ChatMessage[];
  temperature: number;
  max_tokens: number;
  stream: boolean;
  stream_options?: { include_usage: boolean };
}

export function buildRequestBody(input: {
  model: string;
  messages: ChatMessage[];
  temperature: number;
  maxTokens: number;
  stream: boolean;
  includeUsage: boolean;
}): ChatCompletionBody {
  const body: ChatCompletionBody = {
    model: input.model,
    messages: input.messages.map((m) => ({ role: m.role, content: m.content })),
    temperature: input.temperature,
    max_tokens: input.maxTokens,
    stream: input.stream,
  };
  // Without include_usage, streaming servers send no token counts at all.
  if (input.stream && input.includeUsage) body.stream_options = { include_usage: true };
  return body;
}

const UsageSchema = z.object({
  prompt_tokens: z.number().int().nonnegative().nullish(),
  completion_tokens: z.number().int().nonnegative().nullish(),
});

const ServerErrorSchema = z.union([z.string(), z.object({ message: z.string().nullish() }).loose()]);

export const CompletionResponseSchema = z.object({
  model: z.string().nullish(),
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullish() }).loose().nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: UsageSchema.nullish(),
  error: ServerErrorSchema.nullish(),
});
export type CompletionResponse = z.infer<typeof CompletionResponseSchema>;

export const StreamChunkSchema = z.object({
  model: z.string().nullish(),
  choices: z
    .array(
      z.object({
        delta: z.object({ content: z.string().nullish() }).loose().nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: UsageSchema.nullish(),
  error: ServerErrorSchema.nullish(),
});
export type StreamChunk = z.infer<typeof StreamChunkSchema>;

export function serverErrorMessage(error: z.infer<typeof ServerErrorSchema> | null | undefined): string | undefined {
  if (!error) return undefined;
  if (typeof error === "string") return error;
  return error.message ?? JSON.stringify(error);
}

/** The human part of an error body: `error.message`, `message`, `detail`, or the raw text. */
export function errorBodyExcerpt(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === "object") {
      const obj = parsed as Record<string, unknown>;
      const err = obj.error;
      if (typeof err === "string") return err;
      if (err && typeof err === "object" && typeof (err as Record<string, unknown>).message === "string") {
        return (err as Record<string, string>).message;
      }
      for (const field of ["message", "detail"]) {
        if (typeof obj[field] === "string") return obj[field] as string;
      }
    }
  } catch {
    // Not JSON: fall through to the raw text.
  }
  return body;
}
