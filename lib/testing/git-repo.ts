/** Real git repositories for tests, in the OS temp dir. */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface TempRepo {
  dir: string;
  git(...args: string[]): string;
  write(files: Record<string, string | Buffer>): void;
  commit(message: string): string;
  remove(): void;
}

export function createTempRepo(files: Record<string, string | Buffer> = {}, prefix = "gatehouse-repo-"): TempRepo {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const git = (...args: string[]) =>
    execFileSync("git", ["-C", dir, ...args], {
      encoding: "utf8",
      env: { ...process.env, GIT_AUTHOR_NAME: "Test", GIT_AUTHOR_EMAIL: "t@example.test", GIT_COMMITTER_NAME: "Test", GIT_COMMITTER_EMAIL: "t@example.test" },
    }).trim();
  git("init", "-q", "-b", "main");
  const repo: TempRepo = {
    dir,
    git,
    write(fs_: Record<string, string | Buffer>) {
      for (const [p, text] of Object.entries(fs_)) {
        const abs = path.join(dir, p);
        fs.mkdirSync(path.dirname(abs), { recursive: true });
        fs.writeFileSync(abs, text);
      }
    },
    commit(message: string) {
      git("add", "-A");
      git("commit", "-q", "--allow-empty", "-m", message);
      return git("rev-parse", "HEAD");
    },
    remove() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  if (Object.keys(files).length > 0) {
    repo.write(files);
    repo.commit("initial");
  }
  return repo;
}
