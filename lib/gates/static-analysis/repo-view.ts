/**
 * The files of one side of a change (base commit, or base + the change) without a checkout: the plan of
 * which tools to run, and the base cache key, are computed before any worktree exists.
 */
import { listTreeBlobs } from "../../git/blobs";
import { runGit } from "../../patch/git";
import type { ChangedFile } from "../types";

export interface RepoView {
  readonly paths: ReadonlySet<string>;
  read(path: string): Promise<string | null>;
}

export async function baseView(repoRoot: string, commit: string, signal?: AbortSignal): Promise<RepoView> {
  const paths = new Set((await listTreeBlobs(repoRoot, commit, { signal })).map((b) => b.path));
  const cache = new Map<string, Promise<string | null>>();
  return {
    paths,
    read(path) {
      if (!paths.has(path)) return Promise.resolve(null);
      let p = cache.get(path);
      if (!p) {
        p = runGit(["cat-file", "blob", `${commit}:${path}`], { cwd: repoRoot }).then((r) => (r.code === 0 ? r.stdout.toString("utf8") : null));
        cache.set(path, p);
      }
      return p;
    },
  };
}

/** `base` with the change's files on top (after = null deletes; `removed`: old paths of renamed files). */
export function changeView(base: RepoView, files: readonly ChangedFile[], removed: readonly string[] = []): RepoView {
  const overlay = new Map<string, string | null>(removed.map((p) => [p, null]));
  for (const f of files) overlay.set(f.path, f.after);
  const paths = new Set(base.paths);
  for (const [path, after] of overlay) {
    if (after === null) paths.delete(path);
    else paths.add(path);
  }
  return {
    paths,
    read(path) {
      return overlay.has(path) ? Promise.resolve(overlay.get(path) ?? null) : base.read(path);
    },
  };
}
