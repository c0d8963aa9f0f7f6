/**
 * Merges an approved change with git plumbing only: a private index file, `git apply --cached`,
 * `write-tree`, `commit-tree`, and a compare-and-swap `update-ref`. The user's working tree and index
 * are never read or written, so a dirty checkout is safe, and two merges racing for the same branch
 * cannot both win (the loser's update-ref fails and it retries against the new head).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runGit } from "../patch/git";
import { findMergedCommit, type MergeMarker } from "./find-merged-commit";

export type MergeResult =
  /** alreadyMerged: an earlier merge of the same job had committed it; nothing new was written. */
  | { status: "merged"; commit: string; branch: string; parent: string; alreadyMerged?: boolean }
  | { status: "conflict"; branch: string; head: string; message: string; failingHunks: string[] };

export interface MergeInput {
  repoDir: string;
  /** Branch to commit on, e.g. "main" or "gatehouse/<job>". */
  branch: string;
  /** Where a new branch starts (branch-per-change); defaults to the branch itself. */
  startPoint?: string;
  diff: string;
  message: string;
  author: { name: string; email: string };
  /** The job whose commit may already be on the branch (interrupted or concurrent merge). */
  marker?: MergeMarker;
}

/** git in repoDir; trimmed stdout, or an Error carrying git's stderr. */
async function git(repoDir: string, args: string[], env?: Record<string, string>): Promise<string> {
  const res = await runGit(args, { cwd: repoDir, env });
  if (res.code !== 0) throw Object.assign(new Error(`git ${args[0]} failed: ${res.stderr.trim()}`), { stderr: res.stderr });
  return res.stdout.toString("utf8").trim();
}

async function revParse(repoDir: string, ref: string): Promise<string | null> {
  try {
    return await git(repoDir, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  } catch {
    return null;
  }
}

/** Lines of git-apply's error output that name the failing hunks/files. */
export function failingHunks(stderr: string): string[] {
  return stderr
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => /^error: /.test(l))
    .map((l) => l.replace(/^error: /, ""));
}

export async function mergeChange(input: MergeInput, attempts = 3): Promise<MergeResult> {
  const ref = `refs/heads/${input.branch}`;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-merge-"));
  const env = {
    GIT_INDEX_FILE: path.join(tmp, "index"),
    GIT_AUTHOR_NAME: input.author.name,
    GIT_AUTHOR_EMAIL: input.author.email,
    GIT_COMMITTER_NAME: "Gatehouse",
    GIT_COMMITTER_EMAIL: "gatehouse@localhost.invalid",
  };
  try {
    for (let attempt = 1; ; attempt++) {
      const existing = await revParse(input.repoDir, ref);
      if (existing && input.marker) {
        const earlier = await findMergedCommit(input.repoDir, existing, input.marker);
        if (earlier) return { status: "merged", commit: earlier.commit, branch: input.branch, parent: earlier.parent, alreadyMerged: true };
      }
      const parent = existing ?? (await revParse(input.repoDir, input.startPoint ?? input.branch));
      if (!parent) throw new Error(`branch ${input.startPoint ?? input.branch} does not exist`);
      fs.rmSync(env.GIT_INDEX_FILE, { force: true });
      await git(input.repoDir, ["read-tree", parent], env);
      const patchFile = path.join(tmp, "change.patch");
      fs.writeFileSync(patchFile, input.diff.endsWith("\n") ? input.diff : input.diff + "\n");
      try {
        await git(input.repoDir, ["apply", "--cached", "--whitespace=nowarn", patchFile], env);
      } catch (e) {
        const stderr = String((e as { stderr?: string }).stderr ?? e);
        return {
          status: "conflict",
          branch: input.branch,
          head: parent,
          message: `the change no longer applies to ${input.branch} at ${parent.slice(0, 10)}`,
          failingHunks: failingHunks(stderr),
        };
      }
      const tree = await git(input.repoDir, ["write-tree"], env);
      const msgFile = path.join(tmp, "message");
      fs.writeFileSync(msgFile, input.message);
      const commit = await git(input.repoDir, ["commit-tree", tree, "-p", parent, "-F", msgFile], env);
      try {
        // Compare-and-swap: succeeds only if the branch still points where we read it (or is still absent).
        await git(input.repoDir, ["update-ref", "-m", "gatehouse merge", ref, commit, existing ?? "0".repeat(40)]);
        return { status: "merged", commit, branch: input.branch, parent };
      } catch (e) {
        if (attempt >= attempts) throw new Error(`branch ${input.branch} kept moving during the merge: ${String(e)}`);
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
