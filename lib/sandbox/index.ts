/**
 * The sandbox for repository code (see README.md). `runSandboxed` refuses to run anything when the probe
 * fails (SandboxUnavailableError with reason + fix); only GATEHOUSE_SANDBOX=off runs code unsandboxed.
 */
import { readSandboxConfig, type SandboxConfig } from "./config";
import { SandboxUnavailableError } from "./errors";
import { probeSandbox, resolveBwrap } from "./probe";
import { runInBwrap, runUnsandboxed } from "./run";
import type { SandboxRequest, SandboxResult } from "./types";

export * from "./types";
export { DEFAULT_SANDBOX_LIMITS, LIMIT_ENV, effectiveLimits, readSandboxConfig, SandboxConfigError, type SandboxConfig } from "./config";
export { SandboxUnavailableError, isSandboxUnavailable } from "./errors";
export { probeSandbox, resetProbeCache, UNSAFE_NOTE } from "./probe";
export { killProcessesUnder } from "./processes";
export { TailBuffer } from "./output";
export { isSecretName } from "./env";
export { formatLimitBytes } from "./limits";

export interface RunSandboxedOptions {
  /** Settings to use instead of the environment's (tests, bench). */
  config?: SandboxConfig;
}

export async function runSandboxed(req: SandboxRequest, opts: RunSandboxedOptions = {}): Promise<SandboxResult> {
  if (req.argv.length === 0) throw new Error("runSandboxed: argv is empty");
  const config = opts.config ?? readSandboxConfig();
  if (config.mode === "off") return runUnsandboxed(req, config);
  const probe = await probeSandbox(config);
  if (!probe.ok) throw new SandboxUnavailableError(probe.reason, probe.fix);
  const bwrap = resolveBwrap(config);
  if (!bwrap) throw new SandboxUnavailableError("bubblewrap (bwrap) is not installed on the worker host", "install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap)");
  return runInBwrap(req, config, bwrap);
}
