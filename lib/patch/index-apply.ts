/**
 * Checks a patch against a commit and returns the changed files without checking anything out: the base
 * tree goes into a private index file, `git apply --cached` applies the patch there, and the new blobs
 * are read back from that index. Milliseconds on large repositories, where a worktree costs seconds;
 * used where no command has to run on the files (generation, intake). The tests gate still needs a worktree.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ChangedFile } from "../gates/types";
import { PatchError } from "./errors";
import type { ParsedPatch } from "./parse";
import type { PatchLimits } from "./validate";
import { doesNotApply, preparePatch, resolveRepoAndCommit } from "./worktree";
import { validatePatchPathNames } from "./validate";
import { listTree } from "../git/tree-listing";
import { readBlobs, runGit } from "./git";

function git(cwd: string, args: string[], env: Record<string, string> = {}, input?: string) {
  return runGit(args, { cwd, env, input });
}

/** Every directory prefix of the patch's paths that is a symlink at the base commit escapes git's view. */
async function assertNoSymlinkedParents(root: string, commit: string, parsed: ParsedPatch): Promise<void> {
  const prefixes = new Set<string>();
  for (const f of parsed.files) {
    for (const p of [f.oldPath, f.newPath]) {
      if (!p) continue;
      const parts = p.split("/");
      for (let i = 1; i < parts.length; i++) prefixes.add(parts.slice(0, i).join("/"));
    }
  }
  if (prefixes.size === 0) return;
  // The commit's full listing, which the gates that follow read too (one git process for all).
  const listing = await listTree(root, commit).catch((error: unknown) => {
    throw new PatchError("git-failed", error instanceof Error ? error.message : String(error));
  });
  for (const entry of listing) {
    if (entry.mode === "120000" && prefixes.has(entry.path)) {
      throw new PatchError("unsafe-path", `unsafe path: ${entry.path} is a symbolic link at the base commit; the patch may not write through it`, {
        path: entry.path,
      });
    }
  }
}

const isBinary = (b: Buffer | null) => b !== null && b.subarray(0, 8000).includes(0);

export async function changedFilesViaIndex(
  repoDir: string,
  base: string,
  diff: string,
  opts: { limits?: Partial<PatchLimits> } = {},
): Promise<{ files: ChangedFile[]; parsed: ParsedPatch; commit: string }> {
  const parsed = preparePatch(diff, opts.limits);
  validatePatchPathNames(parsed);
  const { root, commit } = await resolveRepoAndCommit(repoDir, base);
  return { files: await changedFilesAt(root, commit, parsed), parsed, commit };
}

/**
 * The changed files of an already parsed and name-checked patch, for a `root` and full `commit` the
 * caller has resolved: four git processes (the commit's shared tree listing for the symlink check and
 * the base tree side by side, `apply --cached`, one `cat-file --batch` for every blob before and after).
 */
export async function changedFilesAt(root: string, commit: string, parsed: ParsedPatch): Promise<ChangedFile[]> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-index-"));
  const env = { GIT_INDEX_FILE: path.join(tmp, "index") };
  try {
    const [, read] = await Promise.all([assertNoSymlinkedParents(root, commit, parsed), git(root, ["read-tree", commit], env)]);
    if (read.code !== 0) throw new PatchError("git-failed", `git read-tree failed: ${read.stderr.trim()}`);
    const apply = await git(root, ["apply", "--cached", "--whitespace=nowarn", `-p${parsed.stripLevel}`], env, parsed.text);
    if (apply.code !== 0) throw doesNotApply(apply.stderr, parsed);
    // Base blobs by commit path; new blobs from the private index (`:path`).
    const specs = parsed.files.flatMap((f) => [f.oldPath === null ? null : `${commit}:${f.oldPath}`, f.newPath === null ? null : `:${f.newPath}`]);
    const blobs = await readBlobs(root, specs, env);
    return parsed.files.map((f, i) => {
      const before = blobs[2 * i];
      const after = blobs[2 * i + 1];
      const binary = f.binary || isBinary(before) || isBinary(after);
      return {
        path: (f.newPath ?? f.oldPath)!,
        before: before === null ? null : binary ? "" : before.toString("utf8"),
        after: after === null ? null : binary ? "" : after.toString("utf8"),
        ...(binary ? { binary: true } : {}),
      };
    });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
