import path from "node:path";
import { describe, expect, it } from "vitest";
import { PERMISSIONS } from "../auth/permissions";
import { exportedMethods, listRouteFiles } from "./route-files";
import { ROUTES } from "./routes";

const APP_DIR = path.resolve(__dirname, "../../app");

describe("route registry", () => {
  const files = listRouteFiles(APP_DIR);

  it("finds the route files on disk", () => {
    expect(files.length).toBeGreaterThan(5);
    expect(files.map((f) => f.path)).toContain("/api/tokens/[id]");
  });

  it("has a rule for every exported method of every app/api route file", () => {
    const missing: string[] = [];
    for (const f of files) {
      if (f.methods.length === 0) missing.push(`${f.path} exports no HTTP method (${path.relative(APP_DIR, f.file)})`);
      for (const m of f.methods) {
        if (!ROUTES.some((r) => r.method === m && r.path === f.path)) missing.push(`${m} ${f.path}`);
      }
    }
    expect(missing, "add these to lib/api/routes.ts").toEqual([]);
  });

  it("has no rule without a handler on disk, and no duplicates", () => {
    const onDisk = new Set(files.flatMap((f) => f.methods.map((m) => `${m} ${f.path}`)));
    const stale = ROUTES.map((r) => `${r.method} ${r.path}`).filter((k) => !onDisk.has(k));
    expect(stale).toEqual([]);
    const keys = ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("uses only known access levels", () => {
    const allowed = new Set<string>([...PERMISSIONS, "public", "authenticated"]);
    for (const r of ROUTES) expect(allowed.has(r.access), `${r.method} ${r.path}: ${r.access}`).toBe(true);
  });
});

describe("exportedMethods", () => {
  it("reads const, function and re-export forms", () => {
    expect(exportedMethods("export const GET = withRoute(x);\nexport async function POST() {}")).toEqual(["GET", "POST"]);
    expect(exportedMethods("const h = 1;\nexport { h as GET, h as POST };")).toEqual(["GET", "POST"]);
    expect(exportedMethods("export function OPTIONS() {}\nexport const dynamic = 'force-dynamic';")).toEqual(["OPTIONS"]);
    expect(exportedMethods("export const helper = 1;")).toEqual([]);
  });
});
