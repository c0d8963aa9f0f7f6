/**
 * Failed sign-in throttling per email + client IP, stored in the database so every web process
 * shares it. Checked before any password hashing so a locked key costs nothing.
 */
import type { Db } from "../db/client";

export const THROTTLE = {
  maxFailures: 5,
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
} as const;

export type ThrottleState = { allowed: true } | { allowed: false; retryAfterMs: number };

export function throttleKey(email: string, ip: string): string {
  return `${email.trim().toLowerCase()}|${ip}`;
}

export async function checkThrottle(db: Db, key: string, now: Date = new Date()): Promise<ThrottleState> {
  const row = await db.loginThrottle.findUnique({ where: { key } });
  if (row?.lockedUntil && row.lockedUntil.getTime() > now.getTime()) {
    return { allowed: false, retryAfterMs: row.lockedUntil.getTime() - now.getTime() };
  }
  return { allowed: true };
}

/** Counts one failure; the key locks once it reaches maxFailures inside the window. */
export async function recordFailure(db: Db, key: string, now: Date = new Date()): Promise<ThrottleState> {
  const existing = await db.loginThrottle.findUnique({ where: { key } });
  const windowExpired =
    !existing ||
    now.getTime() - existing.windowStart.getTime() > THROTTLE.windowMs ||
    (existing.lockedUntil !== null && existing.lockedUntil.getTime() <= now.getTime());
  let failures: number;
  if (windowExpired) {
    const row = await db.loginThrottle.upsert({
      where: { key },
      create: { key, failures: 1, windowStart: now },
      update: { failures: 1, windowStart: now, lockedUntil: null },
    });
    failures = row.failures;
  } else {
    // increment keeps concurrent failures from overwriting each other
    const row = await db.loginThrottle.update({ where: { key }, data: { failures: { increment: 1 } } });
    failures = row.failures;
  }
  if (failures >= THROTTLE.maxFailures) {
    const lockedUntil = new Date(now.getTime() + THROTTLE.lockMs);
    await db.loginThrottle.update({ where: { key }, data: { lockedUntil } });
    return { allowed: false, retryAfterMs: THROTTLE.lockMs };
  }
  return { allowed: true };
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { key } });
}

export function tooManyAttemptsMessage(retryAfterMs: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
  return `Too many attempts, try again in ${minutes} minute${minutes === 1 ? "" : "s"}`;
}

export function isTooManyAttemptsMessage(message: string): boolean {
  return /^Too many attempts, try again in \d+ minutes?$/.test(message);
}
