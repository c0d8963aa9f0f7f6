/**
 * Each process keeps a bare mirror of every repository it works on under its data directory
 * (<data>/mirrors/<repository id>.git). Fetching copies the server's branches and tags onto the
 * mirror's own refs (refs/heads/main in the mirror is the server's main as of the last fetch); the URL
 * is passed on every command, so no remote — and no credential — is ever written into the mirror's
 * config. Fetches hold the repository's machine-wide lock; old worktrees are pruned after each fetch.
 */
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { runGit } from "../patch/git";
import { remoteFailure, runRemoteGit, type Env, type RemoteAccess } from "./remote-git";
import { withRepositoryLock } from "./repo-lock";

/** GATEHOUSE_DATA_DIR, else ./data of the working directory (what `npm start` uses). */
export function gatehouseDataDir(env: Env = process.env): string {
  return path.resolve(env.GATEHOUSE_DATA_DIR?.trim() || path.join(process.cwd(), "data"));
}

export function mirrorDir(dataDir: string, repositoryId: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(repositoryId)) throw new Error(`invalid repository id ${JSON.stringify(repositoryId)}`);
  return path.join(dataDir, "mirrors", `${repositoryId}.git`);
}

export const lockFileOf = (mirror: string) => `${mirror}.lock`;

/** Worktrees older than this are left over from a killed process (a job never holds one that long). */
const WORKTREE_MAX_AGE_MS = 6 * 3600_000;
const lastFetch = new Map<string, number>();

async function git(cwd: string, args: string[]): Promise<string> {
  const res = await runGit(args, { cwd });
  if (res.code !== 0) throw new Error(`git ${args[0]} failed: ${res.stderr.trim()}`);
  return res.stdout.toString("utf8").trim();
}

/** Creates the bare mirror if it does not exist yet (atomically: init elsewhere, then rename). */
export async function ensureMirror(dir: string): Promise<void> {
  if (fs.existsSync(path.join(dir, "HEAD"))) return;
  await fsp.mkdir(path.dirname(dir), { recursive: true });
  const tmp = await fsp.mkdtemp(`${dir}.init-`);
  try {
    await git(tmp, ["init", "--quiet", "--bare", tmp]);
    await git(tmp, ["config", "gc.autoDetach", "false"]);
    await fsp.rename(tmp, dir).catch((e: NodeJS.ErrnoException) => {
      if (!fs.existsSync(path.join(dir, "HEAD"))) throw e; // lost a race to another process: theirs is as good
    });
  } finally {
    await fsp.rm(tmp, { recursive: true, force: true });
  }
}

/** Fetch inside the lock the caller holds. Throws RemoteGitError (already redacted) when the server cannot be read. */
export async function fetchMirrorLocked(dir: string, access: RemoteAccess, opts: { timeoutMs?: number } = {}): Promise<void> {
  await ensureMirror(dir);
  const res = await runRemoteGit(
    ["fetch", "--quiet", "--prune", "--no-write-fetch-head", "--", access.url, "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"],
    { cwd: dir, access, timeoutMs: opts.timeoutMs },
  );
  if (res.code !== 0) throw remoteFailure(res, access);
  lastFetch.set(dir, Date.now());
  await pruneWorktrees(dir);
}

/** Fetch under the repository's lock. */
export async function fetchMirror(dir: string, access: RemoteAccess, opts: { timeoutMs?: number } = {}): Promise<void> {
  await fsp.mkdir(path.dirname(dir), { recursive: true });
  await withRepositoryLock(lockFileOf(dir), () => fetchMirrorLocked(dir, access, opts));
}

/** Fetches unless this process fetched within `maxAgeMs` (the web process reads on every keystroke). */
export async function fetchMirrorIfStale(dir: string, access: RemoteAccess, maxAgeMs: number): Promise<void> {
  const last = lastFetch.get(dir);
  if (last !== undefined && Date.now() - last < maxAgeMs && fs.existsSync(path.join(dir, "HEAD"))) return;
  await fetchMirror(dir, access);
}

/**
 * Drops registrations of worktrees whose directory is gone, and removes worktrees of this mirror
 * older than WORKTREE_MAX_AGE_MS that a killed process left behind in the temp directory.
 */
export async function pruneWorktrees(dir: string, maxAgeMs = WORKTREE_MAX_AGE_MS): Promise<string[]> {
  await runGit(["worktree", "prune"], { cwd: dir });
  const list = await runGit(["worktree", "list", "--porcelain"], { cwd: dir });
  const removed: string[] = [];
  const tmp = fs.realpathSync(os.tmpdir());
  for (const line of list.stdout.toString("utf8").split("\n")) {
    if (!line.startsWith("worktree ")) continue;
    const wt = line.slice("worktree ".length);
    if (!wt.startsWith(tmp + path.sep)) continue; // the bare mirror itself, or someone else's
    const st = fs.statSync(wt, { throwIfNoEntry: false });
    if (st && Date.now() - st.mtimeMs > maxAgeMs) {
      await runGit(["worktree", "remove", "--force", wt], { cwd: dir });
      await fsp.rm(wt, { recursive: true, force: true });
      removed.push(wt);
    }
  }
  if (removed.length > 0) await runGit(["worktree", "prune"], { cwd: dir });
  return removed;
}
