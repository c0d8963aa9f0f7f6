/** Baseline (base-commit) test results, cached per repository + commit + command. */
import type { TestRunSummary } from "./types";

/** Storage for baseline runs; the in-memory default can be swapped for a database-backed one. */
export interface BaselineCache {
  get(key: string): Promise<TestRunSummary | undefined>;
  set(key: string, value: TestRunSummary): Promise<void>;
}

export function baselineCacheKey(repoDir: string, commit: string, command: string): string {
  return JSON.stringify([repoDir, commit, command]);
}

export function createMemoryBaselineCache(maxEntries = 200): BaselineCache {
  const map = new Map<string, TestRunSummary>();
  return {
    async get(key) {
      return map.get(key);
    },
    async set(key, value) {
      map.delete(key);
      map.set(key, value);
      // Oldest first in insertion order: drop beyond the cap.
      while (map.size > maxEntries) map.delete(map.keys().next().value!);
    },
  };
}
