/**
 * A commit's files straight from git's object store: `ls-tree` lists the blobs, one streaming
 * `cat-file --batch` process reads them. Nothing depends on the user's working tree, and memory stays
 * bounded by the largest file rather than the repository.
 */
import { spawn } from "node:child_process";
import { gitEnv } from "../patch/git";
import { GitReadError } from "./read-error";
import { listTree, type ListTreeOptions } from "./tree-listing";

export { GitReadError };

export interface TreeBlob {
  path: string;
  oid: string;
  size: number;
}

/** Regular files of `commit` (no symlinks, no submodules), with sizes, from the process's shared listing. */
export async function listTreeBlobs(repoDir: string, commit: string, opts: ListTreeOptions = {}): Promise<TreeBlob[]> {
  const blobs: TreeBlob[] = [];
  for (const entry of await listTree(repoDir, commit, opts)) {
    if (entry.type === "blob" && entry.mode !== "120000") blobs.push({ path: entry.path, oid: entry.oid, size: entry.size });
  }
  return blobs;
}

/** Streams the contents of `oids` in order (missing objects are skipped) from one git process. */
export async function* streamBlobs(repoDir: string, oids: readonly string[], signal?: AbortSignal): AsyncGenerator<{ oid: string; content: Buffer }> {
  if (oids.length === 0) return;
  const child = spawn("git", ["-c", "core.hooksPath=/dev/null", "cat-file", "--batch"], {
    cwd: repoDir,
    env: gitEnv(),
    signal,
    stdio: ["pipe", "pipe", "pipe"],
  });
  const errors: Buffer[] = [];
  child.stderr.on("data", (chunk: Buffer) => errors.push(chunk));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  exited.catch(() => undefined); // observed below; avoid an unhandled rejection while streaming
  child.stdin.on("error", () => undefined); // git may exit early; the exit code reports it
  child.stdin.end(oids.map((oid) => `${oid}\n`).join(""));

  let pending: Buffer = Buffer.alloc(0);
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      for (;;) {
        const newline = pending.indexOf(10);
        if (newline < 0) break;
        const header = pending.subarray(0, newline).toString("utf8").split(" ");
        if (header[1] === "missing") {
          pending = pending.subarray(newline + 1);
          continue;
        }
        const size = Number(header[2]);
        if (pending.length < newline + 1 + size + 1) break;
        const content = Buffer.from(pending.subarray(newline + 1, newline + 1 + size));
        pending = pending.subarray(newline + 1 + size + 1);
        yield { oid: header[0] ?? "", content };
      }
    }
  } finally {
    if (child.exitCode === null) child.kill();
  }
  const code = await exited.catch((error: unknown) => {
    throw new GitReadError(`git cat-file: ${error instanceof Error ? error.message : String(error)}`);
  });
  if (code !== 0) throw new GitReadError(`git cat-file failed: ${Buffer.concat(errors).toString("utf8").trim()}`);
}

/** Git's own heuristic: a NUL byte in the first 8000 bytes means binary. */
export function looksBinary(content: Buffer): boolean {
  return content.subarray(0, 8000).includes(0);
}
