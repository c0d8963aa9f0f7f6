/** Safety checks on a parsed patch: where it writes, and how big it is. */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { PatchError } from "./errors";
import type { ParsedPatch } from "./parse";
import { formatBytes } from "../format-bytes";

export const PatchLimitsSchema = z.object({
  /** Maximum diff size in bytes (UTF-8). */
  maxBytes: z.number().int().positive().default(5 * 1024 * 1024),
  /** Maximum number of added + deleted lines. */
  maxChangedLines: z.number().int().positive().default(20_000),
});
export type PatchLimits = z.infer<typeof PatchLimitsSchema>;
export const DEFAULT_PATCH_LIMITS: PatchLimits = PatchLimitsSchema.parse({});

/** Checks the raw size before parsing, so a huge input is refused without being parsed. */
export function assertPatchBytesWithinLimit(diff: string, limits: Partial<PatchLimits> = {}): void {
  const { maxBytes } = PatchLimitsSchema.parse(limits);
  const bytes = Buffer.byteLength(diff, "utf8");
  if (bytes > maxBytes) {
    throw new PatchError("too-large", `patch is ${formatBytes(bytes)}, over the ${formatBytes(maxBytes)} limit`);
  }
}

export function assertPatchWithinLimits(parsed: ParsedPatch, limits: Partial<PatchLimits> = {}): void {
  const resolved = PatchLimitsSchema.parse(limits);
  assertPatchBytesWithinLimit(parsed.text, resolved);
  const changed = parsed.additions + parsed.deletions;
  if (changed > resolved.maxChangedLines) {
    throw new PatchError(
      "too-large",
      `patch changes ${changed} lines, over the ${resolved.maxChangedLines}-line limit`,
    );
  }
}

/**
 * Every path the patch reads or writes must stay inside the repository's working tree `repoDir`:
 * no absolute paths, no `..`, nothing in `.git`, no existing parent directory that is a symlink
 * leading outside.
 */
export function validatePatchPaths(parsed: ParsedPatch, repoDir: string): void {
  const root = realpathOrSelf(repoDir);
  for (const p of patchPaths(parsed)) {
    const segments = checkPathName(p);
    assertNoEscapingSymlink(segments, root, rejecter(p));
  }
}

/** The checks of validatePatchPaths that need no file system (run before a worktree exists). */
export function validatePatchPathNames(parsed: ParsedPatch): void {
  for (const p of patchPaths(parsed)) checkPathName(p);
}

function patchPaths(parsed: ParsedPatch): string[] {
  return parsed.files.flatMap((f) => [f.oldPath, f.newPath]).filter((p): p is string => p !== null);
}

function rejecter(p: string): (why: string) => PatchError {
  return (why) => new PatchError("unsafe-path", `unsafe path in patch: ${JSON.stringify(p)} (${why})`, { path: p });
}

function checkPathName(p: string): string[] {
  const reject = rejecter(p);
  if (p === "" || p.includes("\0")) throw reject("empty or contains NUL");
  if (p.startsWith("/") || p.startsWith("\\") || /^[A-Za-z]:/.test(p)) throw reject("absolute path");
  const segments = p.split(/[\\/]/);
  if (segments.includes("..")) throw reject("contains '..'");
  // Case-insensitive: .GIT is the git dir on case-insensitive file systems.
  if (segments.some((s) => s.toLowerCase() === ".git")) throw reject("inside .git");
  return segments;
}

/** Parent components that exist and are symlinks must resolve inside the repository. */
function assertNoEscapingSymlink(
  segments: string[],
  root: string,
  reject: (why: string) => PatchError,
): void {
  let current = root;
  for (const segment of segments.slice(0, -1)) {
    if (segment === "" || segment === ".") continue;
    current = path.join(current, segment);
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(current);
    } catch {
      return; // does not exist yet: the patch creates it, nothing to follow
    }
    if (!stat.isSymbolicLink()) continue;
    let target: string;
    try {
      target = fs.realpathSync(current);
    } catch {
      throw reject(`parent ${path.relative(root, current)} is a dangling symlink`);
    }
    if (!isInside(target, root)) throw reject(`parent ${path.relative(root, current)} is a symlink pointing outside the repository`);
  }
}

export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

function realpathOrSelf(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}

