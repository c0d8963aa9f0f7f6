/**
 * Registry lookups kept on disk between `gatehouse check` runs, with the same TTLs as the app's database
 * cache: a CI job checking commit after commit asks the registry once an hour per package, not once per run.
 * One small JSON file per key, written to a temporary name and renamed, so concurrent runs never read a
 * torn entry (the last writer wins). Anything unreadable — missing, corrupt, expired, another key — is a
 * miss, and a directory that cannot be written only costs the lookups.
 */
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { writeAtomically } from "../../fs/write-atomically";
import { shortHash } from "../../text/short-hash";
import type { CachedEntry, RegistryCache } from "./cache";

const StringRecord = z.record(z.string(), z.string());
const EntrySchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("not-found"), fetchedAt: z.string(), reason: z.string().optional() }),
  z.object({
    kind: z.literal("found"),
    fetchedAt: z.string(),
    versions: z.array(z.string()),
    distTags: StringRecord,
    deprecated: StringRecord,
    created: z.string().optional(),
    inactive: z.boolean().optional(),
  }),
]);
const FileSchema = z.object({ key: z.string(), expiresAt: z.number(), value: EntrySchema });

/**
 * Where the CLI keeps its caches: GATEHOUSE_CACHE_DIR, else $XDG_CACHE_HOME/gatehouse, else
 * ~/.cache/gatehouse (CI systems cache such a folder between jobs).
 */
export function cliCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GATEHOUSE_CACHE_DIR) return path.resolve(env.GATEHOUSE_CACHE_DIR);
  const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(os.homedir(), ".cache");
  return path.join(base, "gatehouse");
}

export class FileRegistryCache implements RegistryCache {
  constructor(
    /** The folder of entries (created on first write). */
    readonly dir: string,
    private readonly clock: () => number = Date.now,
  ) {}

  private fileOf(key: string): string {
    // The entry names its key: a hash collision reads as a miss.
    return path.join(this.dir, `${shortHash(key)}.json`);
  }

  async get(key: string): Promise<CachedEntry | undefined> {
    const file = this.fileOf(key);
    let text: string;
    try {
      text = await fsp.readFile(file, "utf8");
    } catch {
      return undefined;
    }
    let parsed: z.infer<typeof FileSchema> | undefined;
    try {
      const result = FileSchema.safeParse(JSON.parse(text));
      parsed = result.success ? result.data : undefined;
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.key !== key) return undefined;
    if (parsed.expiresAt <= this.clock()) {
      await fsp.rm(file, { force: true }).catch(() => undefined);
      return undefined;
    }
    return parsed.value;
  }

  async set(key: string, value: CachedEntry, ttlMs: number): Promise<void> {
    if (!(await fsp.mkdir(this.dir, { recursive: true }).then(() => true, () => false))) return;
    await writeAtomically(this.fileOf(key), JSON.stringify({ key, expiresAt: this.clock() + ttlMs, value }));
  }
}
