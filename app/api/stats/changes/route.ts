/** GET /api/stats/changes: the changes (or jobs) behind one stats number, paginated. See lib/stats/drilldown.ts. */
import { withRoute } from "@/lib/api/route";
import { getDbHandle } from "@/lib/db/client";
import { drillQuerySchema, getDrillDown, resolveStatsFilters, statsDialectFor } from "@/lib/stats";

export const dynamic = "force-dynamic";

export const GET = withRoute({ permission: "stats:read", query: drillQuerySchema }, async ({ db, query }) =>
  getDrillDown(db, statsDialectFor(getDbHandle()), resolveStatsFilters(query), query),
);
