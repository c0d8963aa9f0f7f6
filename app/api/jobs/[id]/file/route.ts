import { z } from "zod";
import { notFound } from "@/lib/api/errors";
import { withRoute } from "@/lib/api/route";
import { readRepositoryFileAtCommit } from "@/lib/jobs/file-at-commit";

const FileQuery = z.object({ changeId: z.string().min(1).max(100), path: z.string().min(1).max(1000) });

/** A file as it was at a revision's base commit (read-only view, e.g. a consumer of an error message). */
export const GET = withRoute({ permission: "job:read", query: FileQuery }, async ({ db, params, query }) => {
  const change = await db.change.findUnique({
    where: { id: query.changeId },
    select: { jobId: true, baseCommit: true, job: { select: { repository: true } } },
  });
  if (!change || change.jobId !== params.id) throw notFound("Revision not found");
  const file = await readRepositoryFileAtCommit(change.job.repository, change.baseCommit, query.path);
  if (!file.found) throw notFound(`${query.path} does not exist at ${change.baseCommit.slice(0, 10)}`);
  return { path: query.path, commit: change.baseCommit, content: file.content, binary: file.binary, tooLarge: file.tooLarge };
});
