/**
 * Places a model's hunk in the current file: models misnumber hunks, omit numbers, or drop trailing
 * whitespace and CR characters from context lines. The hunk is moved to where its old lines really are,
 * and context/removed lines are replaced with the file's exact text.
 */
import type { DiffHunk } from "./unified-diff";

export type LocateOutcome = "exact" | "moved" | "repaired" | "unplaced";

/** File text as lines without the terminators' "\n" (a CR of CRLF stays on the line). */
export function fileLines(content: string): string[] {
  const lines = content.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

function oldSide(hunk: DiffHunk): string[] {
  return hunk.lines.filter((l) => l.startsWith(" ") || l.startsWith("-")).map((l) => l.slice(1));
}

const loose = (s: string) => s.replace(/\r$/, "").trimEnd();

function matchesAt(file: string[], body: string[], pos: number, eq: (a: string, b: string) => boolean): boolean {
  if (pos < 0 || pos + body.length > file.length) return false;
  return body.every((line, k) => eq(file[pos + k]!, line));
}

/** Match positions nearest to `claimed` first. */
function findPositions(file: string[], body: string[], eq: (a: string, b: string) => boolean, claimed: number): number[] {
  const found: number[] = [];
  for (let pos = 0; pos + body.length <= file.length; pos++) if (matchesAt(file, body, pos, eq)) found.push(pos);
  return found.sort((a, b) => Math.abs(a - claimed) - Math.abs(b - claimed));
}

function rewriteWithFileText(hunk: DiffHunk, file: string[], pos: number, crlf: boolean): void {
  let k = pos;
  hunk.lines = hunk.lines.map((line) => {
    if (line.startsWith(" ") || line.startsWith("-")) return `${line[0]}${file[k++]!}`;
    if (line.startsWith("+") && crlf && !line.endsWith("\r")) return `${line}\r`;
    return line;
  });
}

export function locateHunk(hunk: DiffHunk, content: string): LocateOutcome {
  const file = fileLines(content);
  const body = oldSide(hunk);
  const claimed = hunk.hasNumbers ? hunk.oldStart - 1 : 0;
  if (body.length === 0) {
    // Pure insertion: nothing to search for; an empty file is the one place it can go.
    if (file.length === 0) {
      hunk.oldStart = 0;
      return hunk.hasNumbers ? "exact" : "moved";
    }
    return hunk.hasNumbers ? "exact" : "unplaced";
  }
  const exact = (a: string, b: string) => a === b;
  if (hunk.hasNumbers && matchesAt(file, body, claimed, exact)) return "exact";
  const exactAt = findPositions(file, body, exact, claimed);
  if (exactAt.length > 0) {
    hunk.oldStart = exactAt[0]! + 1;
    return "moved";
  }
  const looseAt = findPositions(file, body, (a, b) => loose(a) === loose(b), claimed);
  if (looseAt.length > 0) {
    rewriteWithFileText(hunk, file, looseAt[0]!, content.includes("\r\n"));
    hunk.oldStart = looseAt[0]! + 1;
    return "repaired";
  }
  return "unplaced";
}
