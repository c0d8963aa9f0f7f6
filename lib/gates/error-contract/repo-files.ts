import { spawn } from "node:child_process";

/** Files above this size are not searched for consumers (generated or data files). */
export const MAX_CONSUMER_FILE_BYTES = 1024 * 1024;

const LOCKFILES = new Set([
  "package-lock.json",
  "npm-shrinkwrap.json",
  "yarn.lock",
  "pnpm-lock.yaml",
  "bun.lock",
  "bun.lockb",
  "poetry.lock",
  "pipfile.lock",
  "uv.lock",
  "pdm.lock",
  "cargo.lock",
  "gemfile.lock",
  "composer.lock",
  "go.sum",
]);

/** Paths never searched: dependencies, lockfiles. */
export function isSkippedPath(path: string): boolean {
  const segments = path.split("/");
  if (segments.includes("node_modules") || segments.includes(".git")) return true;
  const base = (segments[segments.length - 1] ?? "").toLowerCase();
  return LOCKFILES.has(base) || base.endsWith(".lock");
}

/** Git's own heuristic: a NUL byte in the first 8000 bytes means binary. */
export function looksBinary(content: Buffer): boolean {
  return content.subarray(0, 8000).includes(0);
}

export class RepoReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RepoReadError";
  }
}

export interface RepoReadStats {
  gitProcesses: number;
  filesListed: number;
  filesRead: number;
  skippedBinary: number;
  skippedLarge: number;
  skippedPath: number;
}

export function emptyStats(): RepoReadStats {
  return { gitProcesses: 0, filesListed: 0, filesRead: 0, skippedBinary: 0, skippedLarge: 0, skippedPath: 0 };
}

export interface RepoTextFile {
  path: string;
  text: string;
}

/** Runs git and returns stdout; rejects with RepoReadError on a non-zero exit. */
export function runGit(repoDir: string, args: string[], stats: RepoReadStats, signal?: AbortSignal): Promise<Buffer> {
  stats.gitProcesses += 1;
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, { cwd: repoDir, signal, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error) => reject(new RepoReadError(`git ${args[0]}: ${error.message}`)));
    child.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new RepoReadError(`git ${args.join(" ")} failed: ${Buffer.concat(err).toString("utf8").trim()}`));
    });
  });
}

/** Resolves a commit-ish to a full commit id, or throws RepoReadError when it does not exist. */
export async function resolveCommit(repoDir: string, commit: string, stats: RepoReadStats, signal?: AbortSignal): Promise<string> {
  if (commit.startsWith("-")) throw new RepoReadError(`invalid commit: ${commit}`);
  try {
    const out = await runGit(repoDir, ["rev-parse", "--verify", "--quiet", `${commit}^{commit}`], stats, signal);
    return out.toString("utf8").trim();
  } catch (error) {
    throw new RepoReadError(
      `base commit ${commit} not found in ${repoDir}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

interface TreeBlob {
  sha: string;
  path: string;
}

/** `git ls-tree -r -l -z`: regular blobs only (no symlinks, submodules), sizes known before reading. */
async function listBlobs(repoDir: string, commit: string, stats: RepoReadStats, signal?: AbortSignal): Promise<TreeBlob[]> {
  const out = await runGit(repoDir, ["ls-tree", "-r", "-l", "-z", "--full-tree", commit], stats, signal);
  const blobs: TreeBlob[] = [];
  for (const record of out.toString("utf8").split("\0")) {
    const tab = record.indexOf("\t");
    if (tab < 0) continue;
    const [mode, type, sha, size] = record.slice(0, tab).trim().split(/\s+/);
    const path = record.slice(tab + 1);
    if (type !== "blob" || mode === "120000" || !sha) continue;
    stats.filesListed += 1;
    if (isSkippedPath(path)) stats.skippedPath += 1;
    else if (Number(size) > MAX_CONSUMER_FILE_BYTES) stats.skippedLarge += 1;
    else blobs.push({ sha, path });
  }
  return blobs;
}

/**
 * Streams `git cat-file --batch` output: one process for all blobs, objects parsed as they arrive so memory stays
 * bounded by the largest file rather than the repository.
 */
async function* catBlobs(
  repoDir: string,
  shas: string[],
  stats: RepoReadStats,
  signal?: AbortSignal,
): AsyncGenerator<{ sha: string; content: Buffer }> {
  stats.gitProcesses += 1;
  const child = spawn("git", ["cat-file", "--batch"], { cwd: repoDir, signal, stdio: ["pipe", "pipe", "pipe"] });
  const errors: Buffer[] = [];
  child.stderr.on("data", (chunk: Buffer) => errors.push(chunk));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  exited.catch(() => undefined); // observed below; avoid an unhandled rejection while streaming
  child.stdin.on("error", () => undefined); // git may exit early; the exit code reports it
  child.stdin.end(shas.map((sha) => `${sha}\n`).join(""));

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
        yield { sha: header[0] ?? "", content };
      }
    }
  } finally {
    if (child.exitCode === null) child.kill();
  }
  const code = await exited.catch((error: unknown) => {
    throw new RepoReadError(`git cat-file: ${error instanceof Error ? error.message : String(error)}`);
  });
  if (code !== 0) throw new RepoReadError(`git cat-file failed: ${Buffer.concat(errors).toString("utf8").trim()}`);
}

export interface ReadRepoOptions {
  /** Files whose content replaces the commit's (the change's after-text); null = deleted. */
  overrides?: ReadonlyMap<string, string | null>;
  signal?: AbortSignal;
  stats?: RepoReadStats;
}

/**
 * Every searchable text file of the repository at `commit`, each read exactly once, with `overrides` applied
 * (changed files appear with their new text, new files are added, deleted ones left out).
 */
export async function* readRepoTextFiles(
  repoDir: string,
  commit: string,
  options: ReadRepoOptions = {},
): AsyncGenerator<RepoTextFile> {
  const stats = options.stats ?? emptyStats();
  const overrides = options.overrides ?? new Map<string, string | null>();
  const blobs = (await listBlobs(repoDir, commit, stats, options.signal)).filter((blob) => !overrides.has(blob.path));
  const pathsBySha = new Map<string, string[]>();
  for (const blob of blobs) pathsBySha.set(blob.sha, [...(pathsBySha.get(blob.sha) ?? []), blob.path]);
  if (pathsBySha.size > 0) {
    for await (const { sha, content } of catBlobs(repoDir, [...pathsBySha.keys()], stats, options.signal)) {
      const paths = pathsBySha.get(sha) ?? [];
      if (looksBinary(content)) {
        stats.skippedBinary += paths.length;
        continue;
      }
      const text = content.toString("utf8");
      for (const path of paths) {
        stats.filesRead += 1;
        yield { path, text };
      }
    }
  }
  for (const [path, text] of overrides) {
    if (text === null) continue;
    if (isSkippedPath(path)) stats.skippedPath += 1;
    else if (Buffer.byteLength(text) > MAX_CONSUMER_FILE_BYTES) stats.skippedLarge += 1;
    else if (text.includes("\0")) stats.skippedBinary += 1;
    else {
      stats.filesRead += 1;
      yield { path, text };
    }
  }
}
