/** Real git repositories for tests, in the OS temp dir. */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export type FileEdit = string | Buffer | null | { renameTo: string };

export interface TempRepo {
  /** Real path (no symlinks), so it compares equal to what git reports. */
  dir: string;
  /** Runs git in the repository; stdout trimmed. */
  git(...args: string[]): string;
  write(files: Record<string, string | Buffer>): void;
  /** Stages everything and commits; returns the commit id. */
  commit(message: string): string;
  /** Writes files, commits them all, returns the commit id. */
  commitFiles(files: Record<string, string | Buffer>, message?: string): string;
  /**
   * The diff (`git diff --cached -M --binary`) that turns HEAD into HEAD + these edits (null deletes,
   * `{ renameTo }` renames); the checkout is restored afterwards.
   */
  diff(edits: Record<string, FileEdit>): string;
  remove(): void;
}

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: "Test",
  GIT_AUTHOR_EMAIL: "t@example.test",
  GIT_COMMITTER_NAME: "Test",
  GIT_COMMITTER_EMAIL: "t@example.test",
  GIT_CONFIG_NOSYSTEM: "1",
};

/** A repository on branch main; with files, they are the initial commit. */
export function createTempRepo(files: Record<string, string | Buffer> = {}, prefix = "gatehouse-repo-"): TempRepo {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  const raw = (...args: string[]) => execFileSync("git", ["-C", dir, ...args], { encoding: "utf8", env: GIT_ENV, stdio: ["ignore", "pipe", "pipe"] });
  const git = (...args: string[]) => raw(...args).trim();
  git("init", "-q", "-b", "main");
  git("config", "commit.gpgsign", "false");
  const repo: TempRepo = {
    dir,
    git,
    write(fs_) {
      for (const [p, text] of Object.entries(fs_)) {
        const abs = path.join(dir, p);
        fs.mkdirSync(path.dirname(abs), { recursive: true });
        fs.writeFileSync(abs, text);
      }
    },
    commit(message) {
      git("add", "-A");
      git("commit", "-q", "--allow-empty", "-m", message);
      return git("rev-parse", "HEAD");
    },
    commitFiles(fs_, message = "commit") {
      repo.write(fs_);
      return repo.commit(message);
    },
    diff(edits) {
      for (const [p, edit] of Object.entries(edits)) {
        const abs = path.join(dir, p);
        if (edit === null) fs.rmSync(abs);
        else if (typeof edit === "object" && !Buffer.isBuffer(edit)) {
          fs.mkdirSync(path.dirname(path.join(dir, edit.renameTo)), { recursive: true });
          fs.renameSync(abs, path.join(dir, edit.renameTo));
        } else repo.write({ [p]: edit });
      }
      git("add", "-A");
      const out = raw("diff", "--cached", "-M", "--binary"); // untrimmed: a patch ends with its newline
      git("reset", "-q", "--hard");
      git("clean", "-fdq");
      return out;
    },
    remove() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  if (Object.keys(files).length > 0) repo.commitFiles(files, "initial");
  return repo;
}

/** Worktrees registered in the repository besides its main checkout. */
export function extraWorktrees(repo: TempRepo): string[] {
  return repo
    .git("worktree", "list", "--porcelain")
    .split("\n")
    .filter((l) => l.startsWith("worktree "))
    .map((l) => l.slice("worktree ".length))
    .filter((p) => p !== repo.dir);
}
