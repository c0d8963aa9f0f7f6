/** Checks that a configured repository (local path or clone URL) is a git repository with its default branch. */
import { execFile } from "node:child_process";
import fs from "node:fs";
import { gitEnv } from "../patch/git";
import { listRemoteBranches, RemoteGitError, type RemoteAccess, type RemoteFailureKind } from "../git/remote-git";
import type { FieldIssue } from "./errors";

function git(cwd: string, args: string[]): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("git", ["-C", cwd, ...args], { timeout: 10_000, encoding: "utf8", env: gitEnv() }, (error, stdout, stderr) => {
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

export interface RemoteCheck {
  /** Branches on the server; empty when it could not be read. */
  branches: string[];
  /** Empty when fine; otherwise issues keyed by the form field at fault, with the reason in words. */
  issues: FieldIssue[];
  /** Why the server could not be read (dns, auth, host-key, not-a-repository, unreachable…). */
  failure?: RemoteFailureKind;
}

const FIELD_FOR: Partial<Record<RemoteFailureKind, (a: RemoteAccess) => string>> = {
  auth: (a) => (a.credentialEnv ? "credentialEnv" : a.sshKeyEnv ? "sshKeyEnv" : "url"),
  config: (a) => (a.credentialEnv ? "credentialEnv" : a.sshKeyEnv ? "sshKeyEnv" : "url"),
};

/** "Test connection": lists the server's branches (git ls-remote) and checks the default branch is one of them. */
export async function checkRemoteRepository(access: RemoteAccess, branch: string | undefined): Promise<RemoteCheck> {
  let branches: string[];
  try {
    branches = await listRemoteBranches(access);
  } catch (e) {
    if (!(e instanceof RemoteGitError)) throw e;
    return { branches: [], issues: [{ path: FIELD_FOR[e.kind]?.(access) ?? "url", message: e.message }], failure: e.kind };
  }
  if (branch !== undefined && !branches.includes(branch)) {
    const some = branches.slice(0, 10).join(", ");
    const message = branches.length ? `Branch "${branch}" does not exist on the server (it has: ${some}${branches.length > 10 ? ", …" : ""})` : "The repository on the server has no branches yet";
    return { branches, issues: [{ path: "defaultBranch", message }] };
  }
  return { branches, issues: [] };
}

/** Branch names of a local repository. */
export async function localBranches(repoPath: string): Promise<string[]> {
  const res = await git(repoPath, ["for-each-ref", "--format=%(refname:short)", "refs/heads/"]);
  return res.ok ? res.stdout.split("\n").filter(Boolean).sort() : [];
}
