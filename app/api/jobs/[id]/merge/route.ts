import { z } from "zod";
import { withRoute } from "@/lib/api/route";
import { asApiErrors } from "@/lib/jobs/api-errors";
import { finishMerge } from "@/lib/review/finish-merge";

/** Finish the merge of an approved job whose merge did not complete ({version}). */
export const POST = withRoute({ permission: "job:review", body: z.unknown() }, async ({ db, user, params, body }) =>
  asApiErrors(() => finishMerge(db, user, params.id, body)),
);
