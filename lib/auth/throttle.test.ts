import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openTestDb, testDatabases, type TestDb } from "../db/testing";
import { verifyCredentials } from "./credentials";
import { hashPassword } from "./password";
import { THROTTLE, checkThrottle, recordFailure, throttleKey, tooManyAttemptsMessage } from "./throttle";

describe.each(testDatabases())("sign-in throttle on %s", (provider) => {
  let t: TestDb;
  const email = "dana@example.test";
  const password = "correct horse battery";

  beforeAll(async () => {
    t = await openTestDb(provider);
    await t.db.user.create({ data: { email, name: "Dana", role: "reviewer", passwordHash: await hashPassword(password) } });
  });
  afterAll(async () => t?.close());
  beforeEach(async () => {
    await t.db.loginThrottle.deleteMany({});
  });

  const attempt = (pw: string, ip = "10.0.0.1", now = new Date()) => verifyCredentials(t.db, { email, password: pw, ip }, now);

  it("accepts the right password and rejects a wrong one without saying which part", async () => {
    const ok = await attempt(password);
    expect(ok.ok && ok.user.role).toBe("reviewer");
    expect(await attempt("wrong")).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyCredentials(t.db, { email: "nobody@example.test", password, ip: "10.0.0.1" })).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("matches the email case-insensitively", async () => {
    const r = await verifyCredentials(t.db, { email: "  DANA@Example.Test ", password, ip: "10.0.0.1" });
    expect(r.ok).toBe(true);
  });

  it(`locks email+IP after ${THROTTLE.maxFailures} failures, even for the right password`, async () => {
    const now = new Date("2026-01-01T10:00:00Z");
    for (let i = 1; i < THROTTLE.maxFailures; i++) expect((await attempt("wrong", "10.0.0.1", now)).ok).toBe(false);
    const last = await attempt("wrong", "10.0.0.1", now);
    expect(last).toMatchObject({ ok: false, reason: "throttled" });
    // The lock is checked before the password, so the right password is refused too.
    const right = await attempt(password, "10.0.0.1", new Date(now.getTime() + 60_000));
    expect(right).toMatchObject({ ok: false, reason: "throttled" });
    if (!right.ok && right.reason === "throttled") expect(tooManyAttemptsMessage(right.retryAfterMs)).toBe("Too many attempts, try again in 14 minutes");
    // Another IP for the same email is unaffected.
    expect((await attempt(password, "10.0.0.2", now)).ok).toBe(true);
    // After the lock expires the right password works again and clears the counter.
    const later = new Date(now.getTime() + THROTTLE.lockMs + 1000);
    expect((await attempt(password, "10.0.0.1", later)).ok).toBe(true);
    expect(await t.db.loginThrottle.findUnique({ where: { key: throttleKey(email, "10.0.0.1") } })).toBeNull();
  });

  it("forgets failures older than the window", async () => {
    const key = throttleKey(email, "10.9.9.9");
    const start = new Date("2026-01-01T10:00:00Z");
    for (let i = 1; i < THROTTLE.maxFailures; i++) await recordFailure(t.db, key, start);
    const afterWindow = new Date(start.getTime() + THROTTLE.windowMs + 1000);
    expect(await recordFailure(t.db, key, afterWindow)).toEqual({ allowed: true });
    const row = await t.db.loginThrottle.findUnique({ where: { key } });
    expect(row?.failures).toBe(1);
    expect(await checkThrottle(t.db, key, afterWindow)).toEqual({ allowed: true });
  });

  it("refuses a disabled user with the same message as a wrong password", async () => {
    await t.db.user.create({
      data: { email: "off@example.test", name: "Off", role: "lead", disabled: true, passwordHash: await hashPassword("pw-off-123") },
    });
    expect(await verifyCredentials(t.db, { email: "off@example.test", password: "pw-off-123", ip: "1.1.1.1" })).toEqual({
      ok: false,
      reason: "invalid",
    });
  });
});

describe("throttle message", () => {
  it("rounds up to whole minutes", () => {
    expect(tooManyAttemptsMessage(60_000)).toBe("Too many attempts, try again in 1 minute");
    expect(tooManyAttemptsMessage(61_000)).toBe("Too many attempts, try again in 2 minutes");
    expect(tooManyAttemptsMessage(5)).toBe("Too many attempts, try again in 1 minute");
  });
});
