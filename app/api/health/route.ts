import { withRoute } from "@/lib/api/route";

export const dynamic = "force-dynamic";

/** Liveness only: answers without touching the database or the session. */
export const GET = withRoute({ permission: "public" }, async () => ({ ok: true }));
