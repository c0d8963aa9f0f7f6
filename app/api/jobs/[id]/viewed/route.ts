import { z } from "zod";
import { withRoute } from "@/lib/api/route";
import { asApiErrors } from "@/lib/jobs/api-errors";
import { setViewed } from "@/lib/review/viewed";

/** {changeId, file, viewed} ticks or unticks a file for the caller; answers with the caller's viewed paths. */
export const PUT = withRoute({ permission: "job:review", body: z.unknown() }, async ({ db, user, params, body }) =>
  asApiErrors(async () => setViewed(db, user, params.id, body)),
);
