/**
 * Reads the text files of a commit straight from git's object store (`ls-tree` + one `cat-file --batch`),
 * so nothing depends on the state of the user's working tree.
 */
import { spawn, execFile } from "node:child_process";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

export interface TreeEntry {
  path: string;
  oid: string;
}

export interface ReadTreeOptions {
  /** Keep only paths for which this returns true (checked before reading content). */
  include?: (path: string) => boolean;
  /** Skip blobs larger than this (default 1 MiB). */
  maxBytes?: number;
}

export async function listTree(repoDir: string, commit: string): Promise<TreeEntry[]> {
  // No --long: asking for sizes makes git open every blob; sizes come from cat-file below.
  const { stdout } = await execFileAsync("git", ["-C", repoDir, "ls-tree", "-r", "-z", commit], {
    maxBuffer: 256 * 1024 * 1024,
  });
  const entries: TreeEntry[] = [];
  for (const rec of stdout.split("\0")) {
    if (!rec) continue;
    // "<mode> SP <type> SP <oid> TAB <path>"
    const tab = rec.indexOf("\t");
    const [mode, type, oid] = rec.slice(0, tab).trim().split(/\s+/);
    if (type !== "blob" || mode === "120000" || mode === "160000") continue; // skip symlinks and submodules
    entries.push({ path: rec.slice(tab + 1), oid });
  }
  return entries;
}

/** Returns path → text for the text files of `commit` (binary files, i.e. containing NUL, are skipped). */
export async function readTreeFiles(
  repoDir: string,
  commit: string,
  options: ReadTreeOptions = {},
): Promise<Map<string, string>> {
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const wanted = (await listTree(repoDir, commit)).filter((e) => !options.include || options.include(e.path));
  const out = new Map<string, string>();
  if (wanted.length === 0) return out;
  const child = spawn("git", ["-C", repoDir, "cat-file", "--batch"], { stdio: ["pipe", "pipe", "pipe"] });
  const chunks: Buffer[] = [];
  child.stdout.on("data", (c: Buffer) => chunks.push(c));
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<void>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`git cat-file failed: ${stderr.trim()}`))));
  });
  child.stdin.end(wanted.map((e) => e.oid).join("\n") + "\n");
  await done;
  const buf = Buffer.concat(chunks);
  let pos = 0;
  for (const e of wanted) {
    const nl = buf.indexOf(10, pos);
    const header = buf.subarray(pos, nl).toString();
    const size = Number(header.split(" ")[2]);
    const body = buf.subarray(nl + 1, nl + 1 + size);
    pos = nl + 1 + size + 1;
    if (size > maxBytes || body.includes(0)) continue;
    out.set(e.path, body.toString("utf8"));
  }
  return out;
}
