import { z } from "zod";
import { withRoute } from "@/lib/api/route";
import { asApiErrors } from "@/lib/jobs/api-errors";
import { approveChange } from "@/lib/review/approve";

/** Approve the revision the reviewer saw ({changeId, version, override?}) and merge it. */
export const POST = withRoute({ permission: "job:review", body: z.unknown() }, async ({ db, user, params, body }) =>
  asApiErrors(async () => {
    const res = await approveChange(db, user, params.id, body);
    return { override: res.override, ...res.merge };
  }),
);
