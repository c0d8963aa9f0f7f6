/** The sandbox cannot be set up: nothing was run. `reason` says what failed, `fix` what the operator can do. */
export class SandboxUnavailableError extends Error {
  constructor(
    readonly reason: string,
    readonly fix: string,
  ) {
    super(`sandbox unavailable: ${reason} — fix: ${fix}`);
    this.name = "SandboxUnavailableError";
  }
}

export function isSandboxUnavailable(err: unknown): err is SandboxUnavailableError {
  return err instanceof SandboxUnavailableError;
}
