/** Registry of pipeline steps, checked against the state machine when it is built. */
import type { Job } from "../domain/db-types";
import { canTransition, isRunning, type JobStatus, type RunningStatus } from "../domain/job-status";
import type { PipelineStep } from "./steps";

export interface Pipeline {
  readonly steps: readonly PipelineStep[];
  /** The step owning a running status, if any. */
  stepFor(status: string): PipelineStep | undefined;
  /** The running status a queued job enters when a worker picks it up. */
  entryStatus(job: Job): RunningStatus | Promise<RunningStatus>;
}

export class PipelineDefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PipelineDefinitionError";
  }
}

export interface PipelineOptions {
  /** Default: the first step's `from`. Patch-intake jobs, for example, enter at `gating`. */
  entry?: (job: Job) => RunningStatus | Promise<RunningStatus>;
}

export function createPipeline(steps: readonly PipelineStep[], opts: PipelineOptions = {}): Pipeline {
  if (steps.length === 0) throw new PipelineDefinitionError("a pipeline needs at least one step");
  const byStatus = new Map<JobStatus, PipelineStep>();
  for (const step of steps) {
    if (!isRunning(step.from)) throw new PipelineDefinitionError(`step ${step.name}: ${step.from} is not a running status`);
    if (byStatus.has(step.from)) {
      throw new PipelineDefinitionError(`steps ${byStatus.get(step.from)!.name} and ${step.name} both own ${step.from}`);
    }
    if (!canTransition(step.from, step.to)) {
      throw new PipelineDefinitionError(`step ${step.name}: ${step.from} → ${step.to} is not a legal transition`);
    }
    byStatus.set(step.from, step);
  }
  const first = steps[0].from;
  const entry = opts.entry ?? (() => first);
  return {
    steps,
    stepFor: (status) => byStatus.get(status as JobStatus),
    async entryStatus(job) {
      const status = await entry(job);
      if (!canTransition("queued", status) || !byStatus.has(status)) {
        throw new PipelineDefinitionError(`entry status ${status} is not reachable from queued or has no step`);
      }
      return status;
    },
  };
}
