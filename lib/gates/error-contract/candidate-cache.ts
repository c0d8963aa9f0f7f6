/**
 * Consumer candidates of repository files, kept by blob id. The consumer search reads every JS/TS file
 * of the repository that mentions a word of a changed message, and parsing them is most of its time
 * (express: ~150 files for "path must be absolute…"); between two checks of the same repository almost
 * every blob is the same. An entry holds every candidate of the blob, before the keyword filter (which
 * depends on the messages), so one entry serves any later search; the filter is applied on reading.
 * Keyed by blob id, language (from the extension), test-file role and the identifiers searched for,
 * which are all that the extraction depends on. `null` records that the fast parser could not read the
 * blob (the caller then takes the slow path, uncached).
 *
 * The worker and the CLI daemon keep entries in memory (MemoryCandidateStore); `gatehouse check` also
 * keeps them on disk per CLI build (FileCandidateStore), beside its registry answers.
 */
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { writeAtomically } from "../../fs/write-atomically";
import { jsLanguageOf } from "../../parsers/estree";
import { shortHash } from "../../text/short-hash";
import type { Candidate, CandidateFilter } from "./candidates";

export type CachedCandidates = Candidate[] | null;

export interface CandidateStore {
  /** undefined: not kept. */
  get(key: string): Promise<CachedCandidates | undefined>;
  set(key: string, candidates: CachedCandidates): Promise<void>;
  /** Waits until what was set is kept (a store may write in the background). */
  flush?(): Promise<void>;
}

export function candidateKey(oid: string, filePath: string, testFile: boolean, identifiers: ReadonlySet<string>): string {
  return `${oid}\0${jsLanguageOf(filePath) ?? "ts"}\0${testFile ? "test" : "code"}\0${[...identifiers].sort().join(",")}`;
}

/** Keeps every candidate, whatever it says: what a cache entry holds. */
export function unfiltered(filter: CandidateFilter): CandidateFilter {
  return { relevant: () => true, identifiers: filter.identifiers };
}

/** The candidates the keyword filter keeps, as the extraction would have kept them with that filter. */
export function applyFilter(candidates: readonly Candidate[], filter: CandidateFilter): Candidate[] {
  return candidates.filter((c) => (c.type === "regex" ? filter.relevant(c.source) : c.type === "identifier" || filter.relevant(c.text)));
}

/** Least recently used out, bounded by the number of candidates held. */
export class MemoryCandidateStore implements CandidateStore {
  private readonly entries = new Map<string, CachedCandidates>();
  private held = 0;
  constructor(private readonly maxCandidates = 200_000) {}

  async get(key: string): Promise<CachedCandidates | undefined> {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key); // re-inserted: most recently used
    this.entries.set(key, value);
    return value;
  }

  async set(key: string, candidates: CachedCandidates): Promise<void> {
    const old = this.entries.get(key);
    if (old !== undefined) this.held -= old?.length ?? 0;
    this.entries.delete(key);
    this.entries.set(key, candidates);
    this.held += candidates?.length ?? 0;
    for (const [oldest, value] of this.entries) {
      if (this.held <= this.maxCandidates) break;
      this.entries.delete(oldest);
      this.held -= value?.length ?? 0;
    }
  }
}

const STRING_FIELDS: Record<Candidate["type"], readonly string[]> = {
  string: ["text"],
  regex: ["source", "flags"],
  template: ["source", "text"],
  identifier: ["text"],
  line: ["text"],
};

function isCandidateList(value: unknown): value is CachedCandidates {
  if (value === null) return true;
  if (!Array.isArray(value)) return false;
  for (const item of value as Array<Record<string, unknown>>) {
    const fields = typeof item === "object" && item !== null ? STRING_FIELDS[item.type as Candidate["type"]] : undefined;
    if (!fields || typeof item.line !== "number" || fields.some((f) => typeof item[f] !== "string")) return false;
    if (item.type === "regex" && typeof item.anchored !== "boolean") return false;
  }
  return true;
}

/**
 * One JSON file per entry in `dir` (one folder per CLI build: a new build's extraction may differ).
 * Reads are synchronous: the search reads its files one after another, and a small file read through
 * the thread pool waits longer than it reads (a third of a cached express search was that wait).
 * Writes (writeAtomically) go on in the background while the search goes on; flush() waits for them. Anything unreadable — missing, corrupt, another key — is a miss; a folder that
 * cannot be written only costs the parses.
 */
export class FileCandidateStore implements CandidateStore {
  private pending: Array<Promise<void>> = [];
  private wrote = false;
  /** Set but not yet on disk: read from here meanwhile. */
  private readonly unwritten = new Map<string, CachedCandidates>();
  private madeDir: Promise<unknown> | undefined;
  constructor(
    readonly dir: string,
    /** Above this many entries, a flush that wrote removes the oldest quarter (by write time). */
    private readonly maxEntries = 20_000,
  ) {}

  private fileOf(key: string): string {
    return path.join(this.dir, `${shortHash(key)}.json`);
  }

  async get(key: string): Promise<CachedCandidates | undefined> {
    if (this.unwritten.has(key)) return this.unwritten.get(key);
    try {
      const entry = JSON.parse(fs.readFileSync(this.fileOf(key), "utf8")) as { key?: unknown; candidates?: unknown };
      return entry.key === key && isCandidateList(entry.candidates) ? entry.candidates : undefined;
    } catch {
      return undefined;
    }
  }

  async set(key: string, candidates: CachedCandidates): Promise<void> {
    const text = JSON.stringify({ key, candidates });
    this.madeDir ??= fsp.mkdir(this.dir, { recursive: true }).catch(() => undefined);
    const made = this.madeDir;
    this.wrote = true;
    this.unwritten.set(key, candidates);
    this.pending.push(
      made
        .then(() => writeAtomically(this.fileOf(key), text))
        .then(() => {
          if (this.unwritten.get(key) === candidates) this.unwritten.delete(key);
        }),
    );
  }

  async flush(): Promise<void> {
    const pending = this.pending;
    this.pending = [];
    await Promise.all(pending);
    if (this.wrote) await this.prune();
    this.wrote = false;
  }

  /** Every blob version ever searched would stay: past the bound, the entries written longest ago go. */
  private async prune(): Promise<void> {
    const names = (await fsp.readdir(this.dir).catch(() => [] as string[])).filter((n) => n.endsWith(".json"));
    if (names.length <= this.maxEntries) return;
    const dated = await Promise.all(
      names.map(async (name) => ({ name, mtime: (await fsp.stat(path.join(this.dir, name)).catch(() => undefined))?.mtimeMs ?? 0 })),
    );
    dated.sort((a, b) => a.mtime - b.mtime);
    const drop = dated.slice(0, names.length - Math.floor(this.maxEntries * 0.75));
    await Promise.all(drop.map(({ name }) => fsp.rm(path.join(this.dir, name), { force: true }).catch(() => undefined)));
  }
}

/** Entries of the worker's and the CLI daemon's searches, shared by every search in the process. */
export const PROCESS_CANDIDATES: CandidateStore = new MemoryCandidateStore();

/** Reads the first store, then the second (copying a hit into the first); writes both. */
export class LayeredCandidateStore implements CandidateStore {
  constructor(
    private readonly near: CandidateStore,
    private readonly far: CandidateStore,
  ) {}

  async get(key: string): Promise<CachedCandidates | undefined> {
    const near = await this.near.get(key);
    if (near !== undefined) return near;
    const far = await this.far.get(key);
    if (far !== undefined) await this.near.set(key, far);
    return far;
  }

  async set(key: string, candidates: CachedCandidates): Promise<void> {
    await Promise.all([this.near.set(key, candidates), this.far.set(key, candidates)]);
  }

  async flush(): Promise<void> {
    await Promise.all([this.near.flush?.(), this.far.flush?.()]);
  }
}

/** Removes the entry folders of other CLI builds under `root`, keeping `keep`. */
export async function removeOtherBuilds(root: string, keep: string): Promise<void> {
  const names = await fsp.readdir(root).catch(() => [] as string[]);
  await Promise.all(names.filter((name) => name !== keep).map((name) => fsp.rm(path.join(root, name), { recursive: true, force: true }).catch(() => undefined)));
}
