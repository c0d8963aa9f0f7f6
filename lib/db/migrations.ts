/**
 * Applies the checked-in migration SQL directly. Used by tests (fresh database per test file) where
 * spawning the Prisma CLI per schema would be slow. Production uses `prisma migrate deploy`.
 */
import fs from "node:fs";
import path from "node:path";
import type { DbProvider } from "../db-url";

const ROOT = path.resolve(__dirname, "../..");

export function migrationSql(provider: DbProvider): string[] {
  const dir = path.join(ROOT, "prisma", provider, "migrations");
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8"));
}
