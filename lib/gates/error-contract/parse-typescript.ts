import ts from "typescript";
import { scriptKindOf } from "../../parsers/script-kind";
import { ContractParseError } from "./parse-error";

export { isJsLikePath } from "./js-path";

export function parseJsLike(path: string, text: string): ts.SourceFile {
  const kind = scriptKindOf(path) ?? ts.ScriptKind.TS;
  return ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, kind);
}

/**
 * Parses and rejects syntax errors. createSourceFile never throws, so the syntactic diagnostics come from a
 * one-file program (public API; no type checking, no lib files).
 */
export function parseJsLikeStrict(path: string, text: string): ts.SourceFile {
  const source = parseJsLike(path, text);
  const host: ts.CompilerHost = {
    getSourceFile: (name) => (name === path ? source : undefined),
    getDefaultLibFileName: () => "lib.d.ts",
    writeFile: () => undefined,
    getCurrentDirectory: () => "/",
    getCanonicalFileName: (name) => name,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => "\n",
    fileExists: (name) => name === path,
    readFile: (name) => (name === path ? text : undefined),
  };
  const program = ts.createProgram({
    rootNames: [path],
    options: { noLib: true, noResolve: true, allowJs: true, jsx: ts.JsxEmit.Preserve },
    host,
  });
  const [first] = program.getSyntacticDiagnostics(source);
  if (first) {
    const line = first.start === undefined ? 1 : source.getLineAndCharacterOfPosition(first.start).line + 1;
    throw new ContractParseError(path, line, ts.flattenDiagnosticMessageText(first.messageText, " "));
  }
  return source;
}
