/**
 * Wraps every API route handler: authenticate (session cookie or bearer token) → 401, check the
 * role's permission → 403, refuse cross-site cookie writes → 403, validate JSON body / query with zod → 400, run, map errors to JSON.
 * The permission is checked before the body is read, so a forbidden caller learns nothing about validation.
 */
import type { z } from "zod";
import { getDb, type Db } from "../db/client";
import { authenticateRequest, type Principal } from "../auth/authenticate";
import { can, type Permission } from "../auth/permissions";
import { csrfRejection } from "./csrf";
import { errorToResponse, forbiddenResponse, jsonError, unauthorizedResponse } from "./errors";
import { parseJsonBody, parseQuery } from "./validation";

export type Access = Permission | "authenticated" | "public";

type RouteParams = Record<string, string | string[] | undefined>;
export interface NextRouteContext {
  params: Promise<RouteParams>;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteHandlerContext<A extends Access, B, Q> {
  req: Request;
  db: Db;
  user: A extends "public" ? null : Principal;
  body: Out<B>;
  query: Out<Q>;
  params: Record<string, string>;
}

export interface RouteConfig<A extends Access, B, Q> {
  permission: A;
  body?: B;
  query?: Q;
}

function flattenParams(p: RouteParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(p)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join("/") : v;
  return out;
}

export function withRoute<A extends Access, B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
  config: RouteConfig<A, B, Q>,
  handler: (ctx: RouteHandlerContext<A, B, Q>) => Promise<Response | unknown>,
): (req: Request, context: NextRouteContext) => Promise<Response> {
  return async (req, context) => {
    try {
      const db = getDb();
      // Public routes skip authentication entirely (e.g. health checks must not depend on sessions).
      const user = config.permission === "public" ? null : await authenticateRequest(req, { db });
      if (config.permission !== "public") {
        if (!user) return unauthorizedResponse();
        // Cookie-carried writes must come from our own pages (lib/api/csrf.ts); checked before anything runs.
        if (user.via === "session") {
          const refused = csrfRejection(req);
          if (refused) return jsonError(403, refused);
        }
        if (config.permission !== "authenticated" && !can(user.role, config.permission)) return forbiddenResponse();
      }
      let body: unknown = undefined;
      if (config.body) {
        const parsed = await parseJsonBody(req, config.body);
        if (!parsed.ok) return jsonError(parsed.status ?? 400, parsed.status === 413 ? "Request body too large" : "Invalid request body", parsed.issues);
        body = parsed.value;
      }
      let query: unknown = undefined;
      if (config.query) {
        const parsed = parseQuery(new URL(req.url), config.query);
        if (!parsed.ok) return jsonError(400, "Invalid query parameters", parsed.issues);
        query = parsed.value;
      }
      const params = flattenParams((await context?.params) ?? {});
      const result = await handler({ req, db, user, body, query, params } as RouteHandlerContext<A, B, Q>);
      if (result instanceof Response) return result;
      return Response.json(result ?? null, { headers: { "cache-control": "no-store" } });
    } catch (e) {
      return errorToResponse(e);
    }
  };
}

/** JSON response with a status, e.g. `created({repository})`. */
export function created(body: unknown): Response {
  return Response.json(body, { status: 201, headers: { "cache-control": "no-store" } });
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}
