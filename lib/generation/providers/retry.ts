/** Retry timing: exponential backoff with full jitter, and the server's Retry-After when it sends one. */

export interface BackoffOptions {
  /** First retry waits up to this long (doubles each attempt). */
  baseDelayMs: number;
  /** Upper bound of one backoff wait. */
  maxDelayMs: number;
  /** Upper bound of a server-requested Retry-After wait. */
  maxRetryAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 30_000 };

/** Delay before retry number `attempt` (0-based). Full jitter spreads retries of many workers apart. */
export function backoffDelayMs(attempt: number, opts: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** attempt);
  // Keep at least half the ceiling so a retry is never immediate.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Parses Retry-After (delta seconds or an HTTP date) into milliseconds, capped; undefined when absent or invalid. */
export function parseRetryAfterMs(header: string | null, capMs: number, now: number = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(trimmed)) ms = Number(trimmed) * 1000;
  else {
    const date = Date.parse(trimmed);
    if (Number.isNaN(date)) return undefined;
    ms = date - now;
  }
  return Math.max(0, Math.min(capMs, Math.round(ms)));
}

/** Sleeps, waking early (with the signal's reason) when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
