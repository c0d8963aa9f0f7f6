/**
 * Database-backed caches for the gates inside the app and worker: registry lookups (with a TTL, shared
 * by every worker) and baseline test runs per repository + commit + command.
 */
import type { Db } from "../../db/client";
import type { CachedEntry, RegistryCache } from "../../gates/dependencies/cache";
import type { BaselineCache } from "../../gates/tests/baseline-cache";
import type { TestRunSummary } from "../../gates/tests/types";
import type { StaticBaseCache } from "../../gates/static-analysis/base-cache";
import type { ToolRunOutcome } from "../../gates/static-analysis/types";

export class DbRegistryCache implements RegistryCache {
  constructor(private readonly db: Db) {}

  async get(key: string): Promise<CachedEntry | undefined> {
    const row = await this.db.registryCacheEntry.findUnique({ where: { key } });
    if (!row || row.expiresAt.getTime() <= Date.now()) return undefined;
    return row.value as unknown as CachedEntry;
  }

  async set(key: string, value: CachedEntry, ttlMs: number): Promise<void> {
    const expiresAt = new Date(Date.now() + ttlMs);
    const json = value as unknown as object;
    await this.db.registryCacheEntry.upsert({ where: { key }, create: { key, value: json, expiresAt }, update: { value: json, expiresAt } });
  }
}

/** Base-commit results kept as JSON in the TestBaseline table (keys of different gates never collide: see their key functions). */
class DbBaselineStore<T> {
  constructor(private readonly db: Db) {}

  async get(key: string): Promise<T | undefined> {
    const row = await this.db.testBaseline.findUnique({ where: { key } });
    return row ? (row.value as unknown as T) : undefined;
  }

  async set(key: string, value: T): Promise<void> {
    const json = value as unknown as object;
    await this.db.testBaseline.upsert({ where: { key }, create: { key, value: json }, update: { value: json } });
  }
}

export class DbBaselineCache extends DbBaselineStore<TestRunSummary> implements BaselineCache {}

/** Static-analysis tool results at base commits (keys start with "static-analysis:"). */
export class DbStaticBaseCache extends DbBaselineStore<ToolRunOutcome> implements StaticBaseCache {}
