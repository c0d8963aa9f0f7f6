/**
 * Every API route, its methods and who may call them. The authorization tests enumerate
 * app/api/**\/route.ts on disk and fail when a file or exported method is missing here, and
 * e2e/authorization.spec.ts drives each entry with every role.
 */
import type { Access } from "./route";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export const HTTP_METHODS: readonly HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

export interface RouteRule {
  method: HttpMethod;
  /** App Router path, dynamic segments as in the folder names, e.g. /api/tokens/[id]. */
  path: string;
  access: Access;
}

export const ROUTES: readonly RouteRule[] = [
  { method: "GET", path: "/api/health", access: "public" },
  { method: "GET", path: "/api/auth/[...nextauth]", access: "public" },
  { method: "POST", path: "/api/auth/[...nextauth]", access: "public" },
  { method: "GET", path: "/api/me", access: "authenticated" },

  { method: "GET", path: "/api/settings/repositories", access: "settings:read" },
  { method: "POST", path: "/api/settings/repositories", access: "settings:write" },
  { method: "PATCH", path: "/api/settings/repositories/[id]", access: "settings:write" },
  { method: "DELETE", path: "/api/settings/repositories/[id]", access: "settings:write" },
  { method: "POST", path: "/api/settings/repositories/test", access: "settings:write" },

  { method: "GET", path: "/api/settings/providers", access: "settings:read" },
  { method: "POST", path: "/api/settings/providers", access: "settings:write" },
  { method: "PATCH", path: "/api/settings/providers/[id]", access: "settings:write" },
  { method: "DELETE", path: "/api/settings/providers/[id]", access: "settings:write" },
  { method: "POST", path: "/api/settings/providers/[id]/check", access: "settings:write" },

  { method: "GET", path: "/api/settings/policy", access: "settings:read" },
  { method: "PUT", path: "/api/settings/policy", access: "settings:write" },

  { method: "GET", path: "/api/admin/users", access: "users:manage" },
  { method: "POST", path: "/api/admin/users", access: "users:manage" },
  { method: "PATCH", path: "/api/admin/users/[id]", access: "users:manage" },

  { method: "GET", path: "/api/jobs", access: "job:read" },
  { method: "POST", path: "/api/jobs", access: "job:submit" },
  { method: "GET", path: "/api/jobs/routing", access: "job:submit" },
  { method: "GET", path: "/api/jobs/files", access: "job:submit" },
  { method: "GET", path: "/api/jobs/[id]", access: "job:read" },
  { method: "GET", path: "/api/jobs/[id]/file", access: "job:read" },
  { method: "GET", path: "/api/jobs/[id]/changes/[changeId]", access: "job:read" },
  { method: "POST", path: "/api/jobs/[id]/approve", access: "job:review" },
  { method: "POST", path: "/api/jobs/[id]/reroute", access: "job:review" },
  { method: "POST", path: "/api/jobs/[id]/reject", access: "job:review" },
  { method: "POST", path: "/api/jobs/[id]/merge", access: "job:review" },
  { method: "GET", path: "/api/jobs/[id]/comments", access: "job:read" },
  { method: "POST", path: "/api/jobs/[id]/comments", access: "job:review" },
  { method: "PATCH", path: "/api/jobs/[id]/comments/[commentId]", access: "job:review" },
  { method: "PUT", path: "/api/jobs/[id]/viewed", access: "job:review" },
  { method: "POST", path: "/api/jobs/[id]/rerun-gates", access: "job:review" },
  { method: "POST", path: "/api/jobs/[id]/retry", access: "job:review" },

  { method: "POST", path: "/api/changes", access: "job:submit" },

  { method: "GET", path: "/api/tokens", access: "tokens:own" },
  { method: "POST", path: "/api/tokens", access: "tokens:own" },
  { method: "DELETE", path: "/api/tokens/[id]", access: "tokens:own" },

  { method: "GET", path: "/api/stats", access: "stats:read" },
  { method: "GET", path: "/api/stats/changes", access: "stats:read" },
  { method: "GET", path: "/api/stats/changes/export", access: "stats:read" },
];

export function findRoute(method: string, path: string): RouteRule | undefined {
  return ROUTES.find((r) => r.method === method && r.path === path);
}
