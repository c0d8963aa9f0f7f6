import { describe, expect, it } from "vitest";
import { createStatsDialect, nearestRankSql } from "./dialect";

describe("stats dialect", () => {
  it("binds values in the order their placeholders appear, whatever order they were added in", () => {
    for (const provider of ["sqlite", "postgres"] as const) {
      const P = createStatsDialect(provider).params();
      const b = P.p("b");
      const a = P.p("a");
      const bound = P.bind(`SELECT ${a}, ${b}, ${a}`);
      expect(bound.values).toEqual(["a", "b", "a"]);
      expect(bound.sql).toBe(provider === "postgres" ? "SELECT $1, $2, $3" : "SELECT ?, ?, ?");
    }
  });

  it("qualifies PostgreSQL tables with the schema and leaves SQLite's bare", () => {
    expect(createStatsDialect("postgres", "t_1").table("Change")).toBe(`"t_1"."Change"`);
    expect(createStatsDialect("sqlite").table("Change")).toBe(`"Change"`);
  });

  it("nearest rank is ceil(p/100 · n) in integer arithmetic", () => {
    expect(nearestRankSql("n", 95)).toBe("((95 * n + 99) / 100)");
    // The same formula with truncating division, as both databases evaluate it on integers.
    const sqlRank = (n: number, p: number) => Math.trunc((p * n + 99) / 100);
    for (const n of [1, 2, 3, 9, 10, 20, 101]) {
      for (const p of [50, 95]) expect(sqlRank(n, p)).toBe(Math.ceil((p * n) / 100));
    }
    expect(() => nearestRankSql("n", 0)).toThrow();
    expect(() => nearestRankSql("n", 99.5)).toThrow();
  });
});
