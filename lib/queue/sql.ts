/**
 * Raw-SQL helpers for the queue. Prisma qualifies its own queries with the adapter's schema, but raw
 * SQL is sent as written: on PostgreSQL an unqualified "Job" resolves through search_path (public),
 * which is a different table when the URL selects another schema (tests do). So we always qualify.
 */
import type { DbHandle } from "../db/client";

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The schema named by a PostgreSQL URL's `schema` parameter (the adapter uses the same one). */
export function postgresSchema(url: string): string {
  return new URL(url).searchParams.get("schema") || "public";
}

/** `"Job"` on SQLite, `"<schema>"."Job"` on PostgreSQL. */
export function tableName(handle: Pick<DbHandle, "provider" | "url">, table: string): string {
  if (handle.provider === "postgres") return `${quoteIdent(postgresSchema(handle.url))}.${quoteIdent(table)}`;
  return quoteIdent(table);
}

/**
 * Collects bind values while a statement is written: `p(value)` returns its placeholder
 * (`$n` on PostgreSQL, `?` on SQLite, where numbered parameters are not supported by the driver).
 */
export function sqlParams(handle: Pick<DbHandle, "provider">): { p(value: unknown): string; values: unknown[] } {
  const values: unknown[] = [];
  return {
    values,
    p(value) {
      values.push(value);
      return handle.provider === "postgres" ? `$${values.length}` : "?";
    },
  };
}

/**
 * How long a SQLite connection waits for another process' write lock before SQLITE_BUSY.
 * Per connection, so every process that claims jobs sets it on its own client.
 */
export async function configureSqliteBusyTimeout(handle: DbHandle, ms: number): Promise<void> {
  if (handle.provider !== "sqlite") return;
  await handle.db.$queryRawUnsafe(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(ms))}`);
}
