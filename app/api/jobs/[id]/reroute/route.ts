import { z } from "zod";
import { withRoute } from "@/lib/api/route";
import { asApiErrors } from "@/lib/jobs/api-errors";
import { rerouteJob } from "@/lib/review/reroute";

/** Send the job back for a new revision ({changeId, version, tier, model?, note}). */
export const POST = withRoute({ permission: "job:review", body: z.unknown() }, async ({ db, user, params, body }) =>
  asApiErrors(async () => {
    const job = await rerouteJob(db, user, params.id, body);
    return { status: job.status, routedTier: job.routedTier, rerouteCount: job.rerouteCount, version: job.version };
  }),
);
