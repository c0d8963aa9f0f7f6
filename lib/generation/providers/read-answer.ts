/** Reading a chat-completions answer: one JSON document, or an SSE stream of chunks ending with [DONE]. */
import { AttemptFailure, networkCause } from "./attempt-failure";
import { oneLine } from "./errors";
import { CompletionResponseSchema, serverErrorMessage, StreamChunkSchema, type StreamChunk } from "./openai-wire";
import { ProgressReporter } from "./progress";
import { SseParser } from "./sse";
import type { CompletionProgress } from "./types";

export interface AnswerOutcome {
  text: string;
  model?: string;
  finishReason?: string;
  promptTokens?: number;
  completionTokens?: number;
}

export interface ReadOptions {
  signal: AbortSignal;
  onProgress?: (p: CompletionProgress) => void;
  progressIntervalMs: number;
}

function parseJson(raw: string, what: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new AttemptFailure("bad-response", `malformed JSON in ${what}: ${oneLine(raw, 80)}`, false);
  }
}

/** Validates a complete (non-streamed) answer. */
export function parseCompletion(raw: string): AnswerOutcome {
  const parsed = CompletionResponseSchema.safeParse(parseJson(raw, "the answer"));
  if (!parsed.success) throw new AttemptFailure("bad-response", "the answer is not a chat completion", false);
  const data = parsed.data;
  const serverError = serverErrorMessage(data.error);
  if (serverError) throw new AttemptFailure("server-error", `server error: ${oneLine(serverError, 160)}`, true);
  const choice = data.choices?.[0];
  if (!choice) throw new AttemptFailure("bad-response", "the answer has no choices", false);
  const text = choice.message?.content;
  if (typeof text !== "string") throw new AttemptFailure("bad-response", "the answer has no message content", false);
  return {
    text,
    model: data.model ?? undefined,
    finishReason: choice.finish_reason ?? undefined,
    promptTokens: data.usage?.prompt_tokens ?? undefined,
    completionTokens: data.usage?.completion_tokens ?? undefined,
  };
}

export async function readJsonAnswer(res: Response, opts: ReadOptions): Promise<AnswerOutcome> {
  let raw: string;
  try {
    raw = await res.text();
  } catch (err) {
    if (opts.signal.aborted) throw err;
    throw new AttemptFailure("network", `connection lost while reading the answer (${networkCause(err)})`, true);
  }
  const outcome = parseCompletion(raw);
  new ProgressReporter(opts.onProgress, 0).flush(outcome.text, outcome.completionTokens);
  return outcome;
}

function parseChunk(data: string, textSoFar: string): StreamChunk {
  const parsed = StreamChunkSchema.safeParse(parseJson(data, "a stream event"));
  if (!parsed.success) throw new AttemptFailure("bad-response", "a stream event is not a chat completion chunk", false);
  const serverError = serverErrorMessage(parsed.data.error);
  // Retrying is safe only while nothing has been generated yet.
  if (serverError) throw new AttemptFailure("server-error", `server error mid-stream: ${oneLine(serverError, 160)}`, textSoFar === "");
  return parsed.data;
}

function mergeChunk(chunk: StreamChunk, out: AnswerOutcome): void {
  if (chunk.model) out.model = chunk.model;
  const choice = chunk.choices?.[0];
  if (choice?.delta?.content) out.text += choice.delta.content;
  if (choice?.finish_reason) out.finishReason = choice.finish_reason;
  // Servers asked for include_usage send it in the last chunk (and null before).
  if (chunk.usage) {
    out.promptTokens = chunk.usage.prompt_tokens ?? out.promptTokens;
    out.completionTokens = chunk.usage.completion_tokens ?? out.completionTokens;
  }
}

/** Applies one SSE data payload; returns true on [DONE]. */
function applyEvent(data: string, out: AnswerOutcome): boolean {
  const trimmed = data.trim();
  if (trimmed === "[DONE]") return true;
  if (trimmed !== "") mergeChunk(parseChunk(trimmed, out.text), out);
  return false;
}

function interrupted(text: string, why: string): AttemptFailure {
  return new AttemptFailure("stream-interrupted", `the stream ended before the answer was complete (${why}; ${text.length} chars received)`, false);
}

async function readChunk(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  signal: AbortSignal,
  textSoFar: string,
): Promise<ReadableStreamReadResult<Uint8Array>> {
  try {
    return await reader.read();
  } catch (err) {
    if (signal.aborted) throw err;
    throw interrupted(textSoFar, networkCause(err));
  }
}

export async function readStreamAnswer(res: Response, opts: ReadOptions): Promise<AnswerOutcome> {
  if (!res.body) throw new AttemptFailure("bad-response", "the streamed answer has no body", false);
  const progress = new ProgressReporter(opts.onProgress, opts.progressIntervalMs);
  const parser = new SseParser();
  const decoder = new TextDecoder();
  const reader = res.body.getReader();
  const out: AnswerOutcome = { text: "" };
  let sawDone = false;
  let ended = false;
  while (!sawDone && !ended) {
    const chunk = await readChunk(reader, opts.signal, out.text);
    ended = chunk.done;
    const events = ended ? [...parser.feed(decoder.decode()), ...parser.end()] : parser.feed(decoder.decode(chunk.value, { stream: true }));
    sawDone = events.some((event) => applyEvent(event.data, out));
    progress.update(out.text);
  }
  if (sawDone) reader.cancel().catch(() => undefined);
  // Without [DONE], a finish_reason still proves the server finished the answer.
  if (!sawDone && !out.finishReason) throw interrupted(out.text, "no [DONE]");
  progress.flush(out.text, out.completionTokens);
  return out;
}
