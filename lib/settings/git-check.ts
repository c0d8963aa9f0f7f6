/** Checks that a configured repository path is a git repository and that its default branch exists. */
import { execFile } from "node:child_process";
import fs from "node:fs";
import type { FieldIssue } from "./errors";

function git(cwd: string, args: string[]): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("git", ["-C", cwd, ...args], { timeout: 10_000, encoding: "utf8" }, (error, stdout, stderr) => {
      resolve({ ok: !error, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** Empty when fine; otherwise issues keyed by the form field at fault. */
export async function checkGitRepository(repoPath: string, branch: string): Promise<FieldIssue[]> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(repoPath);
  } catch {
    return [{ path: "path", message: "Path does not exist on the server" }];
  }
  if (!stat.isDirectory()) return [{ path: "path", message: "Path is not a directory" }];
  const gitDir = await git(repoPath, ["rev-parse", "--git-dir"]);
  if (!gitDir.ok) return [{ path: "path", message: "Path is not a git repository" }];
  const ref = await git(repoPath, ["rev-parse", "--verify", "--quiet", `refs/heads/${branch}^{commit}`]);
  if (!ref.ok) return [{ path: "defaultBranch", message: `Branch "${branch}" does not exist in this repository` }];
  return [];
}
