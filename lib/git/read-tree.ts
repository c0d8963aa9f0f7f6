/** The text files of a commit as a map (context packs, answer parsing); see blobs.ts for how they are read. */
import { listTreeBlobs, looksBinary, streamBlobs } from "./blobs";

export interface ReadTreeOptions {
  /** Keep only paths for which this returns true (checked before reading content). */
  include?: (path: string) => boolean;
  /** Skip blobs larger than this (default 1 MiB). */
  maxBytes?: number;
}

/** Returns path → text for the text files of `commit` (binary files are skipped). */
export async function readTreeFiles(repoDir: string, commit: string, options: ReadTreeOptions = {}): Promise<Map<string, string>> {
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const wanted = (await listTreeBlobs(repoDir, commit)).filter((e) => !options.include || options.include(e.path));
  const texts = new Map<string, string>();
  for await (const { oid, content } of streamBlobs(repoDir, [...new Set(wanted.map((e) => e.oid))])) {
    if (content.length <= maxBytes && !looksBinary(content)) texts.set(oid, content.toString("utf8"));
  }
  // In tree order, identical files once per path.
  const out = new Map<string, string>();
  for (const e of wanted) {
    const text = texts.get(e.oid);
    if (text !== undefined) out.set(e.path, text);
  }
  return out;
}
