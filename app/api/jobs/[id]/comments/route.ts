import { z } from "zod";
import { notFound } from "@/lib/api/errors";
import { created, withRoute } from "@/lib/api/route";
import { asApiErrors } from "@/lib/jobs/api-errors";
import { addComment, listComments } from "@/lib/review/comments/comments";

/** Every line comment of the job, oldest first: {comments: [{id, changeId, file, line, side, body, author, resolved, parentId, createdAt…}]}. */
export const GET = withRoute({ permission: "job:read" }, async ({ db, params }) => {
  const job = await db.job.findUnique({ where: { id: params.id }, select: { id: true } });
  if (!job) throw notFound("Job not found");
  return { comments: await listComments(db, params.id) };
});

/** A new thread {changeId, file, line, side?, body} or a reply {replyTo, body} → 201 with the comment. */
export const POST = withRoute({ permission: "job:review", body: z.unknown() }, async ({ db, user, params, body }) =>
  asApiErrors(async () => created(await addComment(db, user, params.id, body))),
);
