/** The durable job queue: enqueue, claim with a lease, keep or give back the lease, move held jobs on. */
export { enqueueJob, defaultMaxAttempts, InvalidJobInputError } from "./enqueue";
export { EnqueueInputSchema, JobSourceSchema, JOB_SOURCES, type EnqueueInput, type JobSource } from "./job-input";
export { claimJob, failExhaustedJobs, type ClaimOptions } from "./claim";
export { heartbeat, releaseJob, setJobStage, type ReleaseOptions } from "./lease";
export { completeStep, failJob, retryOrFailJob, type HeldJob, type CompleteStepOptions, type RetryOptions } from "./step-results";
export { configureSqliteBusyTimeout, tableName, postgresSchema } from "./sql";
