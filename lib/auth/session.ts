/** Current user for server components and server actions (session cookie, re-read from the DB). */
import { getDb } from "../db/client";
import { sessionUserId } from "./authenticate";
import { loadActiveUser, type AuthUser } from "./user";

export async function getCurrentUser(): Promise<AuthUser | null> {
  const id = await sessionUserId();
  if (!id) return null;
  return loadActiveUser(getDb(), id);
}
