/**
 * Can the sandbox run here? Runs a tiny command through the real set-up and checks what it became: the
 * sandbox uid, no capabilities, no_new_privs. Cached per bwrap binary and settings (failures for 30 s, so
 * an operator's fix is picked up without a restart).
 */
import { readSandboxConfig, type SandboxConfig } from "./config";
import { isSandboxUnavailable } from "./errors";
import { findOnPath } from "./processes";
import { isRoot, runInBwrap } from "./run";
import type { SandboxProbe } from "./types";

const FAILURE_TTL_MS = 30_000;
const cache = new Map<string, { at: number; probe: Promise<SandboxProbe> }>();

export const UNSAFE_NOTE = "GATEHOUSE_SANDBOX=off: repository code runs directly on the worker host, unsandboxed (unsafe)";

export function resolveBwrap(config: SandboxConfig): string | null {
  return findOnPath(config.bwrap, process.env.PATH);
}

export async function probeSandbox(config: SandboxConfig = readSandboxConfig()): Promise<SandboxProbe> {
  const uid = process.getuid?.() ?? -1;
  const gid = process.getgid?.() ?? -1;
  if (config.mode === "off") return { ok: true, isolation: "none", uid, gid, note: UNSAFE_NOTE };
  const bwrap = resolveBwrap(config);
  if (!bwrap) {
    return { ok: false, reason: "bubblewrap (bwrap) is not installed on the worker host", fix: "install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap)" };
  }
  const key = JSON.stringify([bwrap, config.uid, config.gid, uid]);
  const hit = cache.get(key);
  if (hit) {
    const probe = await hit.probe;
    if (probe.ok || Date.now() - hit.at < FAILURE_TTL_MS) return probe;
  }
  const probe = runProbe(config, bwrap);
  cache.set(key, { at: Date.now(), probe });
  return probe;
}

async function runProbe(config: SandboxConfig, bwrap: string): Promise<SandboxProbe> {
  const root = isRoot();
  const expectUid = root ? config.uid : process.getuid!();
  const expectGid = root ? config.gid : process.getgid!();
  try {
    const res = await runInBwrap(
      { argv: ["/bin/cat", "/proc/self/status"], cwd: "/", writable: [], limits: { wallMs: 15_000, cpuSeconds: 10 } },
      config,
      bwrap,
    );
    const field = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, "m").exec(res.stdout)?.[1]?.trim().split(/\s+/) ?? [];
    if (res.exitCode !== 0) {
      return { ok: false, reason: `the sandbox test command failed (exit ${res.exitCode ?? res.signal}): ${res.stderr.trim().split("\n")[0] ?? ""}`, fix: "check that `bwrap --ro-bind /usr /usr true` works on the worker host" };
    }
    const uids = field("Uid").map(Number);
    const gids = field("Gid").map(Number);
    if (uids.length === 0 || uids.some((u) => u !== expectUid) || gids.some((g) => g !== expectGid)) {
      return {
        ok: false,
        reason: `the uid switch was refused: the sandboxed process ran as uid ${uids.join("/")} gid ${gids.join("/")}, not ${expectUid}:${expectGid}`,
        fix: "set GATEHOUSE_SANDBOX_UID / GATEHOUSE_SANDBOX_GID to an unprivileged user and group that exist, and use Debian's bubblewrap",
      };
    }
    const capEff = field("CapEff")[0];
    if (root && (!capEff || !/^0+$/.test(capEff))) {
      return { ok: false, reason: `the sandboxed process kept capabilities (CapEff ${capEff ?? "unknown"})`, fix: "use Debian's bubblewrap and util-linux setpriv" };
    }
    if (root && field("NoNewPrivs")[0] !== "1") {
      return { ok: false, reason: "no_new_privs was not set in the sandbox", fix: "use util-linux setpriv with --no-new-privs support" };
    }
    return {
      ok: true,
      isolation: "bwrap",
      uid: expectUid,
      gid: expectGid,
      ...(root ? {} : { note: "the worker is not root: the sandbox runs in a user namespace as the worker's uid, and copy-on-write directories are read-only" }),
    };
  } catch (err) {
    if (isSandboxUnavailable(err)) return { ok: false, reason: err.reason, fix: err.fix };
    return { ok: false, reason: `the sandbox could not be set up: ${err instanceof Error ? err.message : String(err)}`, fix: "check the worker host's bubblewrap installation" };
  }
}

/** For tests: forget cached probes. */
export function resetProbeCache(): void {
  cache.clear();
}
