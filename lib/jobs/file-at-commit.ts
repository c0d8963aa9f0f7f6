/** One file's text at a commit, from git's object store (read-only; the working tree is never used). */
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

export type FileAtCommit = { found: true; content: string; binary: boolean; tooLarge: boolean } | { found: false };

export function isSafeRepoPath(p: string): boolean {
  return p.length > 0 && p.length <= 1000 && !p.startsWith("/") && !p.split(/[\\/]/).includes("..") && !/[\0\n]/.test(p);
}

export async function readFileAtCommit(repoDir: string, commit: string, filePath: string): Promise<FileAtCommit> {
  if (!isSafeRepoPath(filePath) || !/^[0-9a-f]{4,64}$/i.test(commit)) return { found: false };
  const spec = `${commit}:${filePath}`;
  let size: number;
  try {
    const { stdout } = await execFileAsync("git", ["-C", repoDir, "cat-file", "-s", spec]);
    size = Number(stdout.trim());
  } catch {
    return { found: false };
  }
  if (size > MAX_FILE_BYTES) return { found: true, content: "", binary: false, tooLarge: true };
  const { stdout } = await execFileAsync("git", ["-C", repoDir, "cat-file", "blob", spec], {
    encoding: "buffer",
    maxBuffer: MAX_FILE_BYTES + 1024,
  });
  const buf = stdout as unknown as Buffer;
  if (buf.includes(0)) return { found: true, content: "", binary: true, tooLarge: false };
  return { found: true, content: buf.toString("utf8"), binary: false, tooLarge: false };
}
