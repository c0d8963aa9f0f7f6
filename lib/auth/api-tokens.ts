/**
 * Personal API tokens: `gat_` + 32 random bytes (base64url). Only the SHA-256 hash and a short prefix
 * are stored, so a database leak does not leak usable tokens.
 */
import crypto from "node:crypto";
import type { Db } from "../db/client";
import { loadActiveUser, type AuthUser } from "./user";

export const TOKEN_PREFIX = "gat_";
const PREFIX_LENGTH = TOKEN_PREFIX.length + 8;

export function hashApiToken(token: string): string {
  return crypto.createHash("sha256").update(token, "utf8").digest("hex");
}

export function generateApiToken(): { token: string; hash: string; prefix: string } {
  const token = TOKEN_PREFIX + crypto.randomBytes(32).toString("base64url");
  return { token, hash: hashApiToken(token), prefix: token.slice(0, PREFIX_LENGTH) };
}

/** The user behind a bearer token, or null when unknown, revoked or the user is disabled. */
export async function authenticateApiToken(
  db: Db,
  token: string,
  now: Date = new Date(),
): Promise<{ user: AuthUser; tokenId: string } | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashApiToken(token) } });
  if (!row || row.revokedAt) return null;
  const user = await loadActiveUser(db, row.userId);
  if (!user) return null;
  // At most one write a minute per token: API clients must not turn every read into a database write.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return { user, tokenId: row.id };
}
