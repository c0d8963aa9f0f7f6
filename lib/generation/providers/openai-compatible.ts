/**
 * The real provider: OpenAI-compatible `POST {baseUrl}/chat/completions` (OpenAI, vLLM, Ollama, llama.cpp server,
 * LM Studio). Streams by default so the job page shows progress; retries 429/5xx/network failures with backoff.
 * The API key is read from the named environment variable at call time and never appears in messages.
 */
import http from "node:http";
import { AttemptFailure, networkCause } from "./attempt-failure";
import { ProviderConfigSchema, providerLabel, type ProviderConfig, type ProviderConfigInput } from "./config";
import { chatCompletionsEndpoint, urlSecrets } from "./endpoint";
import { ProviderError, oneLine, redact } from "./errors";
import { buildRequestBody, errorBodyExcerpt, type ChatCompletionBody } from "./openai-wire";
import { estimateTokens } from "./progress";
import { readJsonAnswer, readStreamAnswer, type AnswerOutcome } from "./read-answer";
import { backoffDelayMs, DEFAULT_BACKOFF, parseRetryAfterMs, sleep, type BackoffOptions } from "./retry";
import type { CompleteOptions, CompletionRequest, CompletionResult, ModelProvider } from "./types";

export interface OpenAICompatibleOptions {
  /** Where the API key variable is read from, at call time (default process.env). */
  env?: Record<string, string | undefined>;
  fetch?: typeof fetch;
  backoff?: Partial<BackoffOptions>;
  /** Minimum time between two progress callbacks (default 250 ms). */
  progressIntervalMs?: number;
  random?: () => number;
}

const MAX_ERROR_BODY_CHARS = 4_000;

function statusLine(status: number): string {
  return `${status} ${http.STATUS_CODES[status] ?? "HTTP error"}`;
}

/** State of one complete() call across its attempts. */
interface CallState {
  req: CompletionRequest;
  opts: CompleteOptions;
  key: string | undefined;
  signal: AbortSignal;
  started: number;
  attempts: number;
  includeUsage: boolean;
}

export class OpenAICompatibleProvider implements ModelProvider {
  readonly kind = "openai" as const;
  readonly name: string;
  readonly tier: ProviderConfig["tier"];
  readonly model: string;
  readonly config: ProviderConfig;
  private readonly options: OpenAICompatibleOptions;
  private readonly backoff: BackoffOptions;
  private readonly label: string;

  constructor(config: ProviderConfigInput, options: OpenAICompatibleOptions = {}) {
    this.config = ProviderConfigSchema.parse(config);
    if (this.config.kind !== "openai") throw new Error(`provider ${this.config.name} is not of kind openai`);
    this.name = this.config.name;
    this.tier = this.config.tier;
    this.model = this.config.model;
    this.options = options;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.label = providerLabel(this.config);
  }

  async complete(req: CompletionRequest, opts: CompleteOptions = {}): Promise<CompletionResult> {
    // One deadline for the whole call, retries and waits included: the job never waits longer than timeoutMs.
    const deadline = AbortSignal.timeout(this.config.timeoutMs);
    const state: CallState = {
      req,
      opts,
      key: this.readKey(),
      signal: opts.signal ? AbortSignal.any([opts.signal, deadline]) : deadline,
      started: performance.now(),
      attempts: 0,
      includeUsage: true,
    };
    for (;;) {
      state.attempts += 1;
      try {
        return this.toResult(await this.attempt(state), state);
      } catch (err) {
        await this.handleFailure(this.classify(err, state), state);
      }
    }
  }

  /** Returns when another attempt should be made; throws the final ProviderError otherwise. */
  private async handleFailure(failure: AttemptFailure, state: CallState): Promise<void> {
    if (failure.extra.dropStreamOptions && state.includeUsage) {
      // Some servers reject stream_options; resend once without it (not counted against retries).
      state.includeUsage = false;
      state.attempts -= 1;
      return;
    }
    if (!failure.retryable || state.attempts > this.config.maxRetries) throw this.toProviderError(failure, state);
    const waitMs = failure.extra.retryAfterMs ?? backoffDelayMs(state.attempts - 1, this.backoff, this.options.random);
    // Report the real cause now rather than a timeout after a wait that cannot end in time.
    if (performance.now() + waitMs > state.started + this.config.timeoutMs) throw this.toProviderError(failure, state);
    try {
      await sleep(waitMs, state.signal);
    } catch (abortErr) {
      throw this.toProviderError(this.classify(abortErr, state), state);
    }
  }

  private readKey(): string | undefined {
    const envName = this.config.apiKeyEnv;
    if (!envName) return undefined;
    const value = (this.options.env ?? process.env)[envName]?.trim();
    if (!value) throw new ProviderError("missing-key", `${this.label}: ${envName} is not set on the server`);
    return value;
  }

  private requestBody(state: CallState): ChatCompletionBody {
    return buildRequestBody({
      model: this.config.model,
      messages: state.req.messages,
      temperature: state.req.temperature ?? this.config.temperature,
      maxTokens: state.req.maxTokens ?? this.config.maxTokens,
      stream: this.config.stream,
      includeUsage: state.includeUsage,
    });
  }

  private async attempt(state: CallState): Promise<AnswerOutcome> {
    const body = this.requestBody(state);
    const res = await this.send(body, state);
    if (!res.ok) throw await this.httpFailure(res, body);
    const readOpts = { signal: state.signal, onProgress: state.opts.onProgress, progressIntervalMs: this.options.progressIntervalMs ?? 250 };
    // A server may ignore stream:true and answer with one JSON document.
    const isJson = (res.headers.get("content-type") ?? "").includes("application/json");
    return body.stream && !isJson ? readStreamAnswer(res, readOpts) : readJsonAnswer(res, readOpts);
  }

  private async send(body: ChatCompletionBody, state: CallState): Promise<Response> {
    const endpoint = chatCompletionsEndpoint(this.config.baseUrl);
    const headers: Record<string, string> = {
      "content-type": "application/json",
      accept: body.stream ? "text/event-stream" : "application/json",
    };
    const authorization = state.key ? `Bearer ${state.key}` : endpoint.basicAuth;
    if (authorization) headers.authorization = authorization;
    try {
      return await (this.options.fetch ?? fetch)(endpoint.url, { method: "POST", headers, body: JSON.stringify(body), signal: state.signal });
    } catch (err) {
      if (state.signal.aborted) throw err;
      throw new AttemptFailure("network", `cannot connect (${networkCause(err)})`, true);
    }
  }

  private async httpFailure(res: Response, body: ChatCompletionBody): Promise<AttemptFailure> {
    const text = await res.text().then(
      (t) => t.slice(0, MAX_ERROR_BODY_CHARS),
      () => "",
    );
    const status = res.status;
    if (status === 401 || status === 403) return new AttemptFailure("unauthorized", statusLine(status), false, { status });
    const excerpt = oneLine(errorBodyExcerpt(text), 160);
    const detail = excerpt ? `${statusLine(status)} — ${excerpt}` : statusLine(status);
    const retryAfterMs = parseRetryAfterMs(res.headers.get("retry-after"), this.backoff.maxRetryAfterMs);
    if (status === 429) return new AttemptFailure("rate-limited", detail, true, { status, retryAfterMs });
    if (status >= 500) return new AttemptFailure("server-error", detail, true, { status, retryAfterMs });
    const dropStreamOptions = status === 400 && body.stream_options !== undefined && /stream_options/i.test(text);
    return new AttemptFailure("bad-request", detail, false, { status, dropStreamOptions });
  }

  private toResult(outcome: AnswerOutcome, state: CallState): CompletionResult {
    const promptChars = state.req.messages.reduce((sum, m) => sum + m.content.length, 0);
    const result: CompletionResult = {
      text: outcome.text,
      model: outcome.model ?? this.config.model,
      promptTokens: outcome.promptTokens ?? estimateTokens(promptChars),
      completionTokens: outcome.completionTokens ?? estimateTokens(outcome.text.length),
      latencyMs: Math.round(performance.now() - state.started),
      recorded: false,
      attempts: state.attempts,
    };
    if (outcome.finishReason) result.finishReason = outcome.finishReason;
    if (outcome.promptTokens === undefined || outcome.completionTokens === undefined) result.estimated = true;
    return result;
  }

  private classify(err: unknown, state: CallState): AttemptFailure {
    if (err instanceof AttemptFailure) return err;
    if (state.opts.signal?.aborted) return new AttemptFailure("aborted", "cancelled", false);
    if (state.signal.aborted) {
      return new AttemptFailure("timeout", `no complete answer within ${Math.round(this.config.timeoutMs / 100) / 10} s`, false);
    }
    return new AttemptFailure("network", `request failed (${networkCause(err)})`, true);
  }

  private toProviderError(failure: AttemptFailure, state: CallState): ProviderError {
    let message = `${this.label}: ${failure.detail}`;
    if (failure.code === "unauthorized") {
      message += this.config.apiKeyEnv
        ? ` — check ${this.config.apiKeyEnv}`
        : " — the server wants an API key; set the provider's key variable";
    }
    if (failure.retryable && state.attempts > 1) message += ` (after ${state.attempts} attempts)`;
    const secrets = [state.key, ...urlSecrets(this.config.baseUrl)];
    return new ProviderError(failure.code, redact(message, secrets), { status: failure.extra.status, attempts: state.attempts });
  }
}
