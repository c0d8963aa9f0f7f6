import { notFound } from "@/lib/api/errors";
import { withRoute } from "@/lib/api/route";
import { loadJobStatus } from "@/lib/jobs/job-detail";

/** Status, stage, version and latest revision: polled by the Change page while the job runs. */
export const GET = withRoute({ permission: "job:read" }, async ({ db, params }) => {
  const status = await loadJobStatus(db, params.id);
  if (!status) throw notFound("Job not found");
  return status;
});
