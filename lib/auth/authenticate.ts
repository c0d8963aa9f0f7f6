/**
 * Who is calling an API route: a bearer API token (`Authorization: Bearer gat_...`) or the next-auth
 * session cookie. Either way the user is re-read from the database, so role changes and disabling
 * take effect immediately.
 */
import { getServerSession } from "next-auth";
import { getDb, type Db } from "../db/client";
import { authenticateApiToken } from "./api-tokens";
import { authOptions } from "./options";
import { loadActiveUser, type AuthUser } from "./user";

export interface Principal extends AuthUser {
  via: "session" | "token";
  tokenId?: string;
}

export interface AuthenticateDeps {
  db?: Db;
  /** The session's user id; defaults to next-auth's getServerSession (needs a Next request scope). */
  sessionUserId?: () => Promise<string | null>;
}

export async function sessionUserId(): Promise<string | null> {
  const session = await getServerSession(authOptions);
  return session?.user?.id || null;
}

export async function authenticateRequest(req: Request, deps: AuthenticateDeps = {}): Promise<Principal | null> {
  const db = deps.db ?? getDb();
  const authorization = req.headers.get("authorization");
  if (authorization !== null) {
    // An explicit Authorization header is authoritative: a bad token never falls back to the cookie.
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) return null;
    const found = await authenticateApiToken(db, match[1]);
    return found ? { ...found.user, via: "token", tokenId: found.tokenId } : null;
  }
  const id = await (deps.sessionUserId ?? sessionUserId)();
  if (!id) return null;
  const user = await loadActiveUser(db, id);
  return user ? { ...user, via: "session" } : null;
}
