/**
 * Runs the test command (a shell command line) in the sandbox (lib/sandbox): namespaces, unprivileged
 * uid, limits, private home and /tmp, and nothing left running afterwards are the sandbox's job.
 */
import { runSandboxed, type CopyOnWriteMount, type SandboxConfig, type SandboxLimits, type SandboxResult } from "../../sandbox";

export { killProcessesUnder } from "../../sandbox";

export interface RunCommandOptions {
  command: string;
  cwd: string;
  /** Variables added to the sandbox's base environment (secret-looking names are dropped). */
  env: Record<string, string>;
  /** Private $HOME of the run (its files are read afterwards, e.g. a JUnit report). */
  home?: string;
  timeoutMs: number;
  /** RLIMIT_CPU for each process, seconds. */
  cpuSeconds: number;
  /** Memory, processes, file size… (defaults: the sandbox's, overridden by the operator's env). */
  limits?: Partial<SandboxLimits>;
  /** Writable directories (the worktree). */
  writable: string[];
  readOnly?: string[];
  /** Checkout directories (node_modules, a venv) shown in the worktree; writes vanish after the run. */
  copyOnWrite?: CopyOnWriteMount[];
  signal?: AbortSignal;
  /** Cap per stream; the tail is kept. */
  maxOutputBytes?: number;
  /** Sandbox settings instead of the environment's (tests). */
  sandboxConfig?: SandboxConfig;
}

export type RunCommandResult = SandboxResult;

export function runCommand(opts: RunCommandOptions): Promise<RunCommandResult> {
  return runSandboxed(
    {
      argv: ["/bin/sh", "-c", opts.command],
      cwd: opts.cwd,
      writable: opts.writable,
      ...(opts.readOnly ? { readOnly: opts.readOnly } : {}),
      ...(opts.copyOnWrite?.length ? { copyOnWrite: opts.copyOnWrite } : {}),
      ...(opts.home ? { home: opts.home } : {}),
      env: opts.env,
      limits: { ...opts.limits, wallMs: opts.timeoutMs, cpuSeconds: opts.cpuSeconds },
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.maxOutputBytes ? { maxOutputBytes: opts.maxOutputBytes } : {}),
    },
    opts.sandboxConfig ? { config: opts.sandboxConfig } : {},
  );
}
