/**
 * Why a failed job failed, for the Change page: the reason and the code the worker recorded with the
 * move to `failed` (e.g. "no-recording": the tier is served by the demo's recorded provider only).
 */
export interface JobFailureView {
  reason: string;
  /** The step's failure code, when it gave one (provider error codes, "no-recording"…). */
  code: string | null;
  /** The tier a provider problem concerns (what to configure in Settings → Providers). */
  tier: string | null;
  /** The provider that could not answer (e.g. the recorded demo provider), when known. */
  provider: string | null;
}

interface StatusEvent {
  action: string;
  details: unknown;
}

const asRecord = (v: unknown): Record<string, unknown> | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

/** The last move to `failed` among the job's audit events (oldest first), or null when the job is not failed. */
export function failureOf(job: { status: string; statusReason: string | null }, events: readonly StatusEvent[]): JobFailureView | null {
  if (job.status !== "failed") return null;
  const last = [...events].reverse().find((e) => e.action === "job.status" && asRecord(e.details)?.to === "failed");
  const d = asRecord(last?.details);
  return {
    reason: job.statusReason ?? "the job failed",
    code: typeof d?.code === "string" ? d.code : null,
    tier: typeof d?.tier === "string" ? d.tier : null,
    provider: typeof d?.provider === "string" ? d.provider : null,
  };
}
