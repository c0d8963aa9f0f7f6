/**
 * Applies a patch in a throw-away detached worktree, never touching the user's checkout or index.
 * Each call gets its own temp directory and worktree entry, so concurrent calls need no lock of ours
 * (git guards `worktree add` against a concurrent prune with its own "initializing" lock file).
 */
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { ChangedFile } from "../gates/types";
import { PatchError, type FailingHunk } from "./errors";
import { FULL_ID, isKnownCommit, rememberCommit } from "../git/known-commits";
import { firstLine, readBlobs, runGit } from "./git";
import { parsePatch, type ParsedPatch } from "./parse";
import {
  assertPatchBytesWithinLimit,
  assertPatchWithinLimits,
  validatePatchPathNames,
  validatePatchPaths,
  type PatchLimits,
} from "./validate";

export interface Worktree {
  worktreeDir: string;
  /** Removes the worktree and its registration; safe to call more than once. */
  cleanup(): Promise<void>;
}

export interface AppliedPatch extends Worktree {
  files: ChangedFile[];
  parsed: ParsedPatch;
  /** Full commit id the worktree was created at. */
  commit: string;
}

export interface ApplyOptions {
  limits?: Partial<PatchLimits>;
}

/** Size check, parse and size-after-parse check in one step; throws PatchError. */
export function preparePatch(diff: string, limits: Partial<PatchLimits> = {}): ParsedPatch {
  assertPatchBytesWithinLimit(diff, limits);
  const parsed = parsePatch(diff);
  assertPatchWithinLimits(parsed, limits);
  return parsed;
}

/** Top-level directory of the git work tree containing `dir`. */
export async function resolveRepoRoot(dir: string): Promise<string> {
  const abs = path.resolve(dir);
  let stat: fs.Stats;
  try {
    stat = await fsp.stat(abs);
  } catch {
    throw new PatchError("not-a-repo", `not a git repository: ${abs} does not exist`);
  }
  if (!stat.isDirectory()) throw new PatchError("not-a-repo", `not a git repository: ${abs} is not a directory`);
  const res = await runGit(["rev-parse", "--show-toplevel"], { cwd: abs });
  const top = res.stdout.toString("utf8").trim();
  if (res.code === 0 && top) return top;
  // A bare repository (a worker's mirror of a remote repository) has no work tree: its git dir is the root.
  const bare = await runGit(["rev-parse", "--is-bare-repository", "--absolute-git-dir"], { cwd: abs });
  const [isBare, gitDir] = bare.stdout.toString("utf8").trim().split("\n");
  if (bare.code === 0 && isBare === "true" && gitDir) return gitDir;
  throw new PatchError("not-a-repo", `not a git repository (or has no work tree): ${abs}`);
}

/**
 * resolveRepoRoot and resolveCommitAt with one git process for a work tree (`rev-parse` prints the
 * top level and the commit together); a bare repository or a failure takes the two-step path, which
 * says what was wrong.
 */
export async function resolveRepoAndCommit(dir: string, ref: string): Promise<{ root: string; commit: string }> {
  const abs = path.resolve(dir);
  if (isSafeRef(ref)) {
    // A missing folder makes the spawn fail: the two-step path then says so.
    const res = await runGit(["rev-parse", "--show-toplevel", "--verify", "--quiet", `${ref}^{commit}`], { cwd: abs }).catch(() => null);
    const [root, commit] = res?.code === 0 ? res.stdout.toString("utf8").trim().split("\n") : [];
    if (root && commit && FULL_ID.test(commit)) {
      rememberCommit(root, commit);
      return { root, commit };
    }
  }
  const root = await resolveRepoRoot(abs);
  return { root, commit: await resolveCommitAt(root, ref) };
}

/** `git rev-parse --verify ref^{commit}` → full commit id. */
export async function resolveCommit(repoDir: string, ref: string): Promise<string> {
  return resolveCommitAt(await resolveRepoRoot(repoDir), ref);
}

/** A ref git may be handed as an argument: not empty, not an option, one line. */
function isSafeRef(ref: string): boolean {
  return ref !== "" && !ref.startsWith("-") && !/[\0\n]/.test(ref);
}

/** resolveCommit for a `root` that resolveRepoRoot already returned (one git process fewer). */
export async function resolveCommitAt(root: string, ref: string): Promise<string> {
  if (!isSafeRef(ref)) throw new PatchError("bad-ref", `invalid git ref: ${JSON.stringify(ref)}`);
  if (isKnownCommit(root, ref)) return ref;
  const res = await runGit(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], { cwd: root });
  const sha = res.stdout.toString("utf8").trim();
  if (res.code !== 0 || !/^[0-9a-f]{40,64}$/.test(sha)) {
    throw new PatchError("bad-ref", `unknown commit ${JSON.stringify(ref)} in ${root}`);
  }
  rememberCommit(root, sha);
  return sha;
}

/**
 * `git worktree add` reads every registered worktree and dies when it meets one another process is
 * still creating ("failed to read …/commondir"); git's own cleanup removes the failed attempt, so a
 * retry with jitter is enough — no lock of ours needed.
 */
const WORKTREE_ATTEMPTS = 8;

/** A fresh detached worktree at `commit` in its own temp directory. */
export async function createWorktree(repoDir: string, commit: string): Promise<Worktree> {
  return createWorktreeAt(await resolveRepoRoot(repoDir), commit);
}

/** createWorktree for a `root` that resolveRepoRoot already returned. */
async function createWorktreeAt(root: string, commit: string): Promise<Worktree> {
  let lastError = "";
  for (let attempt = 1; attempt <= WORKTREE_ATTEMPTS; attempt++) {
    const worktreeDir = await fsp.realpath(await fsp.mkdtemp(path.join(os.tmpdir(), "gatehouse-wt-")));
    const add = await runGit(["worktree", "add", "--detach", "--quiet", worktreeDir, commit], { cwd: root });
    if (add.code === 0) {
      let done: Promise<void> | null = null;
      const cleanup = () => (done ??= removeWorktree(root, worktreeDir));
      return { worktreeDir, cleanup };
    }
    lastError = firstLine(add.stderr) || `exit code ${add.code}`;
    await fsp.rm(worktreeDir, { recursive: true, force: true });
    await sleep(20 + Math.random() * 80 * attempt);
  }
  await runGit(["worktree", "prune"], { cwd: root });
  throw new PatchError("git-failed", `cannot create worktree at ${commit}: ${lastError}`);
}

async function removeWorktree(root: string, worktreeDir: string): Promise<void> {
  // `remove` can die for the same reason as `add` when another worktree is half-created: retry, then
  // fall back to deleting the directory; prune drops the registration of a missing directory.
  for (let attempt = 1; attempt <= 3; attempt++) {
    const res = await runGit(["worktree", "remove", "--force", worktreeDir], { cwd: root }).catch(() => null);
    // Removed with its registration: nothing left to prune.
    if (res?.code === 0 && !fs.existsSync(worktreeDir)) return;
    if (res?.code === 0 || !fs.existsSync(worktreeDir)) break;
    await sleep(20 + Math.random() * 80 * attempt);
  }
  await fsp.rm(worktreeDir, { recursive: true, force: true }).catch(() => undefined);
  for (let attempt = 1; attempt <= 3; attempt++) {
    await runGit(["worktree", "prune"], { cwd: root }).catch(() => undefined);
    if (!(await isRegistered(root, worktreeDir))) return;
    await sleep(20 + Math.random() * 80 * attempt);
  }
}

async function isRegistered(root: string, worktreeDir: string): Promise<boolean> {
  const res = await runGit(["worktree", "list", "--porcelain"], { cwd: root }).catch(() => null);
  if (!res || res.code !== 0) return false;
  return res.stdout.toString("utf8").split("\n").includes(`worktree ${worktreeDir}`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function applyPatchInWorktree(
  repoDir: string,
  baseCommit: string,
  diff: string,
  opts: ApplyOptions = {},
): Promise<AppliedPatch> {
  const parsed = preparePatch(diff, opts.limits);
  const root = await resolveRepoRoot(repoDir);
  validatePatchPathNames(parsed); // before any work; symlinks are checked in the worktree
  const commit = await resolveCommitAt(root, baseCommit);
  const wt = await createWorktreeAt(root, commit);
  try {
    // Symlinks that matter are the ones at the base commit, i.e. in the fresh worktree.
    validatePatchPaths(parsed, wt.worktreeDir);
    await gitApply(wt.worktreeDir, parsed);
    const files = await collectChangedFiles(wt.worktreeDir, commit, parsed);
    return { ...wt, files, parsed, commit };
  } catch (err) {
    await wt.cleanup();
    throw err;
  }
}

/** Applies, reads the changed files, and removes the worktree again. */
export async function changedFilesFromPatch(
  repoDir: string,
  base: string,
  diff: string,
  opts: ApplyOptions = {},
): Promise<ChangedFile[]> {
  const applied = await applyPatchInWorktree(repoDir, base, diff, opts);
  try {
    return applied.files;
  } finally {
    await applied.cleanup();
  }
}

/** One `git apply`: it is all-or-nothing (without --reject nothing is written unless every hunk applies). */
async function gitApply(worktreeDir: string, parsed: ParsedPatch): Promise<void> {
  const res = await runGit(["apply", "--whitespace=nowarn", `-p${parsed.stripLevel}`], { cwd: worktreeDir, input: parsed.text });
  if (res.code !== 0) throw doesNotApply(res.stderr, parsed);
}

export function doesNotApply(stderr: string, parsed: ParsedPatch): PatchError {
  const failingHunks: FailingHunk[] = [];
  const problems: string[] = [];
  for (const raw of stderr.split("\n")) {
    const line = raw.replace(/^error:\s*/, "").trim();
    const m = /^patch failed: (.+):(\d+)$/.exec(line);
    if (m) {
      const file = m[1];
      const at = Number(m[2]);
      const fp = parsed.files.find((f) => f.oldPath === file || f.newPath === file);
      const hunk = fp?.hunks.find((h) => h.oldStart === at) ?? fp?.hunks.find((h) => Math.abs(h.oldStart - at) <= 1);
      failingHunks.push({ file, line: at, ...(hunk ? { header: hunk.header } : {}) });
      problems.push(`${file}:${at}${hunk ? ` (${hunk.header})` : ""}`);
    } else if (line && !/patch does not apply$/.test(line) && raw.startsWith("error:")) {
      problems.push(line);
    }
  }
  if (problems.length === 0) {
    for (const raw of stderr.split("\n")) {
      const line = raw.replace(/^error:\s*/, "").trim();
      if (line) problems.push(line);
    }
  }
  const summary = problems.length ? problems.slice(0, 5).join("; ") + (problems.length > 5 ? `; +${problems.length - 5} more` : "") : "git apply failed";
  return new PatchError("does-not-apply", `patch does not apply: ${summary}`, { failingHunks, stderr });
}

/** Before: blob at the base commit; after: the worktree file (symlinks read as their target text, like git). */
export async function collectChangedFiles(worktreeDir: string, commit: string, parsed: ParsedPatch): Promise<ChangedFile[]> {
  const out: ChangedFile[] = [];
  const befores = await readBlobs(worktreeDir, parsed.files.map((f) => (f.oldPath === null ? null : `${commit}:${f.oldPath}`)), {});
  for (const [i, f] of parsed.files.entries()) {
    const before = befores[i];
    const after = f.newPath === null ? null : await readWorktreeFile(worktreeDir, f.newPath);
    const binary = f.binary || isBinary(before) || isBinary(after);
    out.push({
      path: (f.newPath ?? f.oldPath)!,
      before: before === null ? null : binary ? "" : before.toString("utf8"),
      after: after === null ? null : binary ? "" : after.toString("utf8"),
      ...(binary ? { binary: true } : {}),
    });
  }
  return out;
}

async function readWorktreeFile(worktreeDir: string, file: string): Promise<Buffer | null> {
  const abs = path.join(worktreeDir, file);
  try {
    const st = await fsp.lstat(abs);
    if (st.isSymbolicLink()) return Buffer.from(await fsp.readlink(abs), "utf8");
    if (!st.isFile()) return null;
    return await fsp.readFile(abs);
  } catch {
    return null;
  }
}

/** git's heuristic: a NUL byte in the first 8000 bytes. */
function isBinary(buf: Buffer | null): boolean {
  return buf !== null && buf.subarray(0, 8000).includes(0);
}
