/**
 * JS/TS source as an ESTree / TS-ESTree AST from oxc-parser (native, no TypeScript compiler loaded),
 * for readers that used to walk the TypeScript compiler's AST. A file the parser reports any error
 * for gives `undefined`: the caller then reads it with the TypeScript compiler as before, so files
 * with syntax errors (and sloppy-mode scripts, which do not parse as modules) keep their results.
 */
import { visitorKeys } from "oxc-parser";
import { nestingEstimate, SAFE_NESTING } from "./nesting-estimate";
import { parseOxc } from "./oxc";
import { lineAt, scriptLineStarts } from "./line-index";

/** The fields the readers use; oxc gives UTF-16 `start`/`end` offsets like TypeScript's positions. */
export interface EsNode {
  type: string;
  start: number;
  end: number;
  [field: string]: unknown;
}

export type JsLanguage = "js" | "jsx" | "ts" | "tsx";

const LANGUAGES = new Map<string, JsLanguage>([
  [".ts", "ts"],
  [".mts", "ts"],
  [".cts", "ts"],
  [".tsx", "tsx"],
  [".js", "js"],
  [".mjs", "js"],
  [".cjs", "js"],
  [".jsx", "jsx"],
]);

/** The language of a JS/TS file by extension, as scriptKindOf (lib/parsers/script-kind) reads it; undefined: not JS/TS. */
export function jsLanguageOf(path: string): JsLanguage | undefined {
  const match = /\.[^./]+$/.exec(path);
  return match ? LANGUAGES.get(match[0].toLowerCase()) : undefined;
}

/**
 * The latest parses by language and text. One check reads a changed file several times — its imports
 * (dependencies gate), its error contract, then again as a possible consumer at its new text — and
 * every reader only reads the tree. Bounded by source size, least recently used first out.
 */
const recentParses = new Map<string, EsNode | undefined>();
let recentBytes = 0;
const RECENT_PARSE_BYTES = 4 * 1024 * 1024;

function remember(key: string, program: EsNode | undefined): void {
  recentParses.set(key, program);
  recentBytes += key.length;
  for (const oldest of recentParses.keys()) {
    if (recentBytes <= RECENT_PARSE_BYTES) break;
    recentParses.delete(oldest);
    recentBytes -= oldest.length;
  }
}

/** Drops the remembered parses: what a new process has (benchmarks compare like with like). */
export function forgetRecentParses(): void {
  recentParses.clear();
  recentBytes = 0;
}

/**
 * The program, or undefined when oxc reports an error or the source nests too deeply for the native
 * parser's stack. Languages as the TypeScript compiler reads the same file: JS files may contain
 * JSX, `.ts` files may not, and an unknown extension is TypeScript. The tree may be shared with other
 * callers (see recentParses): never modify it. `remember: false` reads the memo without adding to it,
 * for a pass over many files each read once (kept, their trees would outlive the pass and cost the GC).
 */
export function parseEstree(
  path: string,
  text: string,
  language: JsLanguage | undefined = jsLanguageOf(path),
  options: { remember?: boolean } = {},
): EsNode | undefined {
  const lang = language === "js" || language === "jsx" ? "jsx" : (language ?? "ts");
  const key = `${lang}\0${text}`;
  if (recentParses.has(key)) {
    const program = recentParses.get(key);
    recentParses.delete(key); // re-inserted: most recently used
    recentParses.set(key, program);
    return program;
  }
  const program = parseUncached(lang, text);
  if (options.remember !== false) remember(key, program);
  return program;
}

function parseUncached(lang: "jsx" | "ts" | "tsx", text: string): EsNode | undefined {
  if (nestingEstimate(text) > SAFE_NESTING) return undefined;
  try {
    const result = parseOxc(`file.${lang}`, text, { lang, sourceType: "module", preserveParens: true });
    return result.errors.length === 0 ? (result.program as unknown as EsNode) : undefined;
  } catch {
    return undefined;
  }
}

export function isEsNode(value: unknown): value is EsNode {
  return typeof value === "object" && value !== null && typeof (value as EsNode).type === "string";
}

/** The child nodes of `node` in source order (the parser's visitor keys). */
export function childrenOf(node: EsNode): EsNode[] {
  const keys = (visitorKeys as Record<string, readonly string[] | undefined>)[node.type];
  const out: EsNode[] = [];
  if (!keys) return out;
  for (const key of keys) {
    const value = node[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isEsNode(item)) out.push(item);
    } else if (isEsNode(value)) {
      out.push(value);
    }
  }
  return out;
}

/** 1-based line of an offset; lines break at \r\n, \r, \n, U+2028 and U+2029, as in the TypeScript compiler. */
export function lineLocator(text: string): (offset: number) => number {
  const starts = scriptLineStarts(text);
  return (offset) => lineAt(starts, offset) + 1;
}

/** A string literal's value (`"x"`, `'x'`), or a template literal's without substitutions (`` `x` ``): TS's StringLiteralLike. */
export function stringLikeValue(node: EsNode | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === "Literal" && typeof node.value === "string") return node.value;
  if (node.type === "TemplateLiteral" && (node.expressions as unknown[]).length === 0) return templateElementText((node.quasis as EsNode[])[0]);
  return undefined;
}

/** Only a string literal (TS's isStringLiteral). */
export function stringLiteralValue(node: EsNode | null | undefined): string | undefined {
  return node && node.type === "Literal" && typeof node.value === "string" ? node.value : undefined;
}

/** A template piece's text as the TypeScript compiler gives it (cooked; raw when the escape is invalid). */
export function templateElementText(element: EsNode | undefined): string {
  const value = element?.value as { cooked: string | null; raw: string } | undefined;
  return value?.cooked ?? value?.raw ?? "";
}
