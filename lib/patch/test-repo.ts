/** Real git repositories in os.tmpdir() for tests (patch, tests gate, CLI). */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface TestRepo {
  dir: string;
  git(...args: string[]): string;
  write(files: Record<string, string | Buffer>): void;
  /** Writes files, commits them all, returns the commit id. */
  commit(files: Record<string, string | Buffer>, message?: string): string;
  /**
   * The diff (`git diff --cached -M --binary`) that turns HEAD into HEAD + these edits (null deletes,
   * `{ renameTo }` renames); the checkout is restored afterwards.
   */
  diff(edits: Record<string, string | Buffer | null | { renameTo: string }>): string;
  remove(): void;
}

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: "Test",
  GIT_AUTHOR_EMAIL: "test@example.invalid",
  GIT_COMMITTER_NAME: "Test",
  GIT_COMMITTER_EMAIL: "test@example.invalid",
  GIT_CONFIG_NOSYSTEM: "1",
};

export function createTestRepo(files: Record<string, string | Buffer> = { "README.md": "test\n" }): TestRepo {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-repo-")));
  const git = (...args: string[]) =>
    execFileSync("git", args, { cwd: dir, env: GIT_ENV, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  git("init", "-q", "-b", "main");
  git("config", "commit.gpgsign", "false");
  const write = (fs_: Record<string, string | Buffer>) => {
    for (const [p, content] of Object.entries(fs_)) {
      const abs = path.join(dir, p);
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, content);
    }
  };
  const commit = (fs_: Record<string, string | Buffer>, message = "commit") => {
    write(fs_);
    git("add", "-A");
    git("commit", "-q", "--allow-empty", "-m", message);
    return git("rev-parse", "HEAD").trim();
  };
  commit(files, "initial");
  return {
    dir,
    git,
    write,
    commit,
    diff(edits) {
      for (const [p, edit] of Object.entries(edits)) {
        const abs = path.join(dir, p);
        if (edit === null) fs.rmSync(abs);
        else if (typeof edit === "object" && !Buffer.isBuffer(edit)) {
          fs.mkdirSync(path.dirname(path.join(dir, edit.renameTo)), { recursive: true });
          fs.renameSync(abs, path.join(dir, edit.renameTo));
        } else {
          fs.mkdirSync(path.dirname(abs), { recursive: true });
          fs.writeFileSync(abs, edit);
        }
      }
      git("add", "-A");
      const out = git("diff", "--cached", "-M", "--binary");
      git("reset", "-q", "--hard");
      git("clean", "-fdq");
      return out;
    },
    remove() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Worktrees registered in the repository besides its main checkout. */
export function extraWorktrees(repo: TestRepo): string[] {
  return repo
    .git("worktree", "list", "--porcelain")
    .split("\n")
    .filter((l) => l.startsWith("worktree "))
    .map((l) => l.slice("worktree ".length))
    .filter((p) => p !== repo.dir);
}
