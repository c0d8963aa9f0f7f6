import { z } from "zod";
import { withRoute } from "@/lib/api/route";
import { asApiErrors } from "@/lib/jobs/api-errors";
import { rerunGates } from "@/lib/review/rerun-gates";

/** {changeId, version}: queue the current revision's gates again (the worker runs them). */
export const POST = withRoute({ permission: "job:review", body: z.unknown() }, async ({ db, user, params, body }) =>
  asApiErrors(async () => {
    const job = await rerunGates(db, user, params.id, body);
    return { jobId: job.id, status: job.status, version: job.version };
  }),
);
