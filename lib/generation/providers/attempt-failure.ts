/** One failed HTTP attempt, before the retry loop decides whether to try again. */
import type { ProviderErrorCode } from "./errors";

export class AttemptFailure extends Error {
  constructor(
    readonly code: ProviderErrorCode,
    readonly detail: string,
    readonly retryable: boolean,
    readonly extra: { status?: number; retryAfterMs?: number; dropStreamOptions?: boolean } = {},
  ) {
    super(detail);
  }
}

/** Short name for a fetch network failure ("ECONNREFUSED", "terminated"…). */
export function networkCause(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  if (cause?.code) return cause.code;
  if (cause?.message) return cause.message;
  return err instanceof Error ? err.message : String(err);
}
