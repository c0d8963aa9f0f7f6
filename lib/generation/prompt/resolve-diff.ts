/**
 * Checks a model's diff against the repository and repairs what can be repaired safely: `a/`/`b/` prefixes,
 * hunk positions, a "new file" that already exists, an "edit" of a file that does not exist but only adds lines.
 * Placed hunks are applied in memory and the diff re-derived with full context. Anything else wrong is a
 * problem: the whole answer is refused (fail closed).
 */
import { applyHunks } from "./apply-hunks";
import { wholeFileHunks } from "./file-blocks";
import { locateHunk } from "./locate-hunk";
import { cleanRepoPath, safeRead, stripDiffPrefix, type RepoFiles } from "./paths";
import { hasChanges, type DiffFile, type DiffHunk } from "./unified-diff";

export interface ResolvedFile {
  /** Repository path on each side; null = the file does not exist on that side. */
  old: string | null;
  new: string | null;
  hunks: DiffHunk[];
}

export interface Resolution {
  files: ResolvedFile[];
  problems: string[];
  warnings: string[];
}

/** A resolved edit of an existing file; `placed` = every hunk was found in the file. */
interface Edit extends ResolvedFile {
  placed?: boolean;
}

type Step = Edit | string | null;

const UNSAFE = "(absolute, outside the repository or inside .git)";

function cleanSide(raw: string | null, prefix: "a/" | "b/", repoFiles: RepoFiles): string | null | { bad: string } {
  if (raw === null) return null;
  const path = cleanRepoPath(stripDiffPrefix(raw.trim(), prefix, repoFiles));
  return path ?? { bad: raw };
}

function resolvePaths(f: DiffFile, repoFiles: RepoFiles): { old: string | null; neu: string | null } | string {
  const old = cleanSide(f.oldPath, "a/", repoFiles);
  const neu = cleanSide(f.newPath, "b/", repoFiles);
  if (typeof old === "object" && old !== null) return `the diff names an unsafe path "${old.bad}" ${UNSAFE}`;
  if (typeof neu === "object" && neu !== null) return `the diff names an unsafe path "${neu.bad}" ${UNSAFE}`;
  if (old === null && neu === null) return "a diff section names no file";
  if (old !== null && neu !== null && old !== neu) return `the diff renames ${old} to ${neu}; renames are not supported`;
  return { old, neu };
}

function addedText(hunks: DiffHunk[]): string {
  const lines = hunks.flatMap((h) => h.lines.filter((l) => l.startsWith("+")).map((l) => l.slice(1)));
  return lines.length ? `${lines.join("\n")}\n` : "";
}

function onlyAdditions(hunks: DiffHunk[]): boolean {
  return hunks.every((h) => h.lines.every((l) => l.startsWith("+") || l.startsWith("\\")));
}

/** A new file; one that already exists is replaced by the added lines (the model's whole new content). */
function resolveCreation(path: string, hunks: DiffHunk[], repoFiles: RepoFiles, warnings: string[]): Step {
  const existing = safeRead(repoFiles, path);
  const content = addedText(hunks);
  if (existing === null) return { old: null, new: path, hunks: wholeFileHunks(null, content) };
  warnings.push(`${path} already exists: the diff's new-file content replaces it`);
  return { old: path, new: path, hunks: wholeFileHunks(existing, content) };
}

function resolveDeletion(path: string, repoFiles: RepoFiles): Step {
  const current = safeRead(repoFiles, path);
  if (current === null) return `the diff deletes ${path}, which does not exist in the repository`;
  return { old: path, new: null, hunks: wholeFileHunks(current, "") };
}

const MOVE_NOTES: Record<string, (path: string, line: number) => string> = {
  unplaced: (path, line) => `a hunk at line ${line} of ${path} does not match the current file; it may not apply`,
  moved: (path, line) => `moved a hunk of ${path} to line ${line}, where its context is`,
  repaired: (path) => `fixed whitespace of context lines in a hunk of ${path}`,
};

function resolveEdit(path: string, current: string, hunks: DiffHunk[], warnings: string[]): Step {
  if (hunks.length === 0) {
    warnings.push(`the diff section for ${path} changes nothing`);
    return null;
  }
  let placed = true;
  for (const hunk of hunks) {
    const outcome = locateHunk(hunk, current);
    if (outcome === "unplaced" && !hunk.hasNumbers) return `a hunk for ${path} does not match the current file content`;
    if (outcome === "unplaced") placed = false;
    const note = MOVE_NOTES[outcome];
    if (note) warnings.push(note(path, hunk.oldStart));
  }
  return { old: path, new: path, hunks: [...hunks].sort((a, b) => a.oldStart - b.oldStart), placed };
}

function resolveFile(f: DiffFile, repoFiles: RepoFiles, warnings: string[]): Step {
  const paths = resolvePaths(f, repoFiles);
  if (typeof paths === "string") return paths;
  const hunks = f.hunks.filter(hasChanges);
  if (paths.neu === null) return resolveDeletion(paths.old!, repoFiles);
  if (paths.old === null) return resolveCreation(paths.neu, hunks, repoFiles, warnings);
  const current = safeRead(repoFiles, paths.old);
  if (current !== null) return resolveEdit(paths.old, current, hunks, warnings);
  if (!onlyAdditions(hunks)) return `the diff changes ${paths.old}, which does not exist in the repository`;
  warnings.push(`${paths.old} does not exist: treated as a new file`);
  return resolveCreation(paths.neu, hunks, repoFiles, warnings);
}

/** Re-derives clean hunks (3 lines of context, exact counts) by applying placed hunks in memory. */
function canonicalize(file: Edit, repoFiles: RepoFiles, warnings: string[]): Step {
  if (!file.placed || file.old === null || file.new === null) return { old: file.old, new: file.new, hunks: file.hunks };
  const current = safeRead(repoFiles, file.old)!;
  const after = applyHunks(current, file.hunks);
  if (after === null) return `the hunks for ${file.new} overlap or contradict each other`;
  if (after === current) {
    warnings.push(`the diff section for ${file.new} changes nothing`);
    return null;
  }
  return { old: file.old, new: file.new, hunks: wholeFileHunks(current, after) };
}

/** Adds a section to the map; a file split over several sections (or fences) becomes one section. */
function mergeSection(byPath: Map<string, Edit>, edit: Edit): string | undefined {
  const key = (edit.new ?? edit.old)!;
  const existing = byPath.get(key);
  if (!existing) {
    byPath.set(key, edit);
    return undefined;
  }
  const bothEdits = existing.old !== null && existing.new !== null && edit.old !== null && edit.new !== null;
  if (!bothEdits) return `the diff has conflicting sections for ${key}`;
  existing.hunks = [...existing.hunks, ...edit.hunks].sort((a, b) => a.oldStart - b.oldStart);
  existing.placed = Boolean(existing.placed && edit.placed);
  return undefined;
}

function collect(step: Step, problems: string[], onEdit: (edit: Edit) => void): void {
  if (typeof step === "string") problems.push(step);
  else if (step) onEdit(step);
}

export function resolveDiffFiles(files: DiffFile[], repoFiles: RepoFiles): Resolution {
  const problems: string[] = [];
  const warnings: string[] = [];
  const byPath = new Map<string, Edit>();
  for (const f of files) {
    collect(resolveFile(f, repoFiles, warnings), problems, (edit) => {
      const conflict = mergeSection(byPath, edit);
      if (conflict) problems.push(conflict);
    });
  }
  const out: ResolvedFile[] = [];
  for (const file of byPath.values()) collect(canonicalize(file, repoFiles, warnings), problems, (edit) => out.push(edit));
  return { files: out, problems, warnings };
}
