/** Personal API tokens: any signed-in user manages their own. The plain token is returned once. */
import { z } from "zod";
import type { Db } from "../db/client";
import { generateApiToken } from "../auth/api-tokens";
import { recordAudit } from "../domain/audit";
import { NotFoundError, type Actor } from "./errors";

export const tokenCreateSchema = z.strictObject({
  name: z.string().trim().min(1, "Name is required").max(100, "Name is too long"),
});
export type TokenCreateInput = z.infer<typeof tokenCreateSchema>;

export interface TokenView {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

type Row = Awaited<ReturnType<Db["apiToken"]["findMany"]>>[number];

function toView(t: Row): TokenView {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}

export async function listTokens(db: Db, userId: string): Promise<TokenView[]> {
  const rows = await db.apiToken.findMany({ where: { userId }, orderBy: { createdAt: "desc" } });
  return rows.map(toView);
}

export async function createToken(db: Db, actor: Actor, input: TokenCreateInput): Promise<{ token: string; apiToken: TokenView }> {
  const { token, hash, prefix } = generateApiToken();
  const row = await db.$transaction(async (tx) => {
    const created = await tx.apiToken.create({ data: { userId: actor.id, name: input.name, tokenHash: hash, prefix } });
    await recordAudit(tx, {
      actorId: actor.id,
      actorLabel: actor.email,
      action: "settings.token.create",
      subjectType: "ApiToken",
      subjectId: created.id,
      details: { name: created.name, prefix },
    });
    return created;
  });
  return { token, apiToken: toView(row) };
}

/** Only the owner revokes; another user's token id reads as not found. Revoking twice is harmless. */
export async function revokeToken(db: Db, actor: Actor, id: string, now: Date = new Date()): Promise<TokenView> {
  const current = await db.apiToken.findUnique({ where: { id } });
  if (!current || current.userId !== actor.id) throw new NotFoundError("Token not found");
  if (current.revokedAt) return toView(current);
  const row = await db.$transaction(async (tx) => {
    const revoked = await tx.apiToken.update({ where: { id }, data: { revokedAt: now } });
    await recordAudit(tx, {
      actorId: actor.id,
      actorLabel: actor.email,
      action: "settings.token.revoke",
      subjectType: "ApiToken",
      subjectId: id,
      details: { name: revoked.name, prefix: revoked.prefix },
    });
    return revoked;
  });
  return toView(row);
}
