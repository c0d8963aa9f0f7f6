import { promises as fs } from "node:fs";
import path from "node:path";
import type { ChangedFile } from "../types";
import { GitBlobReader } from "../../git/blob-reader";
import { listTree } from "../../git/tree-listing";

/** The repository as it is after the change: files at the base commit overlaid with the changed files. */
export interface RepoSnapshot {
  /** Repository-relative POSIX paths of every file after the change. */
  readonly paths: ReadonlySet<string>;
  /** Every directory that contains a file (repository-relative, "" for the root). */
  readonly dirs: ReadonlySet<string>;
  /** Text of a file after the change; null when absent or unreadable. */
  read(relativePath: string): Promise<string | null>;
  /** Ends the helper git process, if any. */
  close(): void;
}

const SKIPPED_DIRS = new Set([".git", "node_modules", ".venv", "venv", "__pycache__", ".next", "dist", "build"]);
const MAX_WALK_FILES = 100_000;

async function walk(root: string, relative = "", out: string[] = []): Promise<string[]> {
  const entries = await fs.readdir(path.join(root, relative), { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (out.length >= MAX_WALK_FILES) break;
    const child = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) await walk(root, child, out);
    else if (entry.isFile()) out.push(child);
  }
  return out;
}

function parentDirs(filePath: string): string[] {
  const parts = filePath.split("/");
  const dirs = [""];
  for (let i = 1; i < parts.length; i++) dirs.push(parts.slice(0, i).join("/"));
  return dirs;
}

/**
 * Lists the base commit's tree with git (the working tree may be elsewhere); when that fails (not a git
 * repository, unknown commit) falls back to the files on disk.
 */
export async function loadRepoSnapshot(
  repoDir: string,
  baseCommit: string,
  files: readonly ChangedFile[],
  signal?: AbortSignal,
): Promise<RepoSnapshot> {
  let basePaths: string[];
  let readBase: (relativePath: string) => Promise<string | null>;
  let reader: GitBlobReader | undefined;
  try {
    basePaths = (await listTree(repoDir, baseCommit, { signal })).map((entry) => entry.path);
    const blobs = new GitBlobReader(repoDir, baseCommit);
    reader = blobs;
    readBase = (relativePath) => blobs.read(relativePath);
  } catch {
    basePaths = await walk(repoDir);
    readBase = (relativePath) => fs.readFile(path.join(repoDir, relativePath), "utf8").catch(() => null);
  }
  const changed = new Map(files.map((file) => [file.path.replace(/^\.\//, ""), file]));
  const paths = new Set(basePaths.filter((p) => !p.split("/").some((part) => part === "node_modules")));
  for (const [filePath, file] of changed) {
    if (file.after === null) paths.delete(filePath);
    else paths.add(filePath);
  }
  const dirs = new Set<string>();
  for (const filePath of paths) for (const dir of parentDirs(filePath)) dirs.add(dir);
  return {
    paths,
    dirs,
    async read(relativePath) {
      const file = changed.get(relativePath);
      if (file) return file.binary ? null : file.after;
      return paths.has(relativePath) ? readBase(relativePath) : null;
    },
    close() {
      reader?.close();
    },
  };
}
