/** Whole-file answers: checks a block is complete and turns it into hunks against the current file. */
import { structuredPatch } from "diff";
import type { DiffHunk } from "./unified-diff";

const COMMENT_LINE = /^\s*(?:\/\/+|#+|\/\*+|\*|<!--|--|;+)\s*(.*)$/;
const ELLIPSIS_START = /^(?:\.{3}|…)/;
const ELISION_WORDS =
  /\b(?:rest of (?:the )?(?:file|code|class|module|function|implementation)|existing (?:code|imports|functions|methods|tests|content)|(?:remains?|stays?) (?:the same|unchanged)|unchanged (?:code|below|above|content)|same as before|omitted for brevity|code omitted)\b/i;

/**
 * A comment line models use to elide code ("// ... rest of the file unchanged"). Such a block is not a whole
 * file: applying it would delete the elided code.
 */
export function findPlaceholder(content: string): string | undefined {
  for (const line of content.split("\n")) {
    const comment = COMMENT_LINE.exec(line);
    if (comment && (ELLIPSIS_START.test(comment[1]!) || ELISION_WORDS.test(comment[1]!))) return line.trim();
  }
  return undefined;
}

/** Block text adjusted to the current file's conventions (final newline, CRLF). */
export function adaptToFile(blockContent: string, current: string | null): string {
  let content = blockContent;
  if (current !== null && current !== "" && !current.endsWith("\n") && content.endsWith("\n")) content = content.slice(0, -1);
  if (current?.includes("\r\n")) content = content.replace(/\r?\n/g, "\r\n");
  return content;
}

/** Hunks turning `before` (null = new file) into `after`, 3 lines of context. */
export function wholeFileHunks(before: string | null, after: string): DiffHunk[] {
  const patch = structuredPatch("a", "b", before ?? "", after, undefined, undefined, { context: 3 });
  return patch.hunks.map((h) => ({
    // jsdiff numbers an empty side by the line it precedes; unified diffs by the line it follows.
    oldStart: h.oldLines === 0 ? h.oldStart - 1 : h.oldStart,
    newStart: h.newLines === 0 ? h.newStart - 1 : h.newStart,
    hasNumbers: true,
    section: "",
    lines: [...h.lines],
  }));
}
