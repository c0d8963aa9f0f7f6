/**
 * A commit's full tree listing (`git ls-tree -r -l --full-tree`), shared in the process: the
 * dependencies gate resolves imports against it and the error-contract gate picks the files it
 * searches from it, for the same base commit in the same run. Keyed by repository and full commit id
 * (trees are immutable); the two most recent listings are kept (a worker lives long), none above
 * MAX_SHARED_ENTRIES.
 */
import path from "node:path";
import { runGit } from "../patch/git";
import { FULL_ID } from "./known-commits";
import { GitReadError } from "./read-error";

export interface TreeEntry {
  mode: string;
  type: "blob" | "commit";
  oid: string;
  /** Blob size in bytes; 0 for a submodule (commit entry). */
  size: number;
  path: string;
}

const MAX_SHARED_LISTINGS = 2;
const MAX_SHARED_ENTRIES = 200_000;
const shared = new Map<string, Promise<TreeEntry[]>>();

async function readListing(repoDir: string, commit: string): Promise<TreeEntry[]> {
  const args = ["ls-tree", "-r", "-z", "-l", "--full-tree", commit];
  const res = await runGit(args, { cwd: repoDir }).catch((e: unknown) => {
    throw new GitReadError(`git ls-tree: ${e instanceof Error ? e.message : String(e)}`);
  });
  if (res.code !== 0) throw new GitReadError(`git ${args.join(" ")} failed: ${res.stderr.trim()}`);
  const entries: TreeEntry[] = [];
  for (const record of res.stdout.toString("utf8").split("\0")) {
    const tab = record.indexOf("\t");
    if (tab < 0) continue;
    // "<mode> SP <type> SP <oid> SP+ <size or -> TAB <path>"
    const [mode, type, oid, size] = record.slice(0, tab).trim().split(/\s+/);
    if ((type !== "blob" && type !== "commit") || !mode || !oid) continue;
    entries.push({ mode, type, oid, size: Number(size) || 0, path: record.slice(tab + 1) });
  }
  return entries;
}

function raced<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => (signal.removeEventListener("abort", onAbort), resolve(value)),
      (error: unknown) => (signal.removeEventListener("abort", onAbort), reject(error)),
    );
  });
}

export interface ListTreeOptions {
  signal?: AbortSignal;
  /** Called when this call starts a git process (not when it shares a listing). */
  onGitProcess?: () => void;
}

/**
 * Every blob and submodule entry of `commit` with its size. Callers only read the array. An abort
 * stops the caller's wait; a listing others share runs to its end.
 */
export function listTree(repoDir: string, commit: string, options: ListTreeOptions = {}): Promise<TreeEntry[]> {
  const { signal, onGitProcess } = options;
  if (!FULL_ID.test(commit)) {
    onGitProcess?.();
    return raced(readListing(repoDir, commit), signal);
  }
  const key = `${path.resolve(repoDir)}\0${commit}`;
  let listing = shared.get(key);
  if (listing) {
    shared.delete(key); // re-inserted below: most recently used
  } else {
    onGitProcess?.();
    listing = readListing(repoDir, commit).then((entries) => {
      if (entries.length > MAX_SHARED_ENTRIES && shared.get(key) === listing) shared.delete(key);
      return entries;
    });
    listing.catch(() => {
      if (shared.get(key) === listing) shared.delete(key); // a failure is not kept
    });
  }
  shared.set(key, listing);
  for (const oldest of shared.keys()) {
    if (shared.size <= MAX_SHARED_LISTINGS) break;
    shared.delete(oldest);
  }
  return raced(listing, signal);
}

/** Drops the shared listings: what a new process has (benchmarks compare like with like). */
export function forgetTreeListings(): void {
  shared.clear();
}
