import { notFound } from "@/lib/api/errors";
import { withRoute } from "@/lib/api/route";
import { loadJobApi } from "@/lib/jobs/job-api";

/** Status, stage and version (polled by the Change page while the job runs) and every revision with its gates. */
export const GET = withRoute({ permission: "job:read" }, async ({ db, params }) => {
  const job = await loadJobApi(db, params.id);
  if (!job) throw notFound("Job not found");
  return job;
});
