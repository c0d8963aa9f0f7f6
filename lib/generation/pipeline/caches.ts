/**
 * Database-backed caches for the gates inside the app and worker: registry lookups (with a TTL, shared
 * by every worker) and baseline test runs per repository + commit + command.
 */
import type { Db } from "../../db/client";
import type { CachedEntry, RegistryCache } from "../../gates/dependencies/cache";
import type { BaselineCache } from "../../gates/tests/baseline-cache";
import type { TestRunSummary } from "../../gates/tests/types";

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

export class DbBaselineCache implements BaselineCache {
  constructor(private readonly db: Db) {}

  async get(key: string): Promise<TestRunSummary | undefined> {
    const row = await this.db.testBaseline.findUnique({ where: { key } });
    return row ? (row.value as unknown as TestRunSummary) : undefined;
  }

  async set(key: string, value: TestRunSummary): Promise<void> {
    const json = value as unknown as object;
    await this.db.testBaseline.upsert({ where: { key }, create: { key, value: json }, update: { value: json } });
  }
}
