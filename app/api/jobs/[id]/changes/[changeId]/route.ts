import { notFound } from "@/lib/api/errors";
import { withRoute } from "@/lib/api/route";
import { loadRevisionFiles } from "@/lib/jobs/job-detail";

/** One revision's files, for comparing two revisions of the job. */
export const GET = withRoute({ permission: "job:read" }, async ({ db, params }) => {
  const rev = await loadRevisionFiles(db, params.id, params.changeId);
  if (!rev) throw notFound("Revision not found");
  return rev;
});
