/** GET /api/stats: every lead statistic for the filters in the query string (leads and admins; session or API token). */
import { withRoute } from "@/lib/api/route";
import { getDbHandle } from "@/lib/db/client";
import { getStats, resolveStatsFilters, statsDialectFor, statsQuerySchema } from "@/lib/stats";

export const dynamic = "force-dynamic";

export const GET = withRoute({ permission: "stats:read", query: statsQuerySchema }, async ({ db, query }) =>
  getStats(db, statsDialectFor(getDbHandle()), resolveStatsFilters(query)),
);
