/**
 * The one Prisma client factory. Picks SQLite or PostgreSQL from DATABASE_URL; both generated clients
 * come from the same models, so they share one API and we expose the SQLite client's types.
 */
import { PrismaClient as SqliteClient, Prisma as SqlitePrisma } from "../generated/sqlite/client";
import { PrismaClient as PostgresClient } from "../generated/postgres/client";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseUrl, providerOf, sqliteFilePath, type DbProvider } from "../db-url";
import { patchPgNameColumns } from "./pg-name-columns";

export type Db = SqliteClient;
export type { Prisma } from "../generated/sqlite/client";
/** Writes SQL NULL into a Json column (both generated clients share the runtime that defines it). */
export const DbNull = SqlitePrisma.DbNull;

export interface DbHandle {
  db: Db;
  provider: DbProvider;
  url: string;
}

/** Create a new client for a URL (tests use this with their own database or schema). */
export function createDb(url: string = databaseUrl()): DbHandle {
  const provider = providerOf(url);
  if (provider === "postgres") {
    patchPgNameColumns();
    const schema = new URL(url).searchParams.get("schema") ?? undefined;
    const adapter = new PrismaPg({ connectionString: url }, schema ? { schema } : undefined);
    const db = new PostgresClient({ adapter }) as unknown as Db;
    return { db, provider, url };
  }
  const adapter = new PrismaBetterSQLite3({ url: `file:${sqliteFilePath(url)}` });
  const db = new SqliteClient({ adapter });
  return { db, provider, url };
}

const globalForDb = globalThis as unknown as { __gatehouseDb?: DbHandle };

/** Process-wide client for the configured DATABASE_URL (reused across Next hot reloads). */
export function getDbHandle(): DbHandle {
  if (!globalForDb.__gatehouseDb) globalForDb.__gatehouseDb = createDb();
  return globalForDb.__gatehouseDb;
}

export function getDb(): Db {
  return getDbHandle().db;
}
