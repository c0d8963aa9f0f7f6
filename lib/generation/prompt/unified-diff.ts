/**
 * Lenient reader and strict writer of unified diffs written by models. Hunk line counts are always recomputed
 * from the hunk bodies (models often get them wrong), so the output is a well-formed git-style diff.
 */

export interface DiffHunk {
  /** Old start line as written (for an empty old side: the line after which lines are inserted). */
  oldStart: number;
  newStart: number;
  /** Counts declared in the header, if any; only used to resolve ambiguous lines while reading. */
  declaredOld?: number;
  declaredNew?: number;
  /** False when the model wrote a bare `@@ ... @@` without line numbers. */
  hasNumbers: boolean;
  /** Text after the closing @@ (function context). */
  section: string;
  /** Body lines with their prefix (" ", "+", "-", "\\"). */
  lines: string[];
}

export interface DiffFile {
  /** Raw header paths (prefix not yet stripped); null = /dev/null. */
  oldPath: string | null;
  newPath: string | null;
  hunks: DiffHunk[];
  newFileMode?: boolean;
  deletedFileMode?: boolean;
}

const HUNK_HEADER = /^@@+\s*-(\d+)(?:,(\d+))?\s+\+(\d+)(?:,(\d+))?\s*@@+ ?(.*)$/;
const EXTENDED_HEADER = /^(index |old mode |new mode |similarity index |dissimilarity index |rename from |rename to |copy from |copy to )/;

/** Path from a `---`/`+++` line: drops timestamps after a tab and surrounding quotes. */
function headerPath(rest: string): string | null {
  let p = rest.split("\t")[0]!.trim();
  if (p.startsWith('"') && p.endsWith('"') && p.length > 1) p = p.slice(1, -1);
  // Some models append a timestamp after spaces instead of a tab.
  p = p.replace(/\s+\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}.*$/, "");
  return p === "/dev/null" || p === "dev/null" ? null : p;
}

function gitLinePaths(line: string): { oldPath: string; newPath: string } | null {
  const rest = line.slice("diff --git ".length).trim();
  const quoted = /^"(.+)" "(.+)"$/.exec(rest);
  if (quoted) return { oldPath: quoted[1]!, newPath: quoted[2]! };
  const idx = rest.lastIndexOf(" b/");
  if (idx > 0) return { oldPath: rest.slice(0, idx), newPath: rest.slice(idx + 1) };
  const parts = rest.split(/\s+/);
  return parts.length === 2 ? { oldPath: parts[0]!, newPath: parts[1]! } : null;
}

function isFileHeaderAt(lines: string[], i: number): boolean {
  return lines[i]!.startsWith("--- ") && (lines[i + 1] ?? "").startsWith("+++ ");
}

/** A `---`/`+++` pair that is surely a header: followed by a hunk, so not a removed "--" and an added "++" line. */
function isCertainFileHeaderAt(lines: string[], i: number): boolean {
  return isFileHeaderAt(lines, i) && (lines[i + 2] ?? "").startsWith("@@");
}

function isBodyLine(line: string): boolean {
  return line === "" || line.startsWith(" ") || line.startsWith("+") || line.startsWith("-") || line.startsWith("\\");
}

function counts(lines: string[]): { old: number; new: number } {
  let o = 0;
  let n = 0;
  for (const l of lines) {
    if (l.startsWith(" ")) {
      o++;
      n++;
    } else if (l.startsWith("-")) o++;
    else if (l.startsWith("+")) n++;
  }
  return { old: o, new: n };
}

function needsMore(hunk: DiffHunk): boolean {
  if (hunk.declaredOld === undefined || hunk.declaredNew === undefined) return false;
  const c = counts(hunk.lines);
  return c.old < hunk.declaredOld || c.new < hunk.declaredNew;
}

function parseHunkHeader(line: string): DiffHunk | null {
  const m = HUNK_HEADER.exec(line);
  if (m) {
    return {
      oldStart: Number(m[1]),
      newStart: Number(m[3]),
      declaredOld: m[2] === undefined ? 1 : Number(m[2]),
      declaredNew: m[4] === undefined ? 1 : Number(m[4]),
      hasNumbers: true,
      section: m[5] ?? "",
      lines: [],
    };
  }
  // "@@ ... @@", "@@ @@" or a lone "@@": a hunk whose position we must find in the file.
  if (/^@@(?!\s*-\d)/.test(line)) {
    const section = /^@@.*?@@ ?(.*)$/.exec(line)?.[1] ?? "";
    return { oldStart: 0, newStart: 0, hasNumbers: false, section: section.trim() === "..." ? "" : section, lines: [] };
  }
  return null;
}

/** True when a +/- line comes before the end of this hunk. */
function changeFollows(lines: string[], from: number): boolean {
  for (let k = from; k < lines.length; k++) {
    const line = lines[k]!;
    if (line.startsWith("diff --git ") || line.startsWith("@@") || isFileHeaderAt(lines, k)) return false;
    if (line.startsWith("+") || line.startsWith("-")) return true;
  }
  return false;
}

type LineRole = "end" | "blank" | "body" | "unprefixed-context";

/** What a line inside a hunk is; `more` = the declared counts are not yet reached. */
function endsHunk(lines: string[], i: number, more: boolean): boolean {
  const line = lines[i]!;
  if (line.startsWith("diff --git ") || line.startsWith("@@")) return true;
  // While counts are not reached, "--- x"/"+++ y" may be a removed "-- x" and an added "++ y" line.
  return more ? isCertainFileHeaderAt(lines, i) : isFileHeaderAt(lines, i);
}

function hunkLineRole(lines: string[], i: number, more: boolean, bare: boolean): LineRole {
  if (endsHunk(lines, i, more)) return "end";
  const line = lines[i]!;
  if (line === "") return bare && !more ? "end" : "blank";
  if (isBodyLine(line)) return "body";
  // Inside the declared counts and before more changes, an unprefixed line is a context line whose
  // leading space the model dropped (prose after an over-counted hunk is followed by no change).
  return more && changeFollows(lines, i + 1) ? "unprefixed-context" : "end";
}

/**
 * Reads one hunk body starting at `start`; returns the index after it. `bare` (diff found in prose, no fence)
 * ends a hunk at a blank line once its declared counts are met, since prose usually follows.
 */
function readHunkBody(lines: string[], start: number, hunk: DiffHunk, bare: boolean): number {
  let pendingBlank = 0;
  let i = start;
  for (; i < lines.length; i++) {
    const role = hunkLineRole(lines, i, needsMore(hunk), bare);
    if (role === "end") break;
    if (role === "blank") {
      pendingBlank++;
      continue;
    }
    // Blank lines between body lines are context lines that lost their leading space.
    for (; pendingBlank > 0; pendingBlank--) hunk.lines.push(" ");
    hunk.lines.push(role === "body" ? lines[i]! : ` ${lines[i]!}`);
  }
  // Trailing blank lines belong to whatever follows the diff, not to the hunk.
  return i - pendingBlank;
}

/** Line-by-line reader state: the file section being read and whether its ---/+++ header is done. */
class DiffReader {
  readonly files: DiffFile[] = [];
  private current: DiffFile | null = null;
  private headerComplete = false;

  constructor(
    private readonly lines: string[],
    private readonly bare: boolean,
  ) {}

  /** Consumes what starts at line i; returns the next index. */
  step(i: number): number {
    const line = this.lines[i]!;
    if (line.startsWith("diff --git ")) return this.gitLine(line, i);
    if (isFileHeaderAt(this.lines, i)) return this.fileHeader(i);
    if (this.current && !this.headerComplete && this.extendedHeader(this.current, line)) return i + 1;
    if (this.current && line.startsWith("@@")) return this.hunk(this.current, line, i);
    return i + 1;
  }

  private gitLine(line: string, i: number): number {
    const paths = gitLinePaths(line);
    this.current = { oldPath: paths?.oldPath ?? null, newPath: paths?.newPath ?? null, hunks: [] };
    this.files.push(this.current);
    this.headerComplete = false;
    return i + 1;
  }

  private fileHeader(i: number): number {
    const oldPath = headerPath(this.lines[i]!.slice(4));
    const newPath = headerPath(this.lines[i + 1]!.slice(4));
    if (this.current && !this.headerComplete) {
      this.current.oldPath = oldPath;
      this.current.newPath = newPath;
    } else {
      this.current = { oldPath, newPath, hunks: [] };
      this.files.push(this.current);
    }
    this.headerComplete = true;
    return i + 2;
  }

  /** Index hashes and modes from a model are meaningless; only new/deleted file marks are kept. */
  private extendedHeader(file: DiffFile, line: string): boolean {
    if (line.startsWith("new file mode ")) file.newFileMode = true;
    else if (line.startsWith("deleted file mode ")) file.deletedFileMode = true;
    else return EXTENDED_HEADER.test(line);
    return true;
  }

  private hunk(file: DiffFile, line: string, i: number): number {
    const hunk = parseHunkHeader(line);
    if (!hunk) return i + 1;
    this.headerComplete = true;
    file.hunks.push(hunk);
    return readHunkBody(this.lines, i + 1, hunk, this.bare);
  }
}

/** Parses every file section found in `text` (LF line endings); lines outside sections are ignored. */
export function readUnifiedDiff(text: string, options: { bare?: boolean } = {}): DiffFile[] {
  const lines = text.split("\n");
  const reader = new DiffReader(lines, options.bare ?? false);
  for (let i = 0; i < lines.length; ) i = reader.step(i);
  // A `diff --git` line with new/deleted mode but no ---/+++ lines describes an empty file.
  for (const f of reader.files) {
    if (f.newFileMode) f.oldPath = null;
    if (f.deletedFileMode) f.newPath = null;
  }
  return reader.files;
}

/** True when the text contains something that reads as a unified diff. */
export function looksLikeDiff(text: string): boolean {
  return /^diff --git /m.test(text) || /^--- .*\n\+\+\+ .*\n(?:.*\n)*?@@/m.test(text);
}

export function hasChanges(hunk: DiffHunk): boolean {
  return hunk.lines.some((l) => l.startsWith("+") || l.startsWith("-"));
}

function fileHeader(path: { old: string | null; new: string | null }, withPaths: boolean): string[] {
  const name = (path.new ?? path.old)!;
  const out = [`diff --git a/${path.old ?? name} b/${path.new ?? name}`];
  if (path.old === null) out.push("new file mode 100644");
  if (path.new === null) out.push("deleted file mode 100644");
  if (withPaths) {
    out.push(path.old === null ? "--- /dev/null" : `--- a/${path.old}`);
    out.push(path.new === null ? "+++ /dev/null" : `+++ b/${path.new}`);
  }
  return out;
}

/** `@@ -a,b +c,d @@` with counts from the body and the new start shifted by earlier hunks' `offset`. */
function hunkHeader(hunk: DiffHunk, offset: number): string {
  const c = counts(hunk.lines);
  // An empty side is numbered by the line before it, so an insertion's first line is oldStart + 1.
  const firstOldLine = c.old === 0 ? hunk.oldStart + 1 : hunk.oldStart;
  const newStart = Math.max(0, c.new === 0 ? firstOldLine + offset - 1 : firstOldLine + offset);
  const section = hunk.section ? ` ${hunk.section}` : "";
  return `@@ -${hunk.oldStart},${c.old} +${newStart},${c.new} @@${section}`;
}

/** Git-style text of one file (path null = /dev/null): header plus hunks with counts and new starts recomputed. */
export function formatDiffFile(path: { old: string | null; new: string | null }, hunks: DiffHunk[]): string {
  const out = fileHeader(path, hunks.length > 0);
  let offset = 0;
  for (const hunk of [...hunks].sort((a, b) => a.oldStart - b.oldStart)) {
    out.push(hunkHeader(hunk, offset), ...hunk.lines);
    const c = counts(hunk.lines);
    offset += c.new - c.old;
  }
  return `${out.join("\n")}\n`;
}

export { counts as hunkCounts };
