/**
 * Cache of registry lookups. The value is a small JSON-serialisable summary of a package (never a whole packument)
 * so that the app can store it in its database; the CLI uses the in-memory implementation below.
 */

/** What a registry said about one package, reduced to what the gate needs. */
export type CachedEntry =
  | { kind: "not-found"; fetchedAt: string; reason?: string }
  | {
      kind: "found";
      fetchedAt: string;
      /** Every published version (npm semver strings / PyPI version strings). */
      versions: string[];
      /** npm dist-tags; for PyPI `{ latest: info.version }`. */
      distTags: Record<string, string>;
      /** version → deprecation message (npm `deprecated`, PyPI yank reason for fully yanked releases). */
      deprecated: Record<string, string>;
      /** ISO time the package was first published, when the registry says so. */
      created?: string;
      /** PyPI: the project declares `Development Status :: 7 - Inactive`. */
      inactive?: boolean;
    };

export interface RegistryCache {
  get(key: string): Promise<CachedEntry | undefined>;
  set(key: string, value: CachedEntry, ttlMs: number): Promise<void>;
}

/** How long a positive answer stays fresh. */
export const FOUND_TTL_MS = 60 * 60_000;
/** 404s are cached shorter: a package may be published right after someone asked for it. */
export const NOT_FOUND_TTL_MS = 5 * 60_000;

interface MemorySlot {
  value: CachedEntry;
  expiresAt: number;
}

/** Process-local cache with TTL and a bounded size (oldest insertion evicted first). */
export class MemoryRegistryCache implements RegistryCache {
  private readonly slots = new Map<string, MemorySlot>();

  constructor(
    private readonly maxEntries = 5_000,
    private readonly clock: () => number = Date.now,
  ) {}

  async get(key: string): Promise<CachedEntry | undefined> {
    const slot = this.slots.get(key);
    if (!slot) return undefined;
    if (slot.expiresAt <= this.clock()) {
      this.slots.delete(key);
      return undefined;
    }
    return slot.value;
  }

  async set(key: string, value: CachedEntry, ttlMs: number): Promise<void> {
    this.slots.delete(key);
    this.slots.set(key, { value, expiresAt: this.clock() + ttlMs });
    while (this.slots.size > this.maxEntries) {
      const oldest = this.slots.keys().next().value;
      if (oldest === undefined) break;
      this.slots.delete(oldest);
    }
  }

  get size(): number {
    return this.slots.size;
  }
}
