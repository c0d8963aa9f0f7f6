/** Email + password verification with throttling; used by the next-auth Credentials provider. */
import type { Db } from "../db/client";
import { isRole } from "./permissions";
import { burnPasswordCheck, verifyPassword } from "./password";
import { checkThrottle, clearFailures, recordFailure, throttleKey } from "./throttle";
import { normalizeEmail, type AuthUser } from "./user";

export type CredentialsResult =
  | { ok: true; user: AuthUser }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterMs: number };

export async function verifyCredentials(
  db: Db,
  input: { email: string; password: string; ip: string },
  now: Date = new Date(),
): Promise<CredentialsResult> {
  const email = normalizeEmail(input.email);
  const key = throttleKey(email, input.ip);
  const throttle = await checkThrottle(db, key, now);
  if (!throttle.allowed) return { ok: false, reason: "throttled", retryAfterMs: throttle.retryAfterMs };

  const user = email ? await db.user.findUnique({ where: { email } }) : null;
  let valid = false;
  if (user?.passwordHash) valid = await verifyPassword(input.password, user.passwordHash);
  else await burnPasswordCheck(input.password);

  if (!valid || !user || user.disabled || !isRole(user.role)) {
    const after = await recordFailure(db, key, now);
    if (!after.allowed) return { ok: false, reason: "throttled", retryAfterMs: after.retryAfterMs };
    return { ok: false, reason: "invalid" };
  }
  await clearFailures(db, key);
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role } };
}

/** Client IP as seen by the web process (first X-Forwarded-For hop, else X-Real-IP). */
export function clientIp(headers: Record<string, string | string[] | undefined> | Headers | undefined): string {
  const get = (name: string): string | undefined => {
    if (!headers) return undefined;
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const forwarded = get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || get("x-real-ip")?.trim() || "unknown";
}
