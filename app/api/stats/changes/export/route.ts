/** GET /api/stats/changes/export: the whole drill-down list behind one stats number as CSV. */
import { withRoute } from "@/lib/api/route";
import { getDbHandle } from "@/lib/db/client";
import { drillQuerySchema, exportDrillDown, resolveStatsFilters, statsDialectFor } from "@/lib/stats";

export const dynamic = "force-dynamic";

export const GET = withRoute({ permission: "stats:read", query: drillQuerySchema }, async ({ db, query }) => {
  const out = await exportDrillDown(db, statsDialectFor(getDbHandle()), resolveStatsFilters(query), query);
  return new Response(out.csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${out.filename}"`,
      "cache-control": "no-store",
      // Rows in the file and rows behind the figure: they differ only past the export cap.
      "x-gatehouse-rows": String(out.rows),
      "x-gatehouse-total": String(out.total),
    },
  });
});
