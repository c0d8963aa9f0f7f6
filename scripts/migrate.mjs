// Applies pending migrations with `prisma migrate deploy`, skipped for SQLite when neither the
// migrations nor the database file changed since the last successful run (keeps restarts fast).
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { ROOT, DATA_DIR } from "./prepare-env.mjs";

function migrationsFingerprint(provider) {
  const dir = path.join(ROOT, "prisma", provider, "migrations");
  const hash = createHash("sha256");
  for (const name of fs.readdirSync(dir).sort()) {
    const f = path.join(dir, name, "migration.sql");
    if (fs.existsSync(f)) hash.update(name).update(fs.readFileSync(f));
  }
  return hash.digest("hex");
}

export function migrate(env, { log = console.log } = {}) {
  const provider = /^postgres(ql)?:/i.test(env.DATABASE_URL) ? "postgres" : "sqlite";
  const stamp = path.join(DATA_DIR, `.migrated-${createHash("sha1").update(env.DATABASE_URL).digest("hex").slice(0, 10)}`);
  const fingerprint = migrationsFingerprint(provider);
  const dbFile = provider === "sqlite" ? path.resolve(ROOT, env.DATABASE_URL.replace(/^file:/, "").split("?")[0]) : null;
  if (dbFile) fs.mkdirSync(path.dirname(dbFile), { recursive: true });
  if (dbFile && fs.existsSync(dbFile) && fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === fingerprint) {
    return false;
  }
  log(`gatehouse: applying database migrations (${provider})…`);
  const r = spawnSync("npx", ["prisma", "migrate", "deploy"], { cwd: ROOT, env, encoding: "utf8" });
  if (r.status !== 0) {
    throw new Error(`database migration failed:\n${(r.stderr || r.stdout || "").trim()}`);
  }
  fs.writeFileSync(stamp, fingerprint);
  return true;
}
