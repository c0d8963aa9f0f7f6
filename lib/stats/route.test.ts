/**
 * GET /api/stats and /api/stats/changes as route handlers on a real SQLite database, called with real
 * bearer API tokens (the session-cookie path is covered by e2e/authorization.spec.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as statsGET } from "@/app/api/stats/route";
import { GET as changesGET } from "@/app/api/stats/changes/route";
import { GET as exportGET } from "@/app/api/stats/changes/export/route";
import { findRoute } from "../api/routes";
import { generateApiToken } from "../auth/api-tokens";
import { openTestDb, type TestDb } from "../db/testing";
import { insertStatsFixture, type StatsFixture } from "./fixture";
import type { DrillPage, StatsResponse } from "./types";

let t: TestDb;
let fx: StatsFixture;
const tokens: Record<string, string> = {};
const ctx = { params: Promise.resolve({}) };
const MARCH = "window=custom&from=2026-03-01&to=2026-03-31";

beforeAll(async () => {
  t = await openTestDb("sqlite");
  process.env.DATABASE_URL = t.url; // getDb()/getDbHandle() connect lazily to this database
  fx = await insertStatsFixture(t.db);
  for (const role of ["submitter", "reviewer", "lead", "admin"]) {
    const u = await t.db.user.create({ data: { email: `${role}@route.test`, name: role, role } });
    const g = generateApiToken();
    await t.db.apiToken.create({ data: { userId: u.id, name: "dashboards", tokenHash: g.hash, prefix: g.prefix } });
    tokens[role] = g.token;
  }
});
afterAll(async () => t?.close());

function get(path: string, role: string | null): Request {
  // Without a token the handler would ask next-auth for a session, which needs a Next request scope.
  return new Request(`http://127.0.0.1${path}`, { headers: { authorization: `Bearer ${role ? tokens[role] : "gat_unknown"}` } });
}

describe("stats API routes", () => {
  it("are registered with permission stats:read", () => {
    expect(findRoute("GET", "/api/stats")?.access).toBe("stats:read");
    expect(findRoute("GET", "/api/stats/changes")?.access).toBe("stats:read");
    expect(findRoute("GET", "/api/stats/changes/export")?.access).toBe("stats:read");
  });

  it("401 for an unknown token, 403 for submitters and reviewers", async () => {
    expect((await statsGET(get("/api/stats", null), ctx)).status).toBe(401);
    for (const role of ["submitter", "reviewer"]) {
      const res = await statsGET(get("/api/stats", role), ctx);
      expect(res.status).toBe(403);
      expect(JSON.stringify(await res.json())).not.toContain("fast-1");
      expect((await changesGET(get("/api/stats/changes?metric=not-found", role), ctx)).status).toBe(403);
      expect((await exportGET(get("/api/stats/changes/export?metric=not-found", role), ctx)).status).toBe(403);
    }
  });

  it("answers leads and admins with an API token, filters from the query string", async () => {
    for (const role of ["lead", "admin"]) {
      const res = await statsGET(get(`/api/stats?${MARCH}`, role), ctx);
      expect(res.status).toBe(200);
      const body = (await res.json()) as StatsResponse;
      expect(body.totals).toEqual({ changes: 20, jobs: 15 });
      expect(body.hallucinations.byModel.map((r) => [r.model, r.notFound])).toEqual([
        ["acc-1", 0],
        ["fast-1", 2],
        ["local-1", 1],
      ]);
    }
    const fast = (await (await statsGET(get(`/api/stats?${MARCH}&tier=fast`, "lead"), ctx)).json()) as StatsResponse;
    expect(fast.totals).toEqual({ changes: 9, jobs: 8 });
    expect(fast.filters).toMatchObject({ window: "custom", from: "2026-03-01T00:00:00.000Z", to: "2026-04-01T00:00:00.000Z", tier: "fast" });
  });

  it("counts replays only when includeReplays=1 asks for them", async () => {
    const plain = (await (await statsGET(get(`/api/stats?${MARCH}`, "lead"), ctx)).json()) as StatsResponse;
    const replays = (await (await statsGET(get(`/api/stats?${MARCH}&includeReplays=1`, "lead"), ctx)).json()) as StatsResponse;
    expect([plain.filters.includeReplays, plain.totals]).toEqual([false, { changes: 20, jobs: 15 }]);
    expect([replays.filters.includeReplays, replays.totals]).toEqual([true, { changes: 21, jobs: 16 }]); // + C23 and its job J18
    expect((await statsGET(get(`/api/stats?includeReplays=yes`, "lead"), ctx)).status).toBe(400);
    const csv = await exportGET(get(`/api/stats/changes/export?${MARCH}&metric=not-found&includeReplays=1`, "lead"), ctx);
    expect((await csv.text()).trimEnd().split("\r\n").slice(1).map((l) => fx.keyOf(l.split(",")[2]))).toEqual(["C23", "C9", "C5", "C1"]);
  });

  it("400 with the offending parameter for invalid filters", async () => {
    const res = await statsGET(get("/api/stats?window=custom&from=2026-03-05", "lead"), ctx);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; issues: { path: string }[] };
    expect(body.issues.map((i) => i.path)).toEqual(["to"]);
    expect((await statsGET(get("/api/stats?tier=turbo", "lead"), ctx)).status).toBe(400);
  });

  it("drill-down returns the changes behind a number, and 400 for a bad key", async () => {
    const res = await changesGET(get(`/api/stats/changes?${MARCH}&metric=package&key=${encodeURIComponent("npm|left-padd")}`, "lead"), ctx);
    expect(res.status).toBe(200);
    const page = (await res.json()) as DrillPage;
    expect(page.total).toBe(2);
    expect(page.rows.map((r) => fx.keyOf(r.changeId!))).toEqual(["C9", "C1"]);
    const bad = await changesGET(get(`/api/stats/changes?${MARCH}&metric=package&key=npm`, "lead"), ctx);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/drill-down key/);
    // No parameters at all: the recent changes, page 1.
    const plain = await changesGET(get("/api/stats/changes", "lead"), ctx);
    expect(plain.status).toBe(200);
    expect(((await plain.json()) as DrillPage).metric).toBe("changes");
  });

  it("exports the whole drill-down list as CSV, not one page, in the list's order", async () => {
    const pageRes = await changesGET(get(`/api/stats/changes?${MARCH}&metric=changes&pageSize=5`, "lead"), ctx);
    const page = (await pageRes.json()) as DrillPage;
    expect(page.total).toBe(20);
    expect(page.rows).toHaveLength(5);
    // Paging parameters are ignored by the export.
    const res = await exportGET(get(`/api/stats/changes/export?${MARCH}&metric=changes&page=3&pageSize=5`, "lead"), ctx);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="changes.csv"');
    expect([res.headers.get("x-gatehouse-rows"), res.headers.get("x-gatehouse-total")]).toEqual(["20", "20"]);
    const lines = (await res.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe("Job,Job id,Change id,Revision,Tier,Model,Cause,Created,Latency ms,Prompt tokens,Completion tokens,Decision ms");
    expect(lines).toHaveLength(21);
    const changeIds = lines.slice(1).map((l) => l.split(",")[2]);
    expect(changeIds.slice(0, 5)).toEqual(page.rows.map((r) => r.changeId));
    expect(new Set(changeIds).size).toBe(20);

    const pkg = await exportGET(get(`/api/stats/changes/export?${MARCH}&metric=package&key=${encodeURIComponent("npm|left-padd")}`, "lead"), ctx);
    expect(pkg.headers.get("content-disposition")).toBe('attachment; filename="package-npm_left-padd.csv"');
    expect((await pkg.text()).trimEnd().split("\r\n").slice(1).map((l) => fx.keyOf(l.split(",")[2]))).toEqual(["C9", "C1"]);
    expect((await exportGET(get(`/api/stats/changes/export?${MARCH}&metric=package&key=npm`, "lead"), ctx)).status).toBe(400);
  });
});
