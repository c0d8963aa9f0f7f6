import { z } from "zod";
import { withRoute } from "@/lib/api/route";
import { asApiErrors } from "@/lib/jobs/api-errors";
import { rejectJob } from "@/lib/review/reject";

/** Reject the job ({changeId, version, reason}). */
export const POST = withRoute({ permission: "job:review", body: z.unknown() }, async ({ db, user, params, body }) =>
  asApiErrors(async () => {
    const job = await rejectJob(db, user, params.id, body);
    return { status: job.status, version: job.version };
  }),
);
