import { z } from "zod";
import { created, withRoute } from "@/lib/api/route";
import { getDbHandle } from "@/lib/db/client";
import { createJob } from "@/lib/jobs/create-job";
import { listQueue, QueueQuerySchema } from "@/lib/jobs/queue-query";

/** The review queue, filtered and keyset-paginated (`cursor` from the previous page's `nextCursor`). */
export const GET = withRoute({ permission: "job:read", query: QueueQuerySchema }, async ({ query }) => listQueue(getDbHandle(), query));

/** Files a job; createJob validates the body so field errors carry the form's messages. */
export const POST = withRoute({ permission: "job:submit", body: z.unknown() }, async ({ db, user, body }) => {
  const job = await createJob(db, user, body, user.via === "token" ? "api" : "form");
  return created({ job: { id: job.id, status: job.status, routedTier: job.routedTier, routingReason: job.routingReason } });
});
