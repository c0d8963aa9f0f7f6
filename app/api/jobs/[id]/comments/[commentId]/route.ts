import { z } from "zod";
import { withRoute } from "@/lib/api/route";
import { asApiErrors } from "@/lib/jobs/api-errors";
import { resolveThread } from "@/lib/review/comments/comments";

/** {resolved: true|false} resolves or reopens the comment's thread; answers with the thread's first comment. */
export const PATCH = withRoute({ permission: "job:review", body: z.unknown() }, async ({ db, user, params, body }) =>
  asApiErrors(async () => resolveThread(db, user, params.id, params.commentId, body)),
);
