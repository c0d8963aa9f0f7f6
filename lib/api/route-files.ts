/** Finds the API route files on disk and the HTTP methods each one exports (for the authorization tests). */
import fs from "node:fs";
import path from "node:path";
import { HTTP_METHODS } from "./routes";

export interface RouteFile {
  /** URL path, e.g. /api/tokens/[id] (route groups removed). */
  path: string;
  file: string;
  /** Exported handler names: GET, POST, … (HEAD/OPTIONS included so unregistered ones are caught). */
  methods: string[];
}

const ROUTE_FILE = /^route\.(ts|tsx|js|mjs)$/;

export function exportedMethods(source: string): string[] {
  const found = new Set<string>();
  const direct = /export\s+(?:async\s+)?(?:const|let|var|function)\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g;
  for (const m of source.matchAll(direct)) found.add(m[1]);
  for (const block of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of block[1].split(",")) {
      const name = part.trim().split(/\s+as\s+/).pop()?.trim();
      if (name && /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/.test(name)) found.add(name);
    }
  }
  return [...found].sort((a, b) => order(a) - order(b));
}

function order(m: string): number {
  const i = (HTTP_METHODS as readonly string[]).indexOf(m);
  return i === -1 ? 99 : i;
}

export function listRouteFiles(appDir: string): RouteFile[] {
  const out: RouteFile[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name.startsWith("_") || entry.name === "node_modules") continue; // private folders are not routes
        const isGroup = /^\(.*\)$/.test(entry.name);
        walk(full, isGroup ? segments : [...segments, entry.name]);
      } else if (ROUTE_FILE.test(entry.name)) {
        out.push({ path: "/" + segments.join("/"), file: full, methods: exportedMethods(fs.readFileSync(full, "utf8")) });
      }
    }
  };
  walk(path.join(appDir, "api"), ["api"]);
  return out;
}
