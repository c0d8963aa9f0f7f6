/**
 * Turns a model's answer into a change: a unified diff (fenced or bare), or whole files in fenced blocks
 * with a path, converted to a diff here. Anything unusable yields `kind: "none"` with a reason for the job page.
 */
import { adaptToFile, findPlaceholder, wholeFileHunks } from "./file-blocks";
import { extractFencedBlocks, labelPathBefore, type FencedBlock } from "./fences";
import { fileLines } from "./locate-hunk";
import { cleanRepoPath, safeRead, type RepoFiles } from "./paths";
import { resolveDiffFiles, type ResolvedFile } from "./resolve-diff";
import { formatDiffFile, looksLikeDiff, readUnifiedDiff, type DiffFile } from "./unified-diff";

export interface ParseOptions {
  /** Current content of a repository file, or null when it does not exist. */
  repoFiles: RepoFiles;
}

export type ParsedResponse =
  | { kind: "diff"; diff: string; warnings: string[] }
  | { kind: "files"; files: { path: string; content: string }[]; diff: string; warnings: string[] }
  | { kind: "none"; reason: string; warnings: string[] };

const DIFF_LANGS = new Set(["diff", "patch", "udiff", "git"]);

interface FileBlock {
  path: string;
  content: string;
}

function none(reason: string, warnings: string[] = []): ParsedResponse {
  return { kind: "none", reason, warnings };
}

function isDiffBlock(block: FencedBlock): boolean {
  if (DIFF_LANGS.has(block.lang)) return true;
  return block.path === undefined && looksLikeDiff(block.content);
}

/** Path of a non-diff block: from its info string, or from a label line right above it. */
function blockPath(text: string, block: FencedBlock): { path?: string; inferred: boolean } {
  if (block.path !== undefined) return { path: block.path, inferred: false };
  const label = labelPathBefore(text, block);
  return label === undefined ? { inferred: true } : { path: label, inferred: true };
}

/**
 * A block labelled only by a line above it may be a snippet, not a whole file: refuse it when it is much
 * shorter than the file it would replace.
 */
function looksLikeSnippet(content: string, current: string | null): boolean {
  if (current === null) return false;
  return fileLines(content).length < fileLines(current).length * 0.5;
}

interface Collected {
  diffTexts: string[];
  fileBlocks: FileBlock[];
  otherBlocks: number;
  problems: string[];
  warnings: string[];
}

function collectBlocks(text: string, blocks: FencedBlock[], repoFiles: RepoFiles): Collected {
  const out: Collected = { diffTexts: [], fileBlocks: [], otherBlocks: 0, problems: [], warnings: [] };
  for (const block of blocks) {
    if (!block.closed) out.warnings.push("the answer ends inside a code block (cut off?)");
    if (isDiffBlock(block)) {
      out.diffTexts.push(block.content);
      continue;
    }
    const { path: rawPath, inferred } = blockPath(text, block);
    if (rawPath === undefined) {
      out.otherBlocks++;
      continue;
    }
    const path = cleanRepoPath(rawPath);
    if (path === null) {
      out.problems.push(`a file block names an unsafe path "${rawPath}" (absolute, outside the repository or inside .git)`);
      continue;
    }
    if (inferred && looksLikeSnippet(block.content, safeRead(repoFiles, path))) {
      out.otherBlocks++;
      out.warnings.push(`ignored a short code block labelled ${path}: it looks like a snippet, not the whole file`);
      continue;
    }
    const placeholder = findPlaceholder(block.content);
    if (placeholder !== undefined) {
      out.problems.push(`the file block for ${path} is abbreviated ("${placeholder}"); whole files must be complete`);
      continue;
    }
    // Later blocks for the same file win: models sometimes correct themselves.
    out.fileBlocks = out.fileBlocks.filter((f) => f.path !== path).concat({ path, content: block.content });
  }
  return out;
}

function fileBlockToResolved(block: FileBlock, repoFiles: RepoFiles): { resolved: ResolvedFile; content: string } | null {
  const current = safeRead(repoFiles, block.path);
  const content = adaptToFile(block.content, current);
  if (current === content) return null;
  return { resolved: { old: current === null ? null : block.path, new: block.path, hunks: wholeFileHunks(current, content) }, content };
}

function formatAll(files: ResolvedFile[]): string {
  return files.map((f) => formatDiffFile({ old: f.old, new: f.new }, f.hunks)).join("");
}

function noUsableCodeReason(c: Collected, sawDiff: boolean, sawFiles: boolean): string {
  if (sawDiff) return "the model's diff changes nothing";
  if (sawFiles) return "the model's file blocks are identical to the current files";
  if (c.otherBlocks > 0) {
    return "the model answered with code blocks that are neither a diff nor name their file (```lang path=…)";
  }
  return "the model answered without a diff or file block";
}

export function parseModelResponse(text: string, options: ParseOptions): ParsedResponse {
  const normalized = text.replace(/\r\n?/g, "\n");
  if (/^\s*\*\*\* Begin Patch\b/m.test(normalized)) {
    return none("the model answered in the \"*** Begin Patch\" format, which is not supported; a unified diff or whole files are needed");
  }
  const { blocks, outside } = extractFencedBlocks(normalized);
  const c = collectBlocks(normalized, blocks, options.repoFiles);

  const diffFiles: DiffFile[] = c.diffTexts.flatMap((t) => readUnifiedDiff(t));
  // A diff outside any fence counts only when no fenced code was usable.
  if (diffFiles.length === 0 && c.fileBlocks.length === 0 && looksLikeDiff(outside)) {
    diffFiles.push(...readUnifiedDiff(outside, { bare: true }));
  }
  const fromDiff = resolveDiffFiles(diffFiles, options.repoFiles);
  const problems = [...c.problems, ...fromDiff.problems];
  const warnings = [...c.warnings, ...fromDiff.warnings];
  if (problems.length > 0) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? "s" : ""})` : "";
    return none(`${problems[0]}${more}`, warnings);
  }

  const fromBlocks = c.fileBlocks.flatMap((b) => fileBlockToResolved(b, options.repoFiles) ?? []);
  const blockPaths = new Set(fromBlocks.map((b) => b.resolved.new));
  const diffOnly = fromDiff.files.filter((f) => {
    const overlap = blockPaths.has(f.new ?? f.old);
    if (overlap) warnings.push(`${f.new ?? f.old} came both as a diff and as a whole file; the whole file was used`);
    return !overlap;
  });
  const all = [...diffOnly, ...fromBlocks.map((b) => b.resolved)];
  if (all.length === 0) return none(noUsableCodeReason(c, diffFiles.length > 0, c.fileBlocks.length > 0), warnings);

  const diff = formatAll(all);
  if (diffOnly.length === 0) {
    return { kind: "files", files: fromBlocks.map((b) => ({ path: b.resolved.new!, content: b.content })), diff, warnings };
  }
  return { kind: "diff", diff, warnings };
}
