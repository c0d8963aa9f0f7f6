/**
 * SQLite allows one writer at a time. The connection waits up to busy_timeout for the lock; if that
 * still is not enough (many processes), the statement fails with SQLITE_BUSY and is safe to retry
 * because nothing was written.
 */
const BUSY_CODES = /^SQLITE_(BUSY|LOCKED)/;

export function isSqliteBusyError(err: unknown): boolean {
  if (!err || typeof err !== "object") return false;
  const e = err as { code?: unknown; message?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } };
  const original = e.meta?.driverAdapterError?.cause?.originalCode;
  if (typeof original === "string" && BUSY_CODES.test(original)) return true;
  if (typeof e.code === "string" && BUSY_CODES.test(e.code)) return true;
  return typeof e.message === "string" && /SQLITE_BUSY|database is locked/.test(e.message);
}

export interface BusyRetryOptions {
  attempts?: number;
  baseDelayMs?: number;
}

/** Runs `fn`, retrying with jittered backoff while it fails with SQLITE_BUSY. Other errors pass through. */
export async function retryOnBusy<T>(fn: () => Promise<T>, opts: BusyRetryOptions = {}): Promise<T> {
  const attempts = opts.attempts ?? 10;
  const base = opts.baseDelayMs ?? 10;
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts || !isSqliteBusyError(err)) throw err;
      const delay = Math.min(1_000, base * 2 ** (i - 1)) * (0.5 + Math.random());
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
