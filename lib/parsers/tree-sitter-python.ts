/** The process-wide Python parser (web-tree-sitter + the grammar shipped by tree-sitter-python), shared by the gates. */
import { createRequire } from "node:module";
import type { Parser, Tree } from "web-tree-sitter";

let cachedParser: Promise<Parser> | undefined;

async function createPythonParser(): Promise<Parser> {
  // Resolved through node's resolver so tsx, vitest and the Next server all find the same files.
  const require = createRequire(import.meta.url);
  // Loaded here, not at import: a change without Python files never pays for the wasm runtime (~9 ms of a CLI run).
  const { Language, Parser } = require("web-tree-sitter") as typeof import("web-tree-sitter");
  const runtimeWasm = require.resolve("web-tree-sitter/tree-sitter.wasm");
  await Parser.init({ locateFile: () => runtimeWasm });
  const language = await Language.load(require.resolve("tree-sitter-python/tree-sitter-python.wasm"));
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

/** One Python parser per process: loading the wasm runtime and grammar is the expensive part. */
export function pythonParser(): Promise<Parser> {
  cachedParser ??= createPythonParser().catch((error: unknown) => {
    cachedParser = undefined; // a failed load may be retried
    throw error;
  });
  return cachedParser;
}

/** Parses, hands the tree to `use` and frees it (trees live in wasm memory, not the JS heap). */
export async function withPythonTree<T>(text: string, use: (tree: Tree) => T): Promise<T> {
  const parser = await pythonParser();
  const tree = parser.parse(text);
  if (!tree) throw new Error("tree-sitter returned no tree");
  try {
    return use(tree);
  } finally {
    tree.delete();
  }
}
