/**
 * Test databases: real SQLite files and real PostgreSQL schemas, freshly migrated.
 * Usage in a test file:
 *   describe.each(testDatabases())("queue on %s", (kind) => { let t: TestDb; beforeAll(async () => { t = await openTestDb(kind) }); afterAll(() => t.close()); ... })
 * PostgreSQL: TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test; each TestDb gets its own schema.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import { createDb, type DbHandle } from "./client";
import { migrationSql } from "./migrations";
import type { DbProvider } from "../db-url";
import { patchPgNameColumns } from "./pg-name-columns";

export const TEST_PG_URL = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";

export interface TestDb extends DbHandle {
  /** URL another process (e.g. a spawned worker) can use to reach the same database. */
  url: string;
  close(): Promise<void>;
}

/** The providers the DB tests run on. Set GATEHOUSE_TEST_DBS=sqlite to skip PostgreSQL locally. */
export function testDatabases(): DbProvider[] {
  const only = process.env.GATEHOUSE_TEST_DBS;
  if (!only) return ["sqlite", "postgres"];
  return only.split(",").map((s) => s.trim()) as DbProvider[];
}

export async function openTestDb(provider: DbProvider): Promise<TestDb> {
  return provider === "sqlite" ? openSqlite() : openPostgres();
}

async function openSqlite(): Promise<TestDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-db-"));
  const file = path.join(dir, "test.db");
  const raw = new Database(file);
  raw.pragma("journal_mode = WAL");
  for (const sql of migrationSql("sqlite")) raw.exec(sql);
  raw.close();
  const url = `file:${file}`;
  const handle = createDb(url);
  return {
    ...handle,
    url,
    async close() {
      await handle.db.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function openPostgres(): Promise<TestDb> {
  patchPgNameColumns();
  const schema = `t_${crypto.randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA "${schema}"`);
    await admin.query(`SET search_path TO "${schema}"`);
    for (const sql of migrationSql("postgres")) {
      await admin.query(sql.replace(/CREATE SCHEMA IF NOT EXISTS "public";/g, ""));
    }
  } finally {
    await admin.end();
  }
  const u = new URL(TEST_PG_URL);
  u.searchParams.set("schema", schema);
  const url = u.toString();
  const handle = createDb(url);
  return {
    ...handle,
    url,
    async close() {
      await handle.db.$disconnect();
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA "${schema}" CASCADE`);
      await c.end();
    },
  };
}
