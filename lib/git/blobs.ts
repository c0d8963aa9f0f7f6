/**
 * A commit's files straight from git's object store: `ls-tree` lists the blobs, one streaming
 * `cat-file --batch` process reads them. Nothing depends on the user's working tree, and memory stays
 * bounded by the largest file rather than the repository.
 */
import { spawn } from "node:child_process";
import { gitEnv, runGit } from "../patch/git";

export class GitReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GitReadError";
  }
}

export interface TreeBlob {
  path: string;
  oid: string;
  /** Only when listed with sizes. */
  size?: number;
}

/**
 * Regular files of `commit` (no symlinks, no submodules). `sizes` asks git for blob sizes, which makes
 * it open every blob: worth it only when large files are skipped before reading.
 */
export async function listTreeBlobs(repoDir: string, commit: string, opts: { sizes?: boolean; signal?: AbortSignal } = {}): Promise<TreeBlob[]> {
  const args = ["ls-tree", "-r", "-z", "--full-tree", ...(opts.sizes ? ["-l"] : []), commit];
  const res = await runGit(args, { cwd: repoDir, signal: opts.signal }).catch((e: unknown) => {
    throw new GitReadError(`git ls-tree: ${e instanceof Error ? e.message : String(e)}`);
  });
  if (res.code !== 0) throw new GitReadError(`git ${args.join(" ")} failed: ${res.stderr.trim()}`);
  const blobs: TreeBlob[] = [];
  for (const record of res.stdout.toString("utf8").split("\0")) {
    const tab = record.indexOf("\t");
    if (tab < 0) continue;
    // "<mode> SP <type> SP <oid>[ SP <size>] TAB <path>"
    const [mode, type, oid, size] = record.slice(0, tab).trim().split(/\s+/);
    if (type !== "blob" || mode === "120000" || !oid) continue;
    blobs.push(opts.sizes ? { path: record.slice(tab + 1), oid, size: Number(size) } : { path: record.slice(tab + 1), oid });
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
