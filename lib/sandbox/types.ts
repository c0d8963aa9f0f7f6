/**
 * The sandbox contract: every runner of repository code (tests gate, static-analysis gate) goes through
 * `runSandboxed` from lib/sandbox. Callers say what to run, where, and which paths it needs; the module
 * owns namespaces, mounts, privilege drop, limits, environment, cleanup and the probe.
 */

export interface SandboxLimits {
  /** Memory the whole run may use (default 2 GiB). */
  memoryBytes: number;
  /** Processes + threads (default 256). */
  processes: number;
  /** Largest file a process may write (default 1 GiB). */
  fileSizeBytes: number;
  /** Open files per process (default 1024). */
  openFiles: number;
  /** Size of the private /tmp (default 512 MiB). */
  tmpBytes: number;
  /** CPU seconds per process. */
  cpuSeconds: number;
  /** Wall clock for the whole run, ms. */
  wallMs: number;
}

export interface CopyOnWriteMount {
  /** Host directory shown read-only underneath (e.g. the checkout's node_modules or a venv). */
  source: string;
  /** Where it appears inside the sandbox (e.g. `<worktree>/node_modules`); writes land in a per-run layer discarded afterwards. */
  target: string;
}

export interface SandboxRequest {
  /** Program and arguments, exec'd inside (use ["/bin/sh", "-c", cmd] for a shell command). */
  argv: string[];
  /** Working directory; must be inside `writable` or `readOnly`. */
  cwd: string;
  /** Host directories bound read-write at the same path (the worktree). Made writable for the sandbox user. */
  writable: string[];
  /** Host directories bound read-only at the same path. */
  readOnly?: string[];
  /** Copy-on-write views: the source never changes, writes vanish after the run. */
  copyOnWrite?: CopyOnWriteMount[];
  /**
   * Host directory used as $HOME (writable, private to this run); the caller may read files the run wrote
   * there afterwards. Default: a fresh directory the module removes after the run.
   */
  home?: string;
  /** Variables added to the base environment (PATH, HOME, LANG, TMPDIR, CI). Secret-looking names are dropped. */
  env?: Record<string, string>;
  limits?: Partial<SandboxLimits>;
  signal?: AbortSignal;
  /** Cap per stream; the tail is kept. */
  maxOutputBytes?: number;
  /** Called with each chunk of output as it arrives (progress, live logs). */
  onOutput?: (chunk: string) => void;
}

export type SandboxLimitKind = "memory" | "processes" | "cpu" | "wall" | "file-size" | "tmp";

export type SandboxIsolation = "bwrap" | "none";

export interface SandboxResult {
  exitCode: number | null;
  signal: string | null;
  /** The wall-clock limit ended the run. */
  timedOut: boolean;
  aborted: boolean;
  /** A limit ended (or broke) the run: `message` names it, e.g. "stopped: memory limit 2 GiB". */
  limitHit?: { kind: SandboxLimitKind; message: string };
  stdout: string;
  stderr: string;
  /** Both streams in arrival order. */
  combined: string;
  durationMs: number;
  /** "none" only when an operator set GATEHOUSE_SANDBOX=off (unsafe). */
  isolation: SandboxIsolation;
  /** $HOME as seen inside the sandbox (to map paths in reports back to `request.home`). */
  homeInside: string;
}

export type SandboxProbe =
  | { ok: true; isolation: SandboxIsolation; uid: number; gid: number; note?: string }
  | { ok: false; reason: string; fix: string };
