/**
 * Where a process reads a repository from: the configured local path for a path repository (today's
 * behaviour), or this process's own mirror for a repository on a git server. Workers fetch before each
 * job; the web process fetches when its copy is a few seconds old or lacks a commit it is asked for.
 */
import { runGit } from "../patch/git";
import { fetchMirror, fetchMirrorIfStale, gatehouseDataDir, mirrorDir } from "./mirror";
import type { RemoteAccess } from "./remote-git";

export interface RepositoryLocation {
  id: string;
  path: string;
  url: string | null;
  credentialEnv: string | null;
  sshKeyEnv: string | null;
}

export type FetchMode = "always" | "if-stale" | "never";

/** The web process refetches a mirror older than this before reading branch heads. */
export const WEB_FETCH_MAX_AGE_MS = 15_000;

export function remoteAccessOf(repo: RepositoryLocation): RemoteAccess | null {
  return repo.url ? { url: repo.url, credentialEnv: repo.credentialEnv, sshKeyEnv: repo.sshKeyEnv } : null;
}

export function isRemoteRepository(repo: { url: string | null }): boolean {
  return !!repo.url;
}

/** A local git directory holding the repository's objects and branches. RemoteGitError when the server cannot be read. */
export async function repositoryGitDir(repo: RepositoryLocation, opts: { fetch: FetchMode; dataDir?: string }): Promise<string> {
  const access = remoteAccessOf(repo);
  if (!access) return repo.path;
  const dir = mirrorDir(opts.dataDir ?? gatehouseDataDir(), repo.id);
  if (opts.fetch === "always") await fetchMirror(dir, access);
  else if (opts.fetch === "if-stale") await fetchMirrorIfStale(dir, access, WEB_FETCH_MAX_AGE_MS);
  else await fetchMirrorIfStale(dir, access, Number.POSITIVE_INFINITY); // created and fetched once at least
  return dir;
}

/** Like repositoryGitDir, fetching once more when `commit` is not in this process's copy yet. */
export async function repositoryGitDirWith(repo: RepositoryLocation, commit: string, opts: { dataDir?: string } = {}): Promise<string> {
  const dir = await repositoryGitDir(repo, { fetch: "never", dataDir: opts.dataDir });
  if (!remoteAccessOf(repo) || (await hasCommit(dir, commit))) return dir;
  return repositoryGitDir(repo, { fetch: "always", dataDir: opts.dataDir });
}

export async function hasCommit(dir: string, commit: string): Promise<boolean> {
  if (!/^[0-9a-f]{4,64}$/i.test(commit)) return false;
  const res = await runGit(["cat-file", "-e", `${commit}^{commit}`], { cwd: dir }).catch(() => null);
  return res?.code === 0;
}
