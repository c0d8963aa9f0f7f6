/**
 * Everything that differs between SQLite and PostgreSQL in the stats SQL, in one place. The queries
 * themselves are written once against this interface.
 *
 * - Tables: raw SQL is sent as written, so on PostgreSQL every table is qualified with the schema of
 *   the connection URL (tests and the bench use their own schemas; search_path would point elsewhere).
 * - Timestamps: the SQLite adapter stores DateTime as ISO-8601 text "YYYY-MM-DDTHH:MM:SS.mmm+00:00";
 *   bound Date parameters are converted to the same text, so comparisons are plain text comparisons
 *   there and timestamp comparisons on PostgreSQL (TIMESTAMP(3), UTC values).
 * - Day buckets are UTC days as 'YYYY-MM-DD' text on both.
 * - Placeholders: `$n` on PostgreSQL, `?` on SQLite (the driver has no numbered parameters); both are
 *   assigned in text order when the statement is bound.
 * - Text ordering: binary ("C") on both, so ties sort identically.
 * - Integer division truncates on both (used for nearest-rank percentiles).
 */
import type { DbHandle } from "../db/client";
import type { DbProvider } from "../db-url";

export interface StatsDialect {
  provider: DbProvider;
  /** Quoted (and on PostgreSQL schema-qualified) table name. */
  table(name: string): string;
  /** UTC day of a timestamp column as 'YYYY-MM-DD'. */
  day(column: string): string;
  /** Whole milliseconds from `earlier` to `later` (two timestamp columns). */
  msBetween(later: string, earlier: string): string;
  /** An ORDER BY term comparing text byte-wise. */
  textOrder(expr: string): string;
  /** A boolean literal as the column type stores it (INTEGER 0/1 on SQLite, BOOLEAN on PostgreSQL). */
  bool(value: boolean): string;
  /** A fresh parameter list for one statement. */
  params(): SqlParams;
}

export interface SqlParams {
  /** Adds a bound value and returns a marker for it; `bind` turns markers into placeholders. */
  p(value: unknown): string;
  /**
   * The statement with real placeholders and the values in the order the placeholders appear.
   * Markers make the text order authoritative, so building a statement out of order cannot bind a
   * value to the wrong `?` on SQLite.
   */
  bind(sql: string): { sql: string; values: unknown[] };
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

const MARKER = /\u0001(\d+)\u0001/g;

function paramList(provider: DbProvider): SqlParams {
  const added: unknown[] = [];
  return {
    p(value) {
      added.push(value);
      return `\u0001${added.length - 1}\u0001`;
    },
    bind(sql) {
      const values: unknown[] = [];
      const text = sql.replace(MARKER, (_, i: string) => {
        values.push(added[Number(i)]);
        return provider === "postgres" ? `$${values.length}` : "?";
      });
      return { sql: text, values };
    },
  };
}

export function createStatsDialect(provider: DbProvider, schema?: string): StatsDialect {
  if (provider === "postgres") {
    const prefix = `${quoteIdent(schema || "public")}.`;
    return {
      provider,
      table: (name) => prefix + quoteIdent(name),
      day: (c) => `to_char(${c}, 'YYYY-MM-DD')`,
      msBetween: (later, earlier) => `CAST(ROUND(EXTRACT(EPOCH FROM (${later} - ${earlier})) * 1000) AS BIGINT)`,
      textOrder: (e) => `${e} COLLATE "C"`,
      bool: (v) => (v ? "TRUE" : "FALSE"),
      params: () => paramList(provider),
    };
  }
  return {
    provider,
    table: (name) => quoteIdent(name),
    // The stored text starts with the UTC date (the adapter always writes +00:00).
    day: (c) => `substr(${c}, 1, 10)`,
    msBetween: (later, earlier) => `CAST(ROUND((julianday(${later}) - julianday(${earlier})) * 86400000.0) AS INTEGER)`,
    textOrder: (e) => e,
    bool: (v) => (v ? "1" : "0"),
    params: () => paramList(provider),
  };
}

/** The dialect for a database handle (PostgreSQL schema taken from the URL's `schema` parameter). */
export function statsDialectFor(handle: Pick<DbHandle, "provider" | "url">): StatsDialect {
  const schema = handle.provider === "postgres" ? new URL(handle.url).searchParams.get("schema") || "public" : undefined;
  return createStatsDialect(handle.provider, schema);
}

/**
 * 1-based nearest-rank position of percentile `pct` among `n` sorted values: ceil(pct/100 * n),
 * written with integer arithmetic so both databases compute the same row.
 */
export function nearestRankSql(n: string, pct: number): string {
  if (!Number.isInteger(pct) || pct <= 0 || pct > 100) throw new Error(`percentile must be an integer in 1..100, got ${pct}`);
  return `((${pct} * ${n} + 99) / 100)`;
}
