/**
 * What a running job's page shows, from one state (status, stage, revisions): the header's progress
 * and the gate cards agree. While gates run the worker writes their progress into Job.stage (the only
 * place it lives until all results are stored at once), written and read here; while the next revision
 * is generated (after a reroute) the revision on the page is the previous one, and says so.
 */

/**
 * Job.nextCause of a job queued only to re-run its latest revision's gates: REGATE_CAUSE of
 * lib/review/rerun-gates (a server module; the test keeps the two equal).
 */
export const REGATE_NEXT_CAUSE = "regate";

/** Statuses in which the next revision is being made (no new Change row yet). */
const MAKING_REVISION = new Set(["queued", "building_context", "generating", "rerouted"]);


/** The stage written while gates run: "gates: 2/5 done (tests pass, dependencies warn)". */
export function formatGateProgress(done: readonly { gate: string; status: string }[], total: number): string {
  return `gates: ${done.length}/${total} done${done.length ? ` (${done.map((d) => `${d.gate} ${d.status}`).join(", ")})` : ""}`;
}

/** The stage written when the gates start. */
export function formatGatesStarted(gates: readonly string[]): string {
  return `running gates: ${gates.join(", ")}`;
}

/** Gates finished so far according to a stage, by name; null when the stage is not gate progress. */
export function parseGateProgress(stage: string | null | undefined): Record<string, string> | null {
  if (!stage) return null;
  if (stage.startsWith("running gates:")) return {};
  const m = /^gates: \d+\/\d+ done(?: \((.*)\))?$/.exec(stage);
  if (!m) return null;
  const out: Record<string, string> = {};
  for (const part of (m[1] ?? "").split(", ")) {
    const [gate, status] = part.split(" ");
    if (gate && status) out[gate] = status;
  }
  return out;
}

export interface RunView {
  /** The revision on the page while a newer one is being generated (its results are the previous revision's). */
  previousRevision: number | null;
  /** The revision being generated. */
  nextRevision: number | null;
  /** Gates are running on the revision on the page: those done so far with their status. */
  gating: Record<string, string> | null;
  /** The stored results on the page are from an earlier run of the same revision's gates (a re-run). */
  rerunning: boolean;
}

export function runView(opts: {
  status: string;
  stage: string | null;
  nextCause: string | null;
  /** Revision the page shows (null before the first). */
  shownRevision: number | null;
  /** Latest revision the server knows (from polling); the page catches up on its own. */
  latestRevision?: number | null;
}): RunView {
  const none: RunView = { previousRevision: null, nextRevision: null, gating: null, rerunning: false };
  const shown = opts.shownRevision;
  if (shown === null) return none;
  const regate = opts.nextCause === REGATE_NEXT_CAUSE;
  if (MAKING_REVISION.has(opts.status) && !regate) {
    return { ...none, previousRevision: shown, nextRevision: Math.max(shown, opts.latestRevision ?? shown) + 1 };
  }
  if (opts.status === "gating" || (regate && MAKING_REVISION.has(opts.status))) {
    return { ...none, gating: opts.status === "gating" ? (parseGateProgress(opts.stage) ?? {}) : {}, rerunning: regate };
  }
  return none;
}
