import ts from "typescript";
import { scriptKindOf } from "../../parsers/script-kind";
import { isSingleFileComponent, sfcScriptText } from "../../parsers/sfc-script";
import type { ImportUsage } from "./types";

// The gate reads files with oxc (js-imports.ts); this TypeScript reader is its reference and reads
// the files oxc reports a syntax error for.
export { isJsLikeFile } from "./js-imports";

function stringArgument(node: ts.CallExpression): ts.StringLiteralLike | undefined {
  const [first] = node.arguments;
  return first && ts.isStringLiteralLike(first) ? first : undefined;
}

function isRequireCall(node: ts.CallExpression): boolean {
  return ts.isIdentifier(node.expression) && node.expression.text === "require" && node.arguments.length === 1;
}

/**
 * Every module specifier the file imports, found by parsing it with the TypeScript compiler, so that text in
 * strings and comments never counts: static imports (incl. `import type`), `export … from`, `import x = require()`,
 * `require("x")`, dynamic `import("x")` and `typeof import("x")` types. Only string-literal specifiers count.
 */
export function extractJsImports(path: string, text: string): ImportUsage[] {
  const sfc = isSingleFileComponent(path);
  const kind = sfc ? ts.ScriptKind.TS : (scriptKindOf(path) ?? ts.ScriptKind.TS);
  const source = ts.createSourceFile(path, sfc ? sfcScriptText(text) : text, ts.ScriptTarget.Latest, true, kind);
  const found: ImportUsage[] = [];
  const add = (literal: ts.Node & { text: string }, typeOnly: boolean): void => {
    const line = source.getLineAndCharacterOfPosition(literal.getStart(source)).line + 1;
    found.push(typeOnly ? { specifier: literal.text, line, typeOnly } : { specifier: literal.text, line });
  };

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier, node.importClause?.isTypeOnly === true);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier, node.isTypeOnly);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      add(node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isCallExpression(node)) {
      const literal = stringArgument(node);
      if (literal && (node.expression.kind === ts.SyntaxKind.ImportKeyword || isRequireCall(node))) add(literal, false);
    } else if (ts.isImportTypeNode(node)) {
      const argument = node.argument;
      if (ts.isLiteralTypeNode(argument) && ts.isStringLiteral(argument.literal)) add(argument.literal, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
