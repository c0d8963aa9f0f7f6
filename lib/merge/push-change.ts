/**
 * Approving a change of a repository on a git server: under the repository's lock, fetch the mirror,
 * make the commit with git plumbing (as merge-change.ts does locally) and push it — only if the branch
 * is still where the fetch saw it (`--force-with-lease=<branch>:<seen>`, never a force over someone's
 * work). Someone pushed in between → fetch again and re-apply on the new head, three-way
 * (`git merge-tree`, from the base commit the change was made on). Nothing is pushed twice: before
 * every attempt the fetched branch is searched for the job's `Gatehouse-Job:` trailer, so a push that
 * reached the server before an interruption is adopted instead of repeated.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runGit } from "../patch/git";
import { fetchMirrorLocked, lockFileOf } from "../git/mirror";
import { remoteFailure, RemoteGitError, runRemoteGit, type RemoteAccess } from "../git/remote-git";
import { withRepositoryLock } from "../git/repo-lock";
import { findMergedCommit, type MergeMarker } from "./find-merged-commit";
import { failingHunks } from "./merge-change";

export interface PushInput {
  /** This process's bare mirror of the repository. */
  mirrorDir: string;
  access: RemoteAccess;
  /** Branch to push to: the default branch, or gatehouse/<job>. */
  branch: string;
  /** Where a new branch starts (branch per change). */
  startPoint?: string;
  /** The commit the change was generated and gated against. */
  baseCommit: string;
  diff: string;
  message: string;
  author: { name: string; email: string };
  marker: MergeMarker;
  /** When the branch moved past the base: re-apply and push ("push", default), or hand the re-applied diff back unpushed ("return"). */
  onMovedBase?: "push" | "return";
  /** Push attempts when the branch keeps moving (default 4). */
  attempts?: number;
}

export type PushResult =
  /** alreadyMerged: the job's commit was already on the server's branch; reapplied: made on a newer head than the base. */
  | { status: "merged"; commit: string; branch: string; parent: string; alreadyMerged?: boolean; reapplied?: boolean }
  | { status: "conflict"; branch: string; head: string; message: string; failingHunks: string[] }
  /** The server could not be read or refused the push: nothing changed there; retry later. */
  | { status: "not-merged"; branch: string; reason: string }
  /** onMovedBase "return": the change re-applied on `head`, not pushed. */
  | { status: "moved"; branch: string; head: string; diff: string };

type Built = { ok: true; commit: string; reapplied: boolean } | { ok: false; message: string; failingHunks: string[] };

class Git {
  constructor(
    readonly dir: string,
    readonly env: Record<string, string>,
  ) {}
  async run(args: string[], extra: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
    const res = await runGit(args, { cwd: this.dir, env: { ...this.env, ...extra } });
    return { code: res.code, out: res.stdout.toString("utf8").trim(), err: res.stderr };
  }
  async ok(args: string[], extra: Record<string, string> = {}): Promise<string> {
    const r = await this.run(args, extra);
    if (r.code !== 0) throw new Error(`git ${args[0]} failed: ${r.err.trim()}`);
    return r.out;
  }
  async rev(ref: string): Promise<string | null> {
    const r = await this.run(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
    return r.code === 0 && r.out ? r.out : null;
  }
}

/** Tree of `commit` + the diff, via a fresh private index; stderr of git apply when it does not apply. */
async function applyOn(git: Git, tmp: string, commit: string, diffFile: string): Promise<{ tree: string } | { stderr: string }> {
  fs.rmSync(git.env.GIT_INDEX_FILE, { force: true });
  await git.ok(["read-tree", commit]);
  const apply = await git.run(["apply", "--cached", "--whitespace=nowarn", diffFile]);
  if (apply.code !== 0) return { stderr: apply.err };
  return { tree: await git.ok(["write-tree"]) };
}

/** The commit to push on `parent`: the diff applied directly when parent is the base, else a three-way re-apply. */
async function buildCommit(git: Git, tmp: string, input: PushInput, parent: string): Promise<Built> {
  const diffFile = path.join(tmp, "change.patch");
  fs.writeFileSync(diffFile, input.diff.endsWith("\n") ? input.diff : input.diff + "\n");
  const msgFile = path.join(tmp, "message");
  fs.writeFileSync(msgFile, input.message);
  const baseKnown = await git.rev(input.baseCommit);
  let tree: string | null = null;
  let reapplied = false;

  if (baseKnown && baseKnown !== parent) {
    const onBase = await applyOn(git, tmp, baseKnown, diffFile);
    if ("tree" in onBase) {
      const ours = await git.ok(["commit-tree", onBase.tree, "-p", baseKnown, "-m", "gatehouse: change on its base"]);
      const merged = await git.run(["merge-tree", "--write-tree", "--name-only", parent, ours]);
      if (merged.code === 0) {
        tree = merged.out.split("\n")[0];
        reapplied = true;
      } else if (merged.code === 1) {
        const [, ...rest] = merged.out.split("\n");
        const conflicted = rest.filter((l) => l && !l.startsWith("Auto-merging") && !/^CONFLICT/.test(l));
        const messages = rest.filter((l) => /^CONFLICT/.test(l));
        const direct = await applyOn(git, tmp, parent, diffFile);
        const hunks = "stderr" in direct ? failingHunks(direct.stderr) : [];
        return {
          ok: false,
          message: `the change no longer applies to ${input.branch} at ${parent.slice(0, 10)}: ${conflicted.length ? `conflicts in ${[...new Set(conflicted)].join(", ")}` : "conflicting edits"}`,
          failingHunks: [...hunks, ...messages],
        };
      }
    }
  }
  if (tree === null) {
    const direct = await applyOn(git, tmp, parent, diffFile);
    if ("stderr" in direct) {
      return { ok: false, message: `the change no longer applies to ${input.branch} at ${parent.slice(0, 10)}`, failingHunks: failingHunks(direct.stderr) };
    }
    tree = direct.tree;
    reapplied = !!baseKnown && baseKnown !== parent;
  }
  const commit = await git.ok(["commit-tree", tree, "-p", parent, "-F", msgFile]);
  return { ok: true, commit, reapplied };
}

/** What `git push --porcelain` said about our ref: pushed, rejected because the branch moved, or refused. */
function pushOutcome(stdout: string): "ok" | "moved" | { refused: string } | null {
  for (const line of stdout.split("\n")) {
    const [flag, , summary = ""] = line.split("\t");
    if (flag === "!" && /stale info|fetch first|non-fast-forward|already exists/.test(summary)) return "moved";
    if (flag === "!") return { refused: summary.replace(/^\[(remote )?rejected\]\s*/, "").replace(/^\((.*)\)$/, "$1") || "rejected" };
    if (flag === " " || flag === "+" || flag === "*" || flag === "=") return "ok";
  }
  return null;
}

export async function pushChange(input: PushInput): Promise<PushResult> {
  fs.mkdirSync(path.dirname(input.mirrorDir), { recursive: true });
  return withRepositoryLock(lockFileOf(input.mirrorDir), () => pushLocked(input));
}

async function pushLocked(input: PushInput): Promise<PushResult> {
  const ref = `refs/heads/${input.branch}`;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-push-"));
  const git = new Git(input.mirrorDir, {
    GIT_INDEX_FILE: path.join(tmp, "index"),
    GIT_AUTHOR_NAME: input.author.name,
    GIT_AUTHOR_EMAIL: input.author.email,
    GIT_COMMITTER_NAME: "Gatehouse",
    GIT_COMMITTER_EMAIL: "gatehouse@localhost.invalid",
  });
  const notMerged = (reason: string): PushResult => ({ status: "not-merged", branch: input.branch, reason });
  try {
    const attempts = input.attempts ?? 4;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        await fetchMirrorLocked(input.mirrorDir, input.access);
      } catch (e) {
        if (e instanceof RemoteGitError) return notMerged(`cannot fetch from the git server: ${e.message}`);
        throw e;
      }
      const head = await git.rev(ref);
      if (head) {
        const earlier = await findMergedCommit(input.mirrorDir, head, input.marker);
        if (earlier) return { status: "merged", commit: earlier.commit, branch: input.branch, parent: earlier.parent, alreadyMerged: true };
      }
      const parent = head ?? (input.startPoint ? await git.rev(`refs/heads/${input.startPoint}`) : null);
      if (!parent) return notMerged(`branch ${input.startPoint ?? input.branch} does not exist on the git server`);

      const built = await buildCommit(git, tmp, input, parent);
      if (!built.ok) return { status: "conflict", branch: input.branch, head: parent, message: built.message, failingHunks: built.failingHunks };
      if (built.reapplied && input.onMovedBase === "return") {
        const diff = await git.ok(["diff-tree", "-p", "--binary", "--full-index", parent, built.commit]);
        return { status: "moved", branch: input.branch, head: parent, diff: diff + "\n" };
      }

      let res;
      try {
        res = await runRemoteGit(
          ["push", "--porcelain", `--force-with-lease=${ref}:${head ?? ""}`, "--", input.access.url, `${built.commit}:${ref}`],
          { cwd: input.mirrorDir, access: input.access },
        );
      } catch (e) {
        if (e instanceof RemoteGitError) return notMerged(`the push did not complete: ${e.message}`);
        throw e;
      }
      const said = pushOutcome(res.stdout.toString("utf8"));
      if (res.code === 0 && (said === "ok" || said === null)) {
        await git.ok(["update-ref", ref, built.commit]);
        return { status: "merged", commit: built.commit, branch: input.branch, parent, ...(built.reapplied ? { reapplied: true } : {}) };
      }
      if (said === "moved") continue; // someone pushed since the fetch: fetch, look for our trailer, re-apply
      if (said && typeof said === "object") return notMerged(`the git server refused the push: ${said.refused}`);
      return notMerged(`the push failed: ${remoteFailure(res, input.access).message}`);
    }
    return notMerged(`${input.branch} kept moving on the git server during ${attempts} attempts; try again`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
