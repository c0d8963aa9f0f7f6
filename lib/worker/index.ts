/** Worker: runs job pipelines under leases. */
export { runWorker, sleep, DEFAULT_GRACE_MS, type RunWorkerOptions, type WorkerStats, type JobResult } from "./run-worker";
export { createPipeline, PipelineDefinitionError, type Pipeline, type PipelineOptions } from "./pipeline";
export { outcome, type PipelineStep, type StepContext, type StepOutcome } from "./steps";
export { createDefaultPipeline, defaultEntryStatus, type PipelineDeps, type StepRunner } from "./default-pipeline";
export { runWorkerProcess, type WorkerProcessOptions } from "./process";
export { workerConfigFromEnv, newWorkerId, type WorkerConfig } from "./config";
export { jsonLogger, silentLogger, type Logger } from "./logger";
