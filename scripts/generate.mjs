// Generates both Prisma clients. prisma.config.ts picks the provider from DATABASE_URL, and a schema
// generated under the other provider's config makes the CLI try to download an engine, so each
// generation runs with a matching URL.
import { spawnSync } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const targets = [
  ["prisma/sqlite", "file:./data/gatehouse.db"],
  ["prisma/postgres", "postgres://postgres@127.0.0.1:5432/postgres"],
];
for (const [schema, url] of targets) {
  const r = spawnSync("npx", ["prisma", "generate", "--schema", schema], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
  if (r.status !== 0) {
    console.error(`prisma generate failed for ${schema}`);
    process.exit(r.status || 1);
  }
}
console.log("gatehouse: generated Prisma clients for SQLite and PostgreSQL");
