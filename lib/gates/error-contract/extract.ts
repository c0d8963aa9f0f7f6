import { extractJsContractEstree } from "./extract-js-estree";
import { extractPythonContract } from "./extract-python";
import { isJsLikePath } from "./js-path";
import type { ContractEntry } from "./types";

export interface ExtractOptions {
  /** Error classes defined elsewhere in the repository (repo-error-classes.ts): `BadParameter(…)` is an error site. */
  knownErrorClasses?: ReadonlySet<string>;
}

export { ContractParseError } from "./parse-error";
export type { ContractEntry } from "./types";

export function isPythonPath(path: string): boolean {
  return /\.pyi?$/i.test(path);
}

/** Whether the gate understands this file's language (JS/TS/JSX/TSX or Python). */
export function isContractSourcePath(path: string): boolean {
  return isJsLikePath(path) || isPythonPath(path);
}

/**
 * Error contract of one file: thrown/raised messages, error classes, error codes, HTTP error statuses and bodies,
 * and messages given to error loggers. Returns [] for other languages; rejects with ContractParseError when the
 * file does not parse.
 */
export async function extractErrorContract(path: string, text: string, options: ExtractOptions = {}): Promise<ContractEntry[]> {
  if (isJsLikePath(path)) {
    // oxc reads the file; what it reports a syntax error for, the TypeScript compiler reads (and names the error).
    const fast = extractJsContractEstree(path, text, options);
    return fast ?? (await import("./extract-js")).extractJsContract(path, text, options);
  }
  if (isPythonPath(path)) return extractPythonContract(path, text, options);
  return [];
}
