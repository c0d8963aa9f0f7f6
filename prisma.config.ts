import { defineConfig } from "prisma/config";
import { databaseUrl, providerOf, sqliteFilePath } from "./lib/db-url";
import { patchPgNameColumns } from "./lib/db/pg-name-columns";

// One set of models, two providers: the schema folder is chosen from DATABASE_URL.
const url = databaseUrl();
const provider = providerOf(url);
process.env.DATABASE_URL = url;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: `prisma/${provider}`,
  migrations: { path: `prisma/${provider}/migrations` },
  async adapter() {
    if (provider === "postgres") {
      patchPgNameColumns();
      const { PrismaPg } = await import("@prisma/adapter-pg");
      return new PrismaPg({ connectionString: url });
    }
    const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
    return new PrismaBetterSQLite3({ url: `file:${sqliteFilePath(url)}` });
  },
});
