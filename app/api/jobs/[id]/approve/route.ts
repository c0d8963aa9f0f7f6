import { z } from "zod";
import { withRoute } from "@/lib/api/route";
import { asApiErrors } from "@/lib/jobs/api-errors";
import { approveChange } from "@/lib/review/approve";

/**
 * Approve the revision the reviewer saw ({changeId, version, override?}). The approval that completes
 * the required ones merges it; an earlier one answers {status: "awaiting_approvals", approvals}.
 */
export const POST = withRoute({ permission: "job:review", body: z.unknown() }, async ({ db, user, params, body }) =>
  asApiErrors(async () => {
    const res = await approveChange(db, user, params.id, body);
    if (!res.merge) return { override: res.override, status: "awaiting_approvals", jobId: params.id, approvals: res.approvals };
    return { override: res.override, approvals: res.approvals, ...res.merge };
  }),
);
