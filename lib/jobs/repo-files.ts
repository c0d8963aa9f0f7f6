/**
 * Target-file autocomplete: the paths of a repository's default branch (`git ls-tree -r --name-only`),
 * read from git's object store (never the working tree) and cached per commit, then ranked against
 * what the submitter typed.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);
const CACHE_LIMIT = 16;
const cache = new Map<string, string[]>();

export async function branchCommit(repoDir: string, branch: string): Promise<string | null> {
  try {
    const { stdout } = await execFileAsync("git", ["-C", repoDir, "rev-parse", "--verify", "--quiet", `${branch}^{commit}`]);
    return stdout.trim() || null;
  } catch {
    return null;
  }
}

/** All file paths at the tip of `branch`; null when the repository or branch cannot be read. */
export async function listBranchFiles(repoDir: string, branch: string): Promise<string[] | null> {
  const commit = await branchCommit(repoDir, branch);
  if (!commit) return null;
  const key = `${repoDir}\0${commit}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const { stdout } = await execFileAsync("git", ["-C", repoDir, "ls-tree", "-r", "-z", "--name-only", commit], {
    maxBuffer: 256 * 1024 * 1024,
  });
  const files = stdout.split("\0").filter(Boolean);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, files);
  return files;
}

export { matchFiles } from "./match-files";
