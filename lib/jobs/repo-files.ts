/**
 * Target-file autocomplete: the paths of a repository's default branch (`git ls-tree -r --name-only`),
 * read from git's object store (never the working tree) and cached per commit, then ranked against
 * what the submitter typed.
 */
import { runGit } from "../patch/git";
import { RemoteGitError } from "../git/remote-git";
import { repositoryGitDir, type RepositoryLocation } from "../git/repository-dir";

const CACHE_LIMIT = 16;
const cache = new Map<string, string[]>();

export async function branchCommit(repoDir: string, branch: string): Promise<string | null> {
  if (branch.startsWith("-")) return null;
  const res = await runGit(["rev-parse", "--verify", "--quiet", `${branch}^{commit}`], { cwd: repoDir }).catch(() => null);
  return res?.code === 0 ? res.stdout.toString("utf8").trim() || null : null;
}

/** All file paths at the tip of `branch`; null when the repository or branch cannot be read. */
export async function listBranchFiles(repoDir: string, branch: string): Promise<string[] | null> {
  const commit = await branchCommit(repoDir, branch);
  if (!commit) return null;
  const key = `${repoDir}\0${commit}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const listing = await runGit(["ls-tree", "-r", "-z", "--name-only", commit], { cwd: repoDir });
  if (listing.code !== 0) return null;
  const files = listing.stdout.toString("utf8").split("\0").filter(Boolean);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, files);
  return files;
}

/**
 * The default branch's paths of a repository row: read from the local path, or from this web process's
 * mirror (fetched when a few seconds old). The error says why not, without server paths or credentials.
 */
export async function listRepositoryFiles(
  repo: RepositoryLocation & { name: string; defaultBranch: string },
): Promise<{ ok: true; files: string[] } | { ok: false; error: string }> {
  let dir: string;
  try {
    dir = await repositoryGitDir(repo, { fetch: "if-stale" });
  } catch (e) {
    if (e instanceof RemoteGitError) return { ok: false, error: `Repository ${repo.name} cannot be read: ${e.message}` };
    throw e;
  }
  const files = await listBranchFiles(dir, `refs/heads/${repo.defaultBranch}`);
  return files ? { ok: true, files } : { ok: false, error: `Branch ${repo.defaultBranch} cannot be read in ${repo.url ?? repo.path}` };
}

export { matchFiles } from "./match-files";
