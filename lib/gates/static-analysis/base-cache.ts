/** Base-commit tool results, cached per repository + commit + invocation + config (tool version, argv, config text). */
import type { ToolInvocation } from "./plan";
import type { ToolRunOutcome } from "./types";

export interface StaticBaseCache {
  get(key: string): Promise<ToolRunOutcome | undefined>;
  set(key: string, value: ToolRunOutcome): Promise<void>;
}

export function staticBaseKey(repoRoot: string, commit: string, inv: Pick<ToolInvocation, "id" | "configKey">): string {
  return `static-analysis:${JSON.stringify([repoRoot, commit, inv.id, inv.configKey])}`;
}

export function createMemoryStaticCache(maxEntries = 500): StaticBaseCache {
  const map = new Map<string, ToolRunOutcome>();
  return {
    async get(key) {
      const v = map.get(key);
      return v ? structuredClone(v) : undefined;
    },
    async set(key, value) {
      map.delete(key);
      map.set(key, structuredClone(value));
      while (map.size > maxEntries) map.delete(map.keys().next().value!);
    },
  };
}
