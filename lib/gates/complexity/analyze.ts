/** Picks the complexity analyzer for a file by its extension; each is loaded on first use. */
import type { FunctionComplexity } from "./types";

const JAVASCRIPT_EXTENSIONS = new Set([".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts"]);
const PYTHON_EXTENSIONS = new Set([".py"]);

function extensionOf(path: string): string {
  const base = path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1);
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot).toLowerCase() : "";
}

/** Declaration files hold no function bodies worth scoring. */
function isDeclarationFile(path: string): boolean {
  return /\.d\.[cm]?ts$/i.test(path);
}

export function isAnalyzable(path: string): boolean {
  return notAnalyzableReason(path) === null;
}

/** Why `path` is not analyzed ("declaration file", "unsupported file type"), or null when it is. */
export function notAnalyzableReason(path: string): string | null {
  const ext = extensionOf(path);
  if (PYTHON_EXTENSIONS.has(ext)) return null;
  if (!JAVASCRIPT_EXTENSIONS.has(ext)) return "unsupported file type";
  return isDeclarationFile(path) ? "declaration file" : null;
}

/** Per-function complexity of one file. Rejects with ParseError on a syntax error. */
export async function analyzeFile(path: string, text: string): Promise<FunctionComplexity[]> {
  const ext = extensionOf(path);
  if (PYTHON_EXTENSIONS.has(ext)) return (await import("./python")).analyzePython(path, text);
  if (JAVASCRIPT_EXTENSIONS.has(ext)) return (await import("./javascript")).analyzeJavaScript(path, text);
  throw new Error(`no complexity analyzer for ${path}`);
}
