/** The production pipeline: context → generation → gates, plugged into the worker's step mechanism. */
import type { Job } from "../../domain/db-types";
import { createDefaultPipeline } from "../../worker/default-pipeline";
import type { Pipeline } from "../../worker/pipeline";
import type { RunningStatus } from "../../domain/job-status";
import { createContextStep, type ContextStepOptions } from "./context-step";
import { createGenerateStep, type GenerateStepOptions } from "./generate-step";
import { createGatesStep, type GatesStepOptions } from "./gates-step";
import { REGATE_CAUSE } from "../../review/rerun-gates";

export type GenerationPipelineOptions = ContextStepOptions & GenerateStepOptions & GatesStepOptions;

/**
 * Patch-intake jobs arrive with their first revision, and an approved change re-applied on a moved branch
 * arrives with its new revision: both go straight to the gates.
 */
export function generationEntryStatus(job: Job): RunningStatus {
  if (job.nextCause === "rebased") return "gating";
  if (job.nextCause === REGATE_CAUSE) return "gating"; // a reviewer re-runs the gates of the current revision
  return job.source === "patch" && job.rerouteCount === 0 ? "gating" : "building_context";
}

export function createGenerationPipeline(opts: GenerationPipelineOptions = {}): Pipeline {
  return createDefaultPipeline({
    buildContext: createContextStep(opts),
    generate: createGenerateStep(opts),
    runGates: createGatesStep(opts),
    entryStatus: generationEntryStatus,
  });
}
