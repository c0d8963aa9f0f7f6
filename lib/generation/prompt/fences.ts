/** Markdown fenced code blocks in a model answer (``` or ~~~), with their info strings. */

export interface FencedBlock {
  /** First word of the info string, lower-cased ("diff", "ts", "file"…); "" when absent. */
  lang: string;
  /** Path named in the info string (`path=`, `file=`, `filename=`, `ts:src/a.ts`, or a bare path). */
  path?: string;
  info: string;
  /** Text between the fences; ends with "\n" unless empty. */
  content: string;
  /** 0-based line index of the opening fence. */
  startLine: number;
  /** False when the answer ended before the closing fence (often a cut-off answer). */
  closed: boolean;
}

const OPEN = /^( {0,3})(`{3,}|~{3,})\s*(.*)$/;
const CLOSE = /^ {0,3}(`{3,}|~{3,})\s*$/;
const PATH_ATTR = /^(?:path|file|filename)=(.+)$/i;
const LANG_AND_PATH = /^([A-Za-z0-9_+#-]+):([^\s:]+\.[A-Za-z0-9]+)$/;
const BARE_PATH = /^[\w.@-]*[/.][\w./@-]*\.[A-Za-z0-9]+$/;

function unquote(s: string): string {
  return s.replace(/^["'`]|["'`]$/g, "");
}

export function parseInfoString(info: string): { lang: string; path?: string } {
  const tokens = info.trim().split(/\s+/).filter(Boolean);
  let lang = "";
  let path: string | undefined;
  tokens.forEach((token, idx) => {
    const attr = PATH_ATTR.exec(token);
    if (attr) {
      path = unquote(attr[1]!);
      return;
    }
    if (idx !== 0) return;
    const langPath = LANG_AND_PATH.exec(token);
    if (langPath) {
      lang = langPath[1]!.toLowerCase();
      path = langPath[2]!;
    } else if (BARE_PATH.test(token) && !token.includes("=")) {
      path = token;
    } else if (!token.includes("=")) {
      lang = token.toLowerCase();
    }
  });
  return path === undefined ? { lang } : { lang, path };
}

/** Finds fenced blocks; returns them and the text outside any block (block lines blanked, line numbers kept). */
export function extractFencedBlocks(text: string): { blocks: FencedBlock[]; outside: string } {
  const lines = text.split("\n");
  const outside = [...lines];
  const blocks: FencedBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const open = OPEN.exec(lines[i]!);
    // A backtick fence's info string cannot contain backticks (CommonMark), so "```x```" is inline code.
    if (!open || (open[2]!.startsWith("`") && open[3]!.includes("`"))) {
      i++;
      continue;
    }
    const fence = open[2]!;
    const info = open[3]!.trim();
    const end = findClose(lines, i + 1, fence);
    // As in CommonMark, a fence indented inside a list item takes that indentation off its content.
    const body = lines.slice(i + 1, end).map((l) => dedent(l, open[1]!.length));
    blocks.push({
      ...parseInfoString(info),
      info,
      content: body.length ? `${body.join("\n")}\n` : "",
      startLine: i,
      closed: end < lines.length,
    });
    for (let k = i; k <= Math.min(end, lines.length - 1); k++) outside[k] = "";
    i = end + 1;
  }
  return { blocks, outside: outside.join("\n") };
}

function dedent(line: string, width: number): string {
  let k = 0;
  while (k < width && line[k] === " ") k++;
  return line.slice(k);
}

/**
 * Index of the closing fence (or lines.length). A nested opener with an info string (a README's example
 * block inside a whole-file block) must be closed before the outer fence can close.
 */
function findClose(lines: string[], from: number, fence: string): number {
  let depth = 0;
  for (let k = from; k < lines.length; k++) {
    const line = lines[k]!;
    const close = CLOSE.exec(line);
    if (close && close[1]![0] === fence[0] && close[1]!.length >= fence.length) {
      if (depth === 0) return k;
      depth--;
      continue;
    }
    const open = OPEN.exec(line);
    if (open && open[3]!.trim() !== "" && open[2]![0] === fence[0] && open[2]!.length === fence.length) depth++;
  }
  return lines.length;
}

/** The last non-blank line before a block, if it is just a file path ("**src/a.ts**", "File: `src/a.ts`", "### src/a.ts"). */
export function labelPathBefore(text: string, block: FencedBlock): string | undefined {
  const lines = text.split("\n");
  for (let k = block.startLine - 1; k >= 0 && k >= block.startLine - 2; k--) {
    const line = lines[k]!.trim();
    if (line === "") continue;
    const m =
      /^(?:#{1,6}\s+|[-*]\s+)?(?:\*\*|__)?(?:(?:file(?:name)?|path)\s*:\s*)?(?:\*\*|__)?`?([A-Za-z0-9_@.\-/]+\.[A-Za-z0-9]+)`?(?:\*\*|__)?\s*:?\s*(?:\*\*|__)?$/i.exec(
        line,
      );
    return m ? m[1] : undefined;
  }
  return undefined;
}
