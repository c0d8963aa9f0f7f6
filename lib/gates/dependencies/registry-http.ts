/** HTTP GET of registry JSON with a concurrency limit, a per-request timeout and retries with backoff. */
import { httpFetch, type HttpResponse } from "../../net/http-client";

/** Caps the number of tasks running at once (FIFO). */
export class ConcurrencyLimiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

export type JsonFetchResult =
  | { kind: "ok"; json: unknown }
  | { kind: "not-found" }
  | { kind: "error"; reason: string };

export interface JsonFetchOptions {
  limiter: ConcurrencyLimiter;
  timeoutMs: number;
  retries: number;
  /** First backoff delay; doubles on every retry. */
  retryBaseDelayMs: number;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

class Retryable extends Error {}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return error.name === "TimeoutError" ? `timed out after ${timeoutMs} ms` : "aborted";
  }
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  if (cause?.code === "ECONNREFUSED") return "connection refused";
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ""}`;
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
  });
}

async function attempt(url: string, options: JsonFetchOptions): Promise<JsonFetchResult> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: HttpResponse;
  let body: string;
  try {
    response = await httpFetch(url, { headers: { accept: "application/json", ...options.headers }, signal });
    if (response.status === 404 || response.status === 410) {
      response.discard();
      return { kind: "not-found" };
    }
    body = await response.text(); // still under the timeout signal: a stalled body times out too
  } catch (error) {
    if (options.signal?.aborted) return { kind: "error", reason: "aborted" };
    throw new Retryable(describeNetworkError(error, options.timeoutMs));
  }
  if (response.status === 429 || response.status >= 500) throw new Retryable(`HTTP ${response.status}`);
  if (!response.ok) return { kind: "error", reason: `HTTP ${response.status}` };
  try {
    return { kind: "ok", json: JSON.parse(body) };
  } catch {
    return { kind: "error", reason: "malformed JSON in response" };
  }
}

/** GET `url` as JSON. 404/410 → not-found; network errors, timeouts, 429 and 5xx are retried, then reported. */
export async function fetchRegistryJson(url: string, options: JsonFetchOptions): Promise<JsonFetchResult> {
  let lastReason = "no attempt made";
  for (let tryIndex = 0; tryIndex <= options.retries; tryIndex++) {
    if (options.signal?.aborted) return { kind: "error", reason: "aborted" };
    if (tryIndex > 0) await sleep(Math.min(options.retryBaseDelayMs * 2 ** (tryIndex - 1), 5_000), options.signal);
    try {
      return await options.limiter.run(() => attempt(url, options));
    } catch (error) {
      if (!(error instanceof Retryable)) return { kind: "error", reason: String(error) };
      lastReason = error.message;
    }
  }
  const attempts = options.retries + 1;
  return { kind: "error", reason: `${lastReason} (${attempts} attempt${attempts === 1 ? "" : "s"})` };
}
