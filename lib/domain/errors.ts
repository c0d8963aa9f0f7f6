/** Errors the domain layer throws so callers (API routes, worker) can map them to a response or a retry. */

/** Someone else changed the job first (status, version or lease no longer match). Re-read and decide again. */
export class ConflictError extends Error {
  readonly jobId: string;
  constructor(jobId: string, message: string) {
    super(message);
    this.name = "ConflictError";
    this.jobId = jobId;
  }
}

export class JobNotFoundError extends Error {
  readonly jobId: string;
  constructor(jobId: string) {
    super(`job ${jobId} not found`);
    this.name = "JobNotFoundError";
    this.jobId = jobId;
  }
}
