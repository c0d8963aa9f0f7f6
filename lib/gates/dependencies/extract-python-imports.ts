import { lineIndex } from "../../parsers/line-index";
import type { ImportUsage } from "./types";

export function isPythonFile(path: string): boolean {
  return /\.pyi?$/i.test(path);
}

/**
 * Replaces the contents of string literals and comments with spaces (newlines kept, so offsets and line numbers
 * stay those of the original text). Handles single/double quotes, triple quotes, prefixes and backslash escapes.
 */
export function blankStringsAndComments(text: string): string {
  const out = text.split("");
  let i = 0;
  const blank = (from: number, to: number): void => {
    for (let k = from; k < to; k++) if (out[k] !== "\n") out[k] = " ";
  };
  while (i < text.length) {
    const ch = text[i];
    if (ch === "#") {
      const end = text.indexOf("\n", i);
      const stop = end < 0 ? text.length : end;
      blank(i, stop);
      i = stop;
      continue;
    }
    if (ch !== '"' && ch !== "'") {
      i++;
      continue;
    }
    const triple = text.startsWith(ch.repeat(3), i);
    const quote = triple ? ch.repeat(3) : ch;
    let j = i + quote.length;
    while (j < text.length) {
      if (text[j] === "\\") {
        j += 2;
        continue;
      }
      if (!triple && text[j] === "\n") break; // unterminated single-line string: stop at the line end
      if (text.startsWith(quote, j)) {
        j += quote.length;
        break;
      }
      j++;
    }
    const stop = Math.min(j, text.length);
    blank(i, stop);
    i = stop;
  }
  return out.join("");
}

interface LogicalLine {
  text: string;
  /** Offset of `text[0]` in the source. */
  offset: number;
}

/** Joins physical lines continued by open brackets or a trailing backslash. */
function logicalLines(code: string): LogicalLine[] {
  const lines: LogicalLine[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= code.length; i++) {
    const ch = code[i];
    if (ch === "(" || ch === "[" || ch === "{") depth++;
    else if ((ch === ")" || ch === "]" || ch === "}") && depth > 0) depth--;
    const atEnd = i === code.length;
    if (atEnd || (ch === "\n" && depth === 0 && code[i - 1] !== "\\")) {
      lines.push({ text: code.slice(start, i), offset: start });
      start = i + 1;
    }
  }
  return lines;
}

const DOTTED_NAME = /^[A-Za-z_\u00c0-\uffff][\w\u00c0-\uffff]*(?:\s*\.\s*[A-Za-z_\u00c0-\uffff][\w\u00c0-\uffff]*)*$/;
/** Compound statement headers that may carry an import on the same line (`try: import ujson as json`). */
const INLINE_BLOCK_HEADER = /^(?:try|else|finally|except\b[^:]*|if\b[^:]*|elif\b[^:]*)\s*:\s*/;

function modulesOfStatement(statement: string): string[] {
  const body = statement.replace(INLINE_BLOCK_HEADER, "").replace(/\\\n/g, " ").replace(/\s+/g, " ").trim();
  const fromMatch = /^from\s+(\.*)\s*([\w.\s]*?)\s+import\b/.exec(body + " ");
  if (fromMatch) {
    if (fromMatch[1]) return []; // relative import
    const name = fromMatch[2].replace(/\s+/g, "");
    return DOTTED_NAME.test(name) ? [name] : [];
  }
  const importMatch = /^import\s+(.+)$/.exec(body);
  if (!importMatch) return [];
  return importMatch[1]
    .replace(/[()]/g, "")
    .split(",")
    .map((part) => part.trim().replace(/\s+as\s+\S+$/, "").replace(/\s+/g, ""))
    .filter((name) => DOTTED_NAME.test(name));
}

/**
 * Calls that import a module named by a string literal: `importlib.import_module("yaml")`, `__import__("yaml")`,
 * and a bare `import_module("yaml")` when the file imports it from importlib. Relative names (".x") are local.
 */
const DYNAMIC_IMPORT_CALL = /(?<![\w.])(importlib\s*\.\s*import_module|import_module|__import__)\s*\(/g;
const BARE_IMPORT_MODULE = /^\s*from\s+importlib\s+import\b[^\n]*\bimport_module\b/m;

function dynamicImports(source: string, code: string, lineAt: (offset: number) => number): ImportUsage[] {
  const found: ImportUsage[] = [];
  const bareAllowed = BARE_IMPORT_MODULE.test(code);
  for (const m of code.matchAll(DYNAMIC_IMPORT_CALL)) {
    if (m[1] === "import_module" && !bareAllowed) continue;
    const at = (m.index ?? 0) + m[0].length;
    // The literal's text is blanked in `code`; read it from the source at the same offset.
    const literal = /^(\s*)[rRuU]?(["'])([^"'\\\n]*)\2/.exec(source.slice(at, at + 300));
    if (!literal) continue; // a computed name cannot be checked
    const name = literal[3].trim();
    if (DOTTED_NAME.test(name)) found.push({ specifier: name, line: lineAt(at + literal[1].length) });
  }
  return found;
}

/** `if TYPE_CHECKING:` / `if typing.TYPE_CHECKING:` / `if t.TYPE_CHECKING:` (the header; a body may follow on the line). */
const TYPE_CHECKING_HEADER = /^if\s+(?:[A-Za-z_]\w*\s*\.\s*)?TYPE_CHECKING\s*:/;

function indentOf(text: string): number {
  return text.length - text.replace(/^[ \t]+/, "").length;
}

/**
 * Absolute module names imported by a Python file (`import a.b`, `from a.b import c`, and dynamic imports of a
 * literal name), with their line. Imports inside `if TYPE_CHECKING:` are `typeOnly`: they never run.
 */
export function extractPythonImports(text: string): ImportUsage[] {
  // CRLF → LF keeps line numbers and lets a trailing backslash be seen as a continuation.
  const source = text.replace(/\r\n/g, "\n");
  const code = blankStringsAndComments(source);
  const lineAt = lineIndex(code);
  const found: ImportUsage[] = [];
  /** Indentation of the open `if TYPE_CHECKING:` header, while inside its block. */
  let typingBlock: number | undefined;
  for (const logical of logicalLines(code)) {
    const body = logical.text.replace(/^\n+/, "");
    if (body.trim() === "") continue;
    const indent = indentOf(body);
    if (typingBlock !== undefined && indent <= typingBlock) typingBlock = undefined; // dedent (or `else:`) ends it
    const header = TYPE_CHECKING_HEADER.test(body.trim());
    if (header && typingBlock === undefined) typingBlock = indent;
    const typeOnly = typingBlock !== undefined;
    let cursor = 0;
    for (const statement of logical.text.split(";")) {
      const leading = statement.length - statement.trimStart().length;
      const line = lineAt(logical.offset + cursor + leading);
      for (const specifier of modulesOfStatement(statement.trim())) found.push(typeOnly ? { specifier, line, typeOnly } : { specifier, line });
      cursor += statement.length + 1;
    }
  }
  found.push(...dynamicImports(source, code, lineAt));
  return found;
}
