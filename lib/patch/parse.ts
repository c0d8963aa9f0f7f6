/**
 * Parser of unified diffs: git-style (`diff --git` with extended headers) and plain `---`/`+++` diffs.
 * It validates structure only (hunk headers and line counts); whether the patch applies is git's call.
 */
import { PatchError } from "./errors";
import { readHeaderPath, readQuotedPath } from "./quoted-path";

export type FileChangeStatus = "added" | "deleted" | "modified" | "renamed" | "copied";

export interface PatchHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** The `@@ -a,b +c,d @@ section` line. */
  header: string;
  /** Body lines (` `, `-`, `+`, `\ No newline at end of file`). */
  lines: string[];
}

export interface FilePatch {
  /** Repository-relative path before the change; null for an added file. */
  oldPath: string | null;
  /** Repository-relative path after the change; null for a deleted file. */
  newPath: string | null;
  status: FileChangeStatus;
  oldMode?: string;
  newMode?: string;
  /** `Binary files … differ` or `GIT binary patch`: no text hunks. */
  binary: boolean;
  hunks: PatchHunk[];
  additions: number;
  deletions: number;
}

export interface ParsedPatch {
  files: FilePatch[];
  additions: number;
  deletions: number;
  /** Leading path components to strip when applying (`git apply -pN`). */
  stripLevel: 0 | 1;
  /** The diff text with a CRLF transport encoding undone; this is what should be applied. */
  text: string;
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@(.*)$/;

/** Undoes a CRLF conversion of the whole diff (mail, Windows clipboard): every line, headers included, ends in \r. */
export function normalizePatchText(diff: string): string {
  const lines = diff.split("\n");
  const nonEmpty = lines.filter((l) => l.length > 0);
  const headers = nonEmpty.filter((l) => /^(diff --git |--- |\+\+\+ |@@ )/.test(l));
  if (headers.length === 0 || !nonEmpty.every((l) => l.endsWith("\r"))) return diff;
  return lines.map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l)).join("\n");
}

interface RawFile extends FilePatch {
  /** Path strip guess for plain diffs: 0/1 when confident, null when one side is /dev/null. */
  stripVote?: 0 | 1 | null;
  plain: boolean;
  /** Extended headers seen (rename, mode change, …) that make a hunk-less git section valid. */
  hasMetaChange: boolean;
}

class Cursor {
  i = 0;
  constructor(readonly lines: string[]) {}
  get done(): boolean {
    return this.i >= this.lines.length;
  }
  peek(offset = 0): string | undefined {
    return this.lines[this.i + offset];
  }
  /** The line without a trailing \r, for header matching. */
  head(offset = 0): string | undefined {
    return this.peek(offset)?.replace(/\r$/, "");
  }
}

export function parsePatch(diff: string): ParsedPatch {
  if (typeof diff !== "string" || diff.trim() === "") throw new PatchError("empty-patch", "patch is empty");
  const text = normalizePatchText(diff);
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const cur = new Cursor(lines);
  const files: RawFile[] = [];

  while (!cur.done) {
    const line = cur.head()!;
    if (line.startsWith("diff --git ")) {
      files.push(parseGitFile(cur));
    } else if (line.startsWith("--- ") && cur.head(1)?.startsWith("+++ ")) {
      files.push(parsePlainFile(cur));
    } else if (line.startsWith("@@")) {
      throw new PatchError("bad-hunk-header", `hunk without a file header at line ${cur.i + 1}: ${truncate(line)}`);
    } else {
      cur.i += 1; // preamble (commit message, `Index:` lines, …)
    }
  }

  if (files.length === 0) throw new PatchError("no-hunks", "patch contains no file changes (no diff headers or hunks found)");
  const stripLevel = decideStripLevel(files);
  const parsed: FilePatch[] = files.map((f) => finishFile(f, stripLevel));
  return {
    files: parsed,
    additions: parsed.reduce((n, f) => n + f.additions, 0),
    deletions: parsed.reduce((n, f) => n + f.deletions, 0),
    stripLevel,
    text,
  };
}

function parseGitFile(cur: Cursor): RawFile {
  const headerLine = cur.head()!;
  const names = splitGitHeaderNames(headerLine.slice("diff --git ".length));
  if (!names) throw new PatchError("bad-header", `cannot read file names in: ${truncate(headerLine)}`);
  cur.i += 1;
  const file: RawFile = {
    oldPath: stripFirst(names.a),
    newPath: stripFirst(names.b),
    status: "modified",
    binary: false,
    hunks: [],
    additions: 0,
    deletions: 0,
    plain: false,
    hasMetaChange: false,
  };

  while (!cur.done) {
    const line = cur.head()!;
    let m: RegExpExecArray | null;
    if ((m = /^old mode (\d+)/.exec(line))) {
      file.oldMode = m[1];
      file.hasMetaChange = true;
    } else if ((m = /^new mode (\d+)/.exec(line))) {
      file.newMode = m[1];
      file.hasMetaChange = true;
    } else if ((m = /^new file mode (\d+)/.exec(line))) {
      file.status = "added";
      file.newMode = m[1];
      file.hasMetaChange = true;
    } else if ((m = /^deleted file mode (\d+)/.exec(line))) {
      file.status = "deleted";
      file.oldMode = m[1];
      file.hasMetaChange = true;
    } else if (line.startsWith("rename from ")) {
      file.oldPath = readHeaderPath(line.slice("rename from ".length));
      file.status = "renamed";
      file.hasMetaChange = true;
    } else if (line.startsWith("rename to ")) {
      file.newPath = readHeaderPath(line.slice("rename to ".length));
      file.status = "renamed";
      file.hasMetaChange = true;
    } else if (line.startsWith("copy from ")) {
      file.oldPath = readHeaderPath(line.slice("copy from ".length));
      file.status = "copied";
      file.hasMetaChange = true;
    } else if (line.startsWith("copy to ")) {
      file.newPath = readHeaderPath(line.slice("copy to ".length));
      file.status = "copied";
      file.hasMetaChange = true;
    } else if (/^(similarity|dissimilarity) index /.test(line) || line.startsWith("index ")) {
      // informational
    } else if (/^Binary files .* differ$/.test(line)) {
      file.binary = true;
    } else if (line === "GIT binary patch") {
      file.binary = true;
      cur.i += 1;
      // Base85 payload up to the next file section.
      while (!cur.done && !cur.head()!.startsWith("diff --git ")) cur.i += 1;
      break;
    } else {
      break;
    }
    cur.i += 1;
  }

  if (!cur.done && cur.head()!.startsWith("--- ") && cur.head(1)?.startsWith("+++ ")) {
    const oldName = readHeaderPath(cur.head()!.slice(4));
    const newName = readHeaderPath(cur.head(1)!.slice(4));
    cur.i += 2;
    if (oldName === "/dev/null") {
      file.oldPath = null;
      file.status = "added";
    } else if (file.status !== "renamed" && file.status !== "copied") {
      file.oldPath = stripFirst(oldName);
    }
    if (newName === "/dev/null") {
      file.newPath = null;
      file.status = "deleted";
    } else if (file.status !== "renamed" && file.status !== "copied") {
      file.newPath = stripFirst(newName);
    }
    parseHunks(cur, file);
  } else if (cur.head()?.startsWith("@@")) {
    throw new PatchError("bad-header", `hunk for ${file.newPath ?? file.oldPath} has no ---/+++ header`);
  }
  if (file.status === "added") file.oldPath = null;
  if (file.status === "deleted") file.newPath = null;
  return file;
}

function parsePlainFile(cur: Cursor): RawFile {
  const oldName = readHeaderPath(cur.head()!.slice(4));
  const newName = readHeaderPath(cur.head(1)!.slice(4));
  cur.i += 2;
  const file: RawFile = {
    oldPath: oldName === "/dev/null" ? null : oldName,
    newPath: newName === "/dev/null" ? null : newName,
    status: oldName === "/dev/null" ? "added" : newName === "/dev/null" ? "deleted" : "modified",
    binary: false,
    hunks: [],
    additions: 0,
    deletions: 0,
    plain: true,
    hasMetaChange: false,
    stripVote: plainStripVote(oldName, newName),
  };
  parseHunks(cur, file);
  return file;
}

function parseHunks(cur: Cursor, file: RawFile): void {
  const name = file.newPath ?? file.oldPath ?? "?";
  while (!cur.done) {
    const line = cur.head()!;
    if (line === "") {
      cur.i += 1;
      continue;
    }
    if (!line.startsWith("@@")) break;
    const m = HUNK_HEADER.exec(line);
    if (!m) throw new PatchError("bad-hunk-header", `bad hunk header in ${name} at line ${cur.i + 1}: ${truncate(line)}`);
    const hunk: PatchHunk = {
      oldStart: Number(m[1]),
      oldLines: m[2] === undefined ? 1 : Number(m[2]),
      newStart: Number(m[3]),
      newLines: m[4] === undefined ? 1 : Number(m[4]),
      header: line,
      lines: [],
    };
    const headerLineNo = cur.i + 1;
    cur.i += 1;
    let oldLeft = hunk.oldLines;
    let newLeft = hunk.newLines;
    while (oldLeft > 0 || newLeft > 0) {
      const body = cur.peek();
      const mismatch = () =>
        new PatchError(
          "hunk-mismatch",
          `hunk line counts do not match its header in ${name} (${truncate(hunk.header)} at line ${headerLineNo}): ` +
            `${hunk.oldLines - oldLeft}/${hunk.oldLines} old and ${hunk.newLines - newLeft}/${hunk.newLines} new lines found`,
        );
      if (body === undefined) throw mismatch();
      const kind = body[0];
      if (kind === "\\") {
        hunk.lines.push(body);
      } else if (kind === " " || body === "" || body === "\r") {
        if (oldLeft === 0 || newLeft === 0) throw mismatch();
        oldLeft -= 1;
        newLeft -= 1;
        hunk.lines.push(body);
      } else if (kind === "-") {
        if (oldLeft === 0) throw mismatch();
        oldLeft -= 1;
        file.deletions += 1;
        hunk.lines.push(body);
      } else if (kind === "+") {
        if (newLeft === 0) throw mismatch();
        newLeft -= 1;
        file.additions += 1;
        hunk.lines.push(body);
      } else {
        throw mismatch();
      }
      cur.i += 1;
    }
    if (cur.peek()?.startsWith("\\")) {
      hunk.lines.push(cur.peek()!);
      cur.i += 1;
    }
    file.hunks.push(hunk);
    // Surplus change lines right after a complete hunk mean the header undercounts them.
    const next = cur.head();
    if (next !== undefined && /^[-+ ]/.test(next) && next !== "-- " && !isFileHeaderAt(cur)) {
      throw new PatchError(
        "hunk-mismatch",
        `hunk line counts do not match its header in ${name} (${truncate(hunk.header)} at line ${headerLineNo}): more lines than declared`,
      );
    }
  }
}

function isFileHeaderAt(cur: Cursor): boolean {
  return !!(cur.head()?.startsWith("--- ") && cur.head(1)?.startsWith("+++ "));
}

function finishFile(f: RawFile, stripLevel: 0 | 1): FilePatch {
  if (f.plain) {
    const strip = (p: string | null) => (p === null || stripLevel === 0 ? p : stripFirst(p));
    f.oldPath = strip(f.oldPath);
    f.newPath = strip(f.newPath);
    // Traditional diffs (`diff -u a.orig a`) name two files but change one: git applies to the new name.
    if (f.status === "modified") f.oldPath = f.newPath;
  }
  const name = f.newPath ?? f.oldPath;
  if (!name) throw new PatchError("bad-header", "file section without a path");
  if (f.hunks.length === 0 && !f.binary && !f.hasMetaChange) {
    throw new PatchError("no-hunks", `no hunks for ${name}`);
  }
  return {
    oldPath: f.oldPath,
    newPath: f.newPath,
    status: f.status,
    ...(f.oldMode ? { oldMode: f.oldMode } : {}),
    ...(f.newMode ? { newMode: f.newMode } : {}),
    binary: f.binary,
    hunks: f.hunks,
    additions: f.additions,
    deletions: f.deletions,
  };
}

/** `a/x b/x` → both names (prefixes kept); handles quoted names and names with spaces when both sides match. */
function splitGitHeaderNames(rest: string): { a: string; b: string } | null {
  const text = rest.replace(/\r$/, "");
  if (text.startsWith('"')) {
    const a = readQuotedPath(text, 0);
    if (!a || text[a.end] !== " ") return null;
    const bRaw = text.slice(a.end + 1);
    const b = bRaw.startsWith('"') ? readQuotedPath(bRaw, 0)?.value : bRaw;
    return b ? { a: a.value, b } : null;
  }
  const quotedB = text.indexOf(' "');
  if (quotedB > 0) {
    const b = readQuotedPath(text, quotedB + 1);
    if (b) return { a: text.slice(0, quotedB), b: b.value };
  }
  // Same name on both sides: "P/X Q/X" — split where the two halves name the same path.
  if ((text.length - 1) % 2 === 0) {
    const half = (text.length - 1) / 2;
    const a = text.slice(0, half);
    const b = text.slice(half + 1);
    if (text[half] === " " && stripFirst(a) === stripFirst(b)) return { a, b };
  }
  const idx = text.indexOf(" b/");
  if (idx > 0) return { a: text.slice(0, idx), b: text.slice(idx + 1) };
  const space = text.indexOf(" ");
  return space > 0 ? { a: text.slice(0, space), b: text.slice(space + 1) } : null;
}

function stripFirst(p: string): string {
  const slash = p.indexOf("/");
  return slash >= 0 ? p.slice(slash + 1) : p;
}

function plainStripVote(oldName: string, newName: string): 0 | 1 | null {
  const prefixed = (p: string) => /^[ab]\//.test(p);
  if (oldName === "/dev/null" || newName === "/dev/null") {
    const real = oldName === "/dev/null" ? newName : oldName;
    return prefixed(real) ? 1 : null;
  }
  const oa = oldName.split("/");
  const na = newName.split("/");
  if (oa.length >= 2 && na.length >= 2 && oa[0] !== na[0]) return 1;
  return 0;
}

function decideStripLevel(files: RawFile[]): 0 | 1 {
  const plain = files.filter((f) => f.plain);
  if (plain.length === 0) return 1;
  if (plain.length !== files.length) {
    // git sections always carry a prefix; plain sections must agree with them.
    if (plain.some((f) => f.stripVote === 0)) throw new PatchError("bad-header", "patch mixes prefixed and unprefixed paths");
    return 1;
  }
  const votes = new Set(plain.map((f) => f.stripVote).filter((v): v is 0 | 1 => v !== null && v !== undefined));
  if (votes.size > 1) throw new PatchError("bad-header", "patch mixes prefixed (a/, b/) and unprefixed paths");
  if (votes.size === 1) return [...votes][0];
  return plain.every((f) => /^[ab]\//.test(f.newPath ?? f.oldPath ?? "")) ? 1 : 0;
}

function truncate(s: string, n = 80): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}
