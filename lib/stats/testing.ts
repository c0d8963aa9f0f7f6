/** Test helper: a migrated test database of one kind holding the stats fixture, with its SQL dialect. */
import { openTestDb, type TestDb } from "../db/testing";
import type { DbProvider } from "../db-url";
import { statsDialectFor, type StatsDialect } from "./dialect";
import { insertStatsFixture, type StatsFixture } from "./fixture";

export async function openStatsFixtureDb(kind: DbProvider): Promise<{ t: TestDb; fx: StatsFixture; d: StatsDialect }> {
  const t = await openTestDb(kind);
  const fx = await insertStatsFixture(t.db);
  return { t, fx, d: statsDialectFor(t) };
}
