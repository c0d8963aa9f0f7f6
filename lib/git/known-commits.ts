/**
 * Full commit ids this process has seen git resolve, per repository. Objects are immutable, so a full
 * id that named a commit once always does: the patch step, the gates and their consumer searches ask
 * git about the same base commit, and only the first asks costs a process.
 */
import path from "node:path";

const known = new Set<string>();
const MAX_KNOWN = 1000;
/** A full SHA-1 or SHA-256 object id: immutable, unlike a branch name or an abbreviation. */
export const FULL_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

const keyOf = (repoDir: string, id: string) => `${path.resolve(repoDir)}\0${id}`;

export function rememberCommit(repoDir: string, fullId: string): void {
  if (!FULL_ID.test(fullId)) return;
  if (known.size >= MAX_KNOWN) known.clear();
  known.add(keyOf(repoDir, fullId));
}

/** True only for a full id already resolved in this repository; branch names are always asked again. */
export function isKnownCommit(repoDir: string, id: string): boolean {
  return FULL_ID.test(id) && known.has(keyOf(repoDir, id));
}

/** Forgets every remembered id: what a new process knows (benchmarks compare like with like). */
export function forgetKnownCommits(): void {
  known.clear();
}
