/** Runs git as a child process (no shell), isolated from the caller's GIT_* environment and the repo's hooks. */
import { spawn } from "node:child_process";
import { PatchError } from "./errors";

export interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** Variables that would redirect git to another repository, index or work tree. */
const GIT_LOCATION_VARS = [
  "GIT_DIR",
  "GIT_WORK_TREE",
  "GIT_INDEX_FILE",
  "GIT_OBJECT_DIRECTORY",
  "GIT_ALTERNATE_OBJECT_DIRECTORIES",
  "GIT_COMMON_DIR",
  "GIT_CEILING_DIRECTORIES",
  "GIT_NAMESPACE",
  "GIT_PREFIX",
];

/** The caller's environment without location overrides, plus `extra` (e.g. a private GIT_INDEX_FILE on purpose). */
export function gitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: "0", LC_ALL: "C", LANGUAGE: "C" };
  for (const v of GIT_LOCATION_VARS) delete env[v];
  return { ...env, ...extra };
}

export interface GitOptions {
  cwd: string;
  input?: string | Buffer;
  env?: Record<string, string>;
  signal?: AbortSignal;
}

export function runGit(args: string[], opts: GitOptions): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    // Hooks off: creating a worktree would otherwise run the repository's post-checkout hook.
    const child = spawn("git", ["-c", "core.hooksPath=/dev/null", ...args], {
      cwd: opts.cwd,
      env: gitEnv(opts.env),
      signal: opts.signal,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e) => reject(new PatchError("git-failed", `cannot run git: ${e.message}`)));
    child.on("close", (code) =>
      resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString("utf8") }),
    );
    child.stdin.on("error", () => {}); // git may exit before reading all input
    child.stdin.end(opts.input ?? "");
  });
}

/** Runs git and throws PatchError("git-failed") on a non-zero exit. */
export async function gitOrThrow(args: string[], opts: GitOptions): Promise<Buffer> {
  const res = await runGit(args, opts);
  if (res.code !== 0) {
    throw new PatchError("git-failed", `git ${args[0]} failed: ${firstLine(res.stderr) || `exit code ${res.code}`}`, {
      stderr: res.stderr,
    });
  }
  return res.stdout;
}

export function firstLine(s: string): string {
  return s.split("\n").map((l) => l.trim()).find((l) => l.length > 0) ?? "";
}

/** Blob contents for `specs` (null: no spec, missing, or not a blob), from one `git cat-file --batch`. */
export async function readBlobs(root: string, specs: ReadonlyArray<string | null>, env: Record<string, string>): Promise<Array<Buffer | null>> {
  const wanted = specs.filter((s): s is string => s !== null);
  // The batch protocol is line based: a path with a line break is read on its own.
  if (wanted.some((s) => /[\r\n]/.test(s))) return Promise.all(specs.map((s) => (s === null ? null : blob(root, s, env))));
  const res = wanted.length ? await runGit(["cat-file", "--batch"], { cwd: root, env, input: wanted.map((s) => `${s}\n`).join("") }) : null;
  if (res && res.code !== 0) throw new PatchError("git-failed", `git cat-file failed: ${res.stderr.trim()}`);
  const out = res?.stdout ?? Buffer.alloc(0);
  let offset = 0;
  return specs.map((spec) => {
    if (spec === null) return null;
    const newline = out.indexOf(10, offset);
    if (newline < 0) return null;
    // "<oid> <type> <size>" then the content and a newline, or "<spec> missing" / "<spec> ambiguous".
    const header = out.subarray(offset, newline).toString("utf8");
    offset = newline + 1;
    const m = / (blob|tree|commit|tag) (\d+)$/.exec(header);
    if (!m) return null;
    const size = Number(m[2]);
    const content = out.subarray(offset, offset + size);
    offset += size + 1;
    return m[1] === "blob" ? Buffer.from(content) : null;
  });
}

async function blob(root: string, spec: string, env: Record<string, string>): Promise<Buffer | null> {
  const res = await runGit(["cat-file", "blob", spec], { cwd: root, env });
  return res.code === 0 ? res.stdout : null;
}
