// Environment shared by `npm start`, the worker and the e2e server: database URL and a persistent
// NEXTAUTH_SECRET generated on first start (kept under data/ so sessions survive restarts).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..");
export const DATA_DIR = path.join(ROOT, "data");

export function prepareEnv(env = process.env) {
  fs.mkdirSync(DATA_DIR, { recursive: true });
  const port = env.PORT && env.PORT.trim() !== "" ? env.PORT.trim() : "3000";
  if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
    throw new Error(`PORT must be a number from 1 to 65535, got "${port}"`);
  }
  let secret = env.NEXTAUTH_SECRET;
  if (!secret) {
    const file = path.join(DATA_DIR, "nextauth-secret");
    if (!fs.existsSync(file)) {
      fs.writeFileSync(file, crypto.randomBytes(32).toString("base64url") + "\n", { mode: 0o600 });
    }
    secret = fs.readFileSync(file, "utf8").trim();
  }
  return {
    ...env,
    PORT: port,
    DATABASE_URL: env.DATABASE_URL || "file:./data/gatehouse.db",
    NEXTAUTH_SECRET: secret,
    NEXTAUTH_URL: env.NEXTAUTH_URL || `http://127.0.0.1:${port}`,
    NEXT_TELEMETRY_DISABLED: "1",
    CHECKPOINT_DISABLE: "1",
  };
}

/**
 * Variables only the web process needs. The worker runs AI-written code (sandboxed, but defence in depth):
 * it must not hold the session-signing key or the sign-in providers' client secrets.
 */
export const WEB_ONLY_SECRETS = ["NEXTAUTH_SECRET", "GITHUB_SECRET", "OIDC_CLIENT_SECRET"];

export function workerEnv(env) {
  const out = { ...env };
  for (const name of WEB_ONLY_SECRETS) delete out[name];
  return out;
}
