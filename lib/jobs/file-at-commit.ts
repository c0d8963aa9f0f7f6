/** One file's text at a commit, from git's object store (read-only; the working tree is never used). */
import { runGit } from "../patch/git";
import { RemoteGitError } from "../git/remote-git";
import { repositoryGitDirWith, type RepositoryLocation } from "../git/repository-dir";

export const MAX_FILE_BYTES = 2 * 1024 * 1024;

export type FileAtCommit = { found: true; content: string; binary: boolean; tooLarge: boolean } | { found: false };

export function isSafeRepoPath(p: string): boolean {
  return p.length > 0 && p.length <= 1000 && !p.startsWith("/") && !p.split(/[\\/]/).includes("..") && !/[\0\n]/.test(p);
}

export async function readFileAtCommit(repoDir: string, commit: string, filePath: string): Promise<FileAtCommit> {
  if (!isSafeRepoPath(filePath) || !/^[0-9a-f]{4,64}$/i.test(commit)) return { found: false };
  const spec = `${commit}:${filePath}`;
  const sized = await runGit(["cat-file", "-s", spec], { cwd: repoDir }).catch(() => null);
  if (!sized || sized.code !== 0) return { found: false };
  if (Number(sized.stdout.toString("utf8").trim()) > MAX_FILE_BYTES) return { found: true, content: "", binary: false, tooLarge: true };
  const blob = await runGit(["cat-file", "blob", spec], { cwd: repoDir });
  if (blob.code !== 0) return { found: false };
  const buf = blob.stdout;
  if (buf.includes(0)) return { found: true, content: "", binary: true, tooLarge: false };
  return { found: true, content: buf.toString("utf8"), binary: false, tooLarge: false };
}

/** readFileAtCommit on a repository row: its path, or this process's mirror (fetched once if the commit is new to it). */
export async function readRepositoryFileAtCommit(repo: RepositoryLocation, commit: string, filePath: string): Promise<FileAtCommit> {
  if (!isSafeRepoPath(filePath) || !/^[0-9a-f]{4,64}$/i.test(commit)) return { found: false };
  try {
    return await readFileAtCommit(await repositoryGitDirWith(repo, commit), commit, filePath);
  } catch (e) {
    if (e instanceof RemoteGitError) return { found: false };
    throw e;
  }
}
