/** Users who sign in through GitHub/OIDC are matched by email and created as submitters on first sign-in. */
import type { Db } from "../db/client";
import { recordAudit } from "../domain/audit";
import { normalizeEmail } from "./user";

export async function provisionOAuthUser(
  db: Db,
  input: { email: string | null | undefined; name: string | null | undefined; provider: string },
): Promise<{ id: string; role: string } | null> {
  if (!input.email) return null;
  const email = normalizeEmail(input.email);
  const existing = await db.user.findUnique({ where: { email } });
  if (existing) return existing.disabled ? null : { id: existing.id, role: existing.role };
  const user = await db.user.create({
    data: { email, name: input.name?.trim() || email, role: "submitter", passwordHash: null },
  });
  await recordAudit(db, {
    actorId: user.id,
    actorLabel: email,
    action: "user.provision",
    subjectType: "User",
    subjectId: user.id,
    details: { provider: input.provider, role: "submitter" },
  });
  return { id: user.id, role: user.role };
}
