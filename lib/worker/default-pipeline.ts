/**
 * The production pipeline: building_context → generating → gating → awaiting_review.
 * The real work is plugged in through PipelineDeps by the context, generation and gates modules.
 * PLACEHOLDER: until a dependency is supplied, its step fails the job with a reason that says what is
 * missing — never a pretend success.
 */
import type { Job } from "../domain/db-types";
import type { RunningStatus } from "../domain/job-status";
import { createPipeline, type Pipeline } from "./pipeline";
import { outcome, type StepContext, type StepOutcome } from "./steps";
import { REGATE_CAUSE } from "../review/rerun-gates";

export type StepRunner = (ctx: StepContext) => Promise<StepOutcome>;

export interface PipelineDeps {
  /** building_context: pick the files and notes the model sees. Advance → generating. */
  buildContext?: StepRunner;
  /** generating: call the routed provider, store the Change (via outcome effects). Advance → gating. */
  generate?: StepRunner;
  /** gating: run the gates on the newest Change. Advance → awaiting_review, or reroute via queued. */
  runGates?: StepRunner;
  /** Where a queued job starts; default: patch-intake jobs (first revision) go straight to gating. */
  entryStatus?: (job: Job) => RunningStatus | Promise<RunningStatus>;
}

function notConfigured(what: string): StepRunner {
  return async () => outcome.fail(`${what} configured (lib/worker/default-pipeline.ts has no implementation plugged in)`);
}

export function defaultEntryStatus(job: Job): RunningStatus {
  if (job.nextCause === "rebased") return "gating"; // an approved change re-applied on a moved branch
  if (job.nextCause === REGATE_CAUSE) return "gating"; // a reviewer re-runs the gates of the current revision
  return job.source === "patch" && job.rerouteCount === 0 ? "gating" : "building_context";
}

export function createDefaultPipeline(deps: PipelineDeps = {}): Pipeline {
  return createPipeline(
    [
      { name: "context", from: "building_context", to: "generating", run: deps.buildContext ?? notConfigured("no context builder") },
      { name: "generation", from: "generating", to: "gating", run: deps.generate ?? notConfigured("no generation provider") },
      { name: "gates", from: "gating", to: "awaiting_review", run: deps.runGates ?? notConfigured("no gate runner") },
    ],
    { entry: deps.entryStatus ?? defaultEntryStatus },
  );
}
