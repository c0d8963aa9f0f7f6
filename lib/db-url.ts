/**
 * Which database Gatehouse talks to. Shared by prisma.config.ts, the app, the worker and the CLI,
 * so the choice is made in exactly one place.
 */
import path from "node:path";

export type DbProvider = "sqlite" | "postgres";

export const DEFAULT_SQLITE_URL = "file:./data/gatehouse.db";

export function databaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL && env.DATABASE_URL.trim() !== "" ? env.DATABASE_URL.trim() : DEFAULT_SQLITE_URL;
}

export function providerOf(url: string): DbProvider {
  if (/^postgres(ql)?:\/\//i.test(url)) return "postgres";
  if (/^file:/i.test(url)) return "sqlite";
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgres:// (PostgreSQL), got "${url.split(":")[0]}:…"`);
}

/** Absolute file path of a SQLite URL, relative paths resolved against the working directory. */
export function sqliteFilePath(url: string, cwd = process.cwd()): string {
  const p = url.replace(/^file:/i, "").split("?")[0];
  return path.resolve(cwd, p);
}
