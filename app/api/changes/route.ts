import { withRoute } from "@/lib/api/route";
import { handleSubmitChange } from "@/lib/intake/http";

/**
 * Patch intake: a unified diff made elsewhere becomes a queued job with its first revision.
 * The body is read by handleSubmitChange (not withRoute) so oversized uploads are refused before buffering.
 */
export const POST = withRoute({ permission: "job:submit" }, async ({ req, db, user }) => handleSubmitChange(req, db, user));
