/**
 * Throwaway databases filled with synthetic stats data: a SQLite file or a PostgreSQL schema,
 * migrated from the checked-in migrations plus the stats indexes. Used by the benchmark and by the
 * cross-database test on generated data.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import { createDb, type DbHandle } from "../db/client";
import { migrationSql } from "../db/migrations";
import { patchPgNameColumns } from "../db/pg-name-columns";
import { TEST_PG_URL } from "../db/testing";
import { SYNTHETIC_COLUMNS, bufferedSink, generateSyntheticStats, postgresWriter, sqliteWriter, type SyntheticCounts, type SyntheticOptions } from "./synthetic";

export interface SyntheticDb extends DbHandle {
  counts: SyntheticCounts;
  loadMs: number;
  close(): Promise<void>;
}

export async function createSyntheticSqlite(opts: SyntheticOptions): Promise<SyntheticDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-stats-"));
  const file = path.join(dir, "stats.db");
  const started = performance.now();
  const raw = new Database(file);
  let counts: SyntheticCounts;
  try {
    raw.pragma("journal_mode = WAL");
    for (const sql of migrationSql("sqlite")) raw.exec(sql);
    raw.exec("BEGIN");
    counts = await generateSyntheticStats(bufferedSink(sqliteWriter(raw)), opts);
    raw.exec("COMMIT");
    raw.exec("ANALYZE");
  } finally {
    raw.close();
  }
  const loadMs = performance.now() - started;
  const handle = createDb(`file:${file}`);
  return {
    ...handle,
    counts,
    loadMs,
    async close() {
      await handle.db.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A dedicated schema on the PostgreSQL server of `baseUrl`, dropped by close(). */
export async function createSyntheticPostgres(opts: SyntheticOptions, baseUrl: string = TEST_PG_URL): Promise<SyntheticDb> {
  patchPgNameColumns();
  const schema = `stats_bench_${crypto.randomBytes(5).toString("hex")}`;
  const started = performance.now();
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  let counts: SyntheticCounts;
  try {
    await client.query(`CREATE SCHEMA "${schema}"`);
    await client.query(`SET search_path TO "${schema}"`);
    for (const sql of migrationSql("postgres")) await client.query(sql.replace(/CREATE SCHEMA IF NOT EXISTS "public";/g, ""));
    await client.query("BEGIN");
    counts = await generateSyntheticStats(bufferedSink(postgresWriter(client, schema)), opts);
    await client.query("COMMIT");
    // Steady state as autovacuum would leave it: statistics and a visibility map (index-only scans).
    for (const table of Object.keys(SYNTHETIC_COLUMNS)) await client.query(`VACUUM (ANALYZE) "${schema}"."${table}"`);
  } catch (e) {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    throw e;
  } finally {
    await client.end();
  }
  const loadMs = performance.now() - started;
  const u = new URL(baseUrl);
  u.searchParams.set("schema", schema);
  const handle = createDb(u.toString());
  return {
    ...handle,
    counts,
    loadMs,
    async close() {
      await handle.db.$disconnect();
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      try {
        await c.query(`DROP SCHEMA "${schema}" CASCADE`);
      } finally {
        await c.end();
      }
    },
  };
}
