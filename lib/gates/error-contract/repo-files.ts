/**
 * The repository as the error-contract gate searches it for consumers: every text file at the base
 * commit (lib/git/blobs.ts), minus dependencies, lockfiles and large files, with the change applied.
 */
import { runGit } from "../../patch/git";
import { GitReadError, listTreeBlobs, looksBinary, streamBlobs, type TreeBlob } from "../../git/blobs";
import { isKnownCommit, rememberCommit } from "../../git/known-commits";

/** Files above this size are not searched for consumers (generated or data files). */
export const MAX_CONSUMER_FILE_BYTES = 1024 * 1024;

const LOCKFILES = new Set([
  "package-lock.json",
  "npm-shrinkwrap.json",
  "yarn.lock",
  "pnpm-lock.yaml",
  "bun.lock",
  "bun.lockb",
  "poetry.lock",
  "pipfile.lock",
  "uv.lock",
  "pdm.lock",
  "cargo.lock",
  "gemfile.lock",
  "composer.lock",
  "go.sum",
]);

/** Paths never searched: dependencies, lockfiles. */
export function isSkippedPath(path: string): boolean {
  const segments = path.split("/");
  if (segments.includes("node_modules") || segments.includes(".git")) return true;
  const base = (segments[segments.length - 1] ?? "").toLowerCase();
  return LOCKFILES.has(base) || base.endsWith(".lock");
}

/** A repository or commit that cannot be read: the gate reports `error`. */
export { GitReadError as RepoReadError };

export interface RepoReadStats {
  gitProcesses: number;
  filesListed: number;
  filesRead: number;
  skippedBinary: number;
  skippedLarge: number;
  skippedPath: number;
}

export function emptyStats(): RepoReadStats {
  return { gitProcesses: 0, filesListed: 0, filesRead: 0, skippedBinary: 0, skippedLarge: 0, skippedPath: 0 };
}

export interface RepoTextFile {
  path: string;
  text: string;
  /** The blob id, for a file read from the commit (not for the change's own files). */
  oid?: string;
}

/** Resolves a commit-ish to a full commit id, or throws RepoReadError when it does not exist. */
export async function resolveCommit(repoDir: string, commit: string, stats: RepoReadStats, signal?: AbortSignal): Promise<string> {
  if (commit.startsWith("-")) throw new GitReadError(`invalid commit: ${commit}`);
  if (isKnownCommit(repoDir, commit)) return commit;
  stats.gitProcesses += 1;
  const res = await runGit(["rev-parse", "--verify", "--quiet", `${commit}^{commit}`], { cwd: repoDir, signal }).catch((error: unknown) => ({
    code: -1,
    stdout: Buffer.alloc(0),
    stderr: error instanceof Error ? error.message : String(error),
  }));
  if (res.code !== 0) throw new GitReadError(`base commit ${commit} not found in ${repoDir}${res.stderr.trim() ? `: ${res.stderr.trim()}` : ""}`);
  const full = res.stdout.toString("utf8").trim();
  rememberCommit(repoDir, full);
  return full;
}

/** Regular blobs worth searching, sizes known before reading (large and skipped paths counted, not read). */
async function listBlobs(repoDir: string, commit: string, stats: RepoReadStats, signal?: AbortSignal) {
  const blobs: TreeBlob[] = [];
  // The listing may be the one the patch step or another gate already read: counted only when read here.
  for (const blob of await listTreeBlobs(repoDir, commit, { signal, onGitProcess: () => (stats.gitProcesses += 1) })) {
    stats.filesListed += 1;
    if (isSkippedPath(blob.path)) stats.skippedPath += 1;
    else if (blob.size > MAX_CONSUMER_FILE_BYTES) stats.skippedLarge += 1;
    else blobs.push(blob);
  }
  return blobs;
}

export interface ReadRepoOptions {
  /** Files whose content replaces the commit's (the change's after-text); null = deleted. */
  overrides?: ReadonlyMap<string, string | null>;
  signal?: AbortSignal;
  stats?: RepoReadStats;
}

/**
 * Every searchable text file of the repository at `commit`, each read exactly once, with `overrides` applied
 * (changed files appear with their new text, new files are added, deleted ones left out).
 */
export async function* readRepoTextFiles(
  repoDir: string,
  commit: string,
  options: ReadRepoOptions = {},
): AsyncGenerator<RepoTextFile> {
  const stats = options.stats ?? emptyStats();
  const overrides = options.overrides ?? new Map<string, string | null>();
  const blobs = (await listBlobs(repoDir, commit, stats, options.signal)).filter((blob) => !overrides.has(blob.path));
  const pathsBySha = new Map<string, string[]>();
  for (const blob of blobs) pathsBySha.set(blob.oid, [...(pathsBySha.get(blob.oid) ?? []), blob.path]);
  if (pathsBySha.size > 0) {
    stats.gitProcesses += 1;
    for await (const { oid, content } of streamBlobs(repoDir, [...pathsBySha.keys()], options.signal)) {
      const paths = pathsBySha.get(oid) ?? [];
      if (looksBinary(content)) {
        stats.skippedBinary += paths.length;
        continue;
      }
      const text = content.toString("utf8");
      for (const path of paths) {
        stats.filesRead += 1;
        yield { path, text, oid };
      }
    }
  }
  for (const [path, text] of overrides) {
    if (text === null) continue;
    if (isSkippedPath(path)) stats.skippedPath += 1;
    else if (Buffer.byteLength(text) > MAX_CONSUMER_FILE_BYTES) stats.skippedLarge += 1;
    else if (text.includes("\0")) stats.skippedBinary += 1;
    else {
      stats.filesRead += 1;
      yield { path, text };
    }
  }
}
