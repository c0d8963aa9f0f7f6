/**
 * Sandbox settings: the operator's switch (GATEHOUSE_SANDBOX), the unprivileged uid/gid, and limits.
 * Effective limits = defaults ← the caller's (policy, timeouts) ← the operator's env overrides.
 */
import { z } from "zod";
import type { SandboxLimits } from "./types";

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = {
  memoryBytes: 2 * GiB,
  processes: 256,
  fileSizeBytes: 1 * GiB,
  openFiles: 1024,
  tmpBytes: 512 * MiB,
  cpuSeconds: 300,
  wallMs: 5 * 60_000,
};

/** nobody/nogroup on Debian. */
export const DEFAULT_SANDBOX_UID = 65534;
export const DEFAULT_SANDBOX_GID = 65534;

export interface SandboxConfig {
  /** "off" (operator, unsafe): run directly on the host, results carry isolation "none". */
  mode: "on" | "off";
  uid: number;
  gid: number;
  /** Operator overrides from the environment; they win over the caller's limits. */
  limitOverrides: Partial<SandboxLimits>;
  /** Per-run cgroups for memory and processes when writable (else per-process rlimits). */
  cgroups: boolean;
  /** bwrap to run: a path, or a name looked up on PATH at probe time. */
  bwrap: string;
  /** Directories never exposed, even when a PATH entry points inside (the Gatehouse app and its data). */
  hidden: string[];
}

/** Env variable → limit, with its unit. Shown on Settings → Policy. */
export const LIMIT_ENV: Record<keyof SandboxLimits, { name: string; scale: number }> = {
  memoryBytes: { name: "GATEHOUSE_SANDBOX_MEMORY_MB", scale: MiB },
  processes: { name: "GATEHOUSE_SANDBOX_PROCESSES", scale: 1 },
  fileSizeBytes: { name: "GATEHOUSE_SANDBOX_FILE_SIZE_MB", scale: MiB },
  openFiles: { name: "GATEHOUSE_SANDBOX_OPEN_FILES", scale: 1 },
  tmpBytes: { name: "GATEHOUSE_SANDBOX_TMP_MB", scale: MiB },
  cpuSeconds: { name: "GATEHOUSE_SANDBOX_CPU_SECONDS", scale: 1 },
  wallMs: { name: "GATEHOUSE_SANDBOX_WALL_SECONDS", scale: 1000 },
};

const positiveInt = z.coerce.number().int().positive();
const id = z.coerce.number().int().min(0).max(2 ** 32 - 2);

export class SandboxConfigError extends Error {}

export function readSandboxConfig(env: Record<string, string | undefined> = process.env): SandboxConfig {
  const mode = (env.GATEHOUSE_SANDBOX ?? "on").trim().toLowerCase();
  if (!["on", "off", ""].includes(mode)) {
    throw new SandboxConfigError(`GATEHOUSE_SANDBOX must be "on" or "off" (got "${env.GATEHOUSE_SANDBOX}")`);
  }
  const limitOverrides: Partial<SandboxLimits> = {};
  for (const [key, spec] of Object.entries(LIMIT_ENV) as [keyof SandboxLimits, { name: string; scale: number }][]) {
    const raw = env[spec.name]?.trim();
    if (!raw) continue;
    const parsed = positiveInt.safeParse(raw);
    if (!parsed.success) throw new SandboxConfigError(`${spec.name} must be a positive whole number (got "${raw}")`);
    limitOverrides[key] = parsed.data * spec.scale;
  }
  const parseId = (name: string, fallback: number) => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const parsed = id.safeParse(raw);
    if (!parsed.success) throw new SandboxConfigError(`${name} must be a numeric id (got "${raw}")`);
    if (parsed.data === 0) throw new SandboxConfigError(`${name} must not be 0 (root)`);
    return parsed.data;
  };
  const dataDir = env.GATEHOUSE_DATA_DIR?.trim();
  return {
    mode: mode === "off" ? "off" : "on",
    uid: parseId("GATEHOUSE_SANDBOX_UID", DEFAULT_SANDBOX_UID),
    gid: parseId("GATEHOUSE_SANDBOX_GID", DEFAULT_SANDBOX_GID),
    limitOverrides,
    cgroups: (env.GATEHOUSE_SANDBOX_CGROUPS ?? "on").trim().toLowerCase() !== "off",
    bwrap: env.GATEHOUSE_BWRAP?.trim() || "bwrap",
    hidden: [process.cwd(), ...(dataDir ? [dataDir] : [])],
  };
}

export function effectiveLimits(config: SandboxConfig, requested: Partial<SandboxLimits> = {}): SandboxLimits {
  const out = { ...DEFAULT_SANDBOX_LIMITS };
  for (const source of [requested, config.limitOverrides]) {
    for (const [k, v] of Object.entries(source) as [keyof SandboxLimits, number | undefined][]) {
      if (typeof v === "number" && Number.isFinite(v) && v > 0) out[k] = Math.floor(v);
    }
  }
  return out;
}
