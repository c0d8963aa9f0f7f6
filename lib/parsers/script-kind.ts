/** Which TypeScript ScriptKind parses a JS/TS file, by extension (undefined: not JS/TS). */
import ts from "typescript";

const SCRIPT_KINDS = new Map<string, ts.ScriptKind>([
  [".ts", ts.ScriptKind.TS],
  [".mts", ts.ScriptKind.TS],
  [".cts", ts.ScriptKind.TS],
  [".tsx", ts.ScriptKind.TSX],
  [".js", ts.ScriptKind.JS],
  [".mjs", ts.ScriptKind.JS],
  [".cjs", ts.ScriptKind.JS],
  [".jsx", ts.ScriptKind.JSX],
]);

export function scriptKindOf(path: string): ts.ScriptKind | undefined {
  const match = /\.[^./]+$/.exec(path);
  return match ? SCRIPT_KINDS.get(match[0].toLowerCase()) : undefined;
}
