import { z } from "zod";
import { withRoute } from "@/lib/api/route";
import { asApiErrors } from "@/lib/jobs/api-errors";
import { retryJob } from "@/lib/review/retry";

/** {version}: send a failed job back to the queue (audited as job.retry). */
export const POST = withRoute({ permission: "job:review", body: z.unknown() }, async ({ db, user, params, body }) =>
  asApiErrors(async () => {
    const job = await retryJob(db, user, params.id, body);
    return { jobId: job.id, status: job.status, version: job.version };
  }),
);
