/** Provider failures, each with a code the worker can act on and a one-line message fit for the job page. */

export type ProviderErrorCode =
  | "unauthorized"
  | "rate-limited"
  | "server-error"
  | "timeout"
  | "network"
  | "stream-interrupted"
  | "bad-response"
  /** The recorded (demo) provider has no recording for this request: only a real provider can answer it. */
  | "no-recording"
  | "missing-key"
  /** Other 4xx answers (unknown model, context too long…): retrying cannot help. */
  | "bad-request"
  /** The caller's signal aborted the call (job cancelled, worker shutting down). */
  | "aborted";

export class ProviderError extends Error {
  readonly code: ProviderErrorCode;
  readonly status?: number;
  readonly attempts?: number;

  constructor(code: ProviderErrorCode, message: string, extra: { status?: number; attempts?: number } = {}) {
    super(message);
    this.name = "ProviderError";
    this.code = code;
    this.status = extra.status;
    this.attempts = extra.attempts;
  }
}

export function isProviderError(err: unknown): err is ProviderError {
  return err instanceof ProviderError;
}

/** Replaces every occurrence of each secret with "***" (keys must never reach messages or logs). */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    // Very short values would mangle ordinary words; real keys are long.
    if (secret && secret.length >= 4) out = out.split(secret).join("***");
  }
  return out;
}

/** Collapses whitespace and cuts to one short line. */
export function oneLine(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
