/**
 * Sandbox limits on Settings → Policy: what a lead sets (MiB and counts), what the operator's
 * GATEHOUSE_SANDBOX_* variables override, and the SandboxLimits the gates pass to lib/sandbox.
 */
import { z } from "zod";
import { DEFAULT_SANDBOX_LIMITS, LIMIT_ENV } from "../sandbox/config";
import type { SandboxLimits } from "../sandbox/types";

const MiB = 1024 * 1024;

export interface SandboxPolicy {
  memoryMb: number;
  processes: number;
  fileSizeMb: number;
  openFiles: number;
  tmpMb: number;
}
export type SandboxPolicyKey = keyof SandboxPolicy;

/** Each policy field: the sandbox limit it sets, its unit scale, bounds and label. */
export const SANDBOX_POLICY_FIELDS: Record<SandboxPolicyKey, { limit: keyof SandboxLimits; scale: number; min: number; max: number; label: string }> = {
  memoryMb: { limit: "memoryBytes", scale: MiB, min: 64, max: 262_144, label: "Memory per run (MiB)" },
  processes: { limit: "processes", scale: 1, min: 16, max: 32_768, label: "Processes and threads per run" },
  fileSizeMb: { limit: "fileSizeBytes", scale: MiB, min: 1, max: 262_144, label: "Largest file written (MiB)" },
  openFiles: { limit: "openFiles", scale: 1, min: 64, max: 1_048_576, label: "Open files per process" },
  tmpMb: { limit: "tmpBytes", scale: MiB, min: 16, max: 65_536, label: "Private /tmp size (MiB)" },
};
const KEYS = Object.keys(SANDBOX_POLICY_FIELDS) as SandboxPolicyKey[];

export const DEFAULT_SANDBOX_POLICY: SandboxPolicy = Object.fromEntries(
  KEYS.map((k) => [k, DEFAULT_SANDBOX_LIMITS[SANDBOX_POLICY_FIELDS[k].limit] / SANDBOX_POLICY_FIELDS[k].scale]),
) as unknown as SandboxPolicy;

const whole = (k: SandboxPolicyKey) => {
  const f = SANDBOX_POLICY_FIELDS[k];
  return z.number().int("Must be a whole number").min(f.min, `At least ${f.min}`).max(f.max, `At most ${f.max}`);
};
export const sandboxPolicySchema = z.strictObject({
  memoryMb: whole("memoryMb"),
  processes: whole("processes"),
  fileSizeMb: whole("fileSizeMb"),
  openFiles: whole("openFiles"),
  tmpMb: whole("tmpMb"),
});

/** The sandbox limits a policy asks for (the sandbox applies the operator's overrides on top). */
export function sandboxLimitsFromPolicy(p: SandboxPolicy): Partial<SandboxLimits> {
  const out: Partial<SandboxLimits> = {};
  for (const k of KEYS) out[SANDBOX_POLICY_FIELDS[k].limit] = p[k] * SANDBOX_POLICY_FIELDS[k].scale;
  return out;
}

/** Columns of the Policy row ↔ the policy object (null columns: defaults). */
export interface SandboxColumns {
  sandboxMemoryMb: number | null;
  sandboxProcesses: number | null;
  sandboxFileSizeMb: number | null;
  sandboxOpenFiles: number | null;
  sandboxTmpMb: number | null;
}
const COLUMN: Record<SandboxPolicyKey, keyof SandboxColumns> = {
  memoryMb: "sandboxMemoryMb",
  processes: "sandboxProcesses",
  fileSizeMb: "sandboxFileSizeMb",
  openFiles: "sandboxOpenFiles",
  tmpMb: "sandboxTmpMb",
};

export function sandboxPolicyFromRow(row: Partial<SandboxColumns>): SandboxPolicy {
  return Object.fromEntries(KEYS.map((k) => [k, row[COLUMN[k]] ?? DEFAULT_SANDBOX_POLICY[k]])) as unknown as SandboxPolicy;
}

export function sandboxPolicyToRow(p: SandboxPolicy): SandboxColumns {
  return Object.fromEntries(KEYS.map((k) => [COLUMN[k], p[k]])) as unknown as SandboxColumns;
}

/** What the operator's environment sets, shown next to the fields (it wins over the saved policy). */
export interface SandboxEnvView {
  mode: "on" | "off";
  overrides: Partial<Record<SandboxPolicyKey, { env: string; value: number }>>;
  /** A GATEHOUSE_SANDBOX_* variable that cannot be read (runs then fail closed). */
  error?: string;
}

export function sandboxEnvView(env: Record<string, string | undefined> = process.env): SandboxEnvView {
  const view: SandboxEnvView = { mode: (env.GATEHOUSE_SANDBOX ?? "").trim().toLowerCase() === "off" ? "off" : "on", overrides: {} };
  for (const k of KEYS) {
    const spec = LIMIT_ENV[SANDBOX_POLICY_FIELDS[k].limit];
    const raw = env[spec.name]?.trim();
    if (!raw) continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0) view.error = `${spec.name} must be a positive whole number (got "${raw}")`;
    else view.overrides[k] = { env: spec.name, value: n };
  }
  return view;
}
