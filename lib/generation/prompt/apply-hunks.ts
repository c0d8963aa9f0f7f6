/**
 * In-memory application of hunks that were located in the file (see locate-hunk). Used to re-derive a clean
 * diff with full context from the new content, since models write hunks without context or with odd layout.
 */
import type { DiffHunk } from "./unified-diff";

/** Lines with their terminators, so the file's own line endings survive. */
function splitKeepingEol(content: string): string[] {
  return content.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

const stripEol = (line: string) => line.replace(/\n$/, "");

/** Applies one hunk whose old lines start at `cursor`; returns the new cursor or null on mismatch. */
function applyHunkBody(hunk: DiffHunk, old: string[], out: string[], cursor: number): number | null {
  let at = cursor;
  for (let k = 0; k < hunk.lines.length; k++) {
    const line = hunk.lines[k]!;
    const marker = line[0];
    if (marker === "+") {
      const noNewline = hunk.lines[k + 1]?.startsWith("\\") ?? false;
      out.push(noNewline ? line.slice(1) : `${line.slice(1)}\n`);
    } else if (marker === " " || marker === "-") {
      if (at >= old.length || stripEol(old[at]!) !== line.slice(1)) return null;
      if (marker === " ") out.push(old[at]!);
      at++;
    }
  }
  return at;
}

/** New file content, or null when the hunks overlap or do not match at their positions. */
export function applyHunks(content: string, hunks: DiffHunk[]): string | null {
  const old = splitKeepingEol(content);
  const out: string[] = [];
  let cursor = 0;
  for (const hunk of [...hunks].sort((a, b) => a.oldStart - b.oldStart)) {
    const hasOld = hunk.lines.some((l) => l.startsWith(" ") || l.startsWith("-"));
    // An insertion-only hunk goes after line oldStart; any other hunk starts at line oldStart.
    const start = hasOld ? hunk.oldStart - 1 : hunk.oldStart;
    if (start < cursor || start > old.length) return null;
    out.push(...old.slice(cursor, start));
    const next = applyHunkBody(hunk, old, out, start);
    if (next === null) return null;
    cursor = next;
  }
  out.push(...old.slice(cursor));
  // A line that lost its terminator (old last line) and is no longer last needs one.
  return out.map((l, i) => (i < out.length - 1 && !l.endsWith("\n") ? `${l}\n` : l)).join("");
}
