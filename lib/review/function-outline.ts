/**
 * The functions of a JS/TS file with their line ranges, for the Change page summary. Read with the
 * TypeScript parser, which the web server loads as an external package (the complexity gate's native
 * parser is for the worker and the CLI): names and positions only, no scores.
 */
import ts from "typescript";
import type { FunctionComplexity } from "../gates/complexity/types";
import { scriptKindOf } from "../parsers/script-kind";



function nameOf(node: ts.Node): string | null {
  const text = (n: ts.Node | undefined): string | null =>
    n && (ts.isIdentifier(n) || ts.isStringLiteral(n) || ts.isNumericLiteral(n) || ts.isPrivateIdentifier(n)) ? n.text : null;
  if (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node)) {
    if (node.name) return node.name.text;
  }
  if (ts.isConstructorDeclaration(node)) return "constructor";
  if (ts.isMethodDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)) return text(node.name) ?? "(computed)";
  if (ts.isFunctionDeclaration(node)) return "default";
  // An anonymous function takes the name it is assigned to (const f = () => …, { f: () => … }).
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent)) return text(parent.name);
  if (parent && ts.isPropertyAssignment(parent)) return text(parent.name);
  if (parent && ts.isPropertyDeclaration(parent)) return text(parent.name);
  if (parent && ts.isBinaryExpression(parent) && ts.isPropertyAccessExpression(parent.left)) return parent.left.name.text;
  return null;
}

const FUNCTION_KINDS = new Set([
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.FunctionExpression,
  ts.SyntaxKind.ArrowFunction,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.Constructor,
  ts.SyntaxKind.GetAccessor,
  ts.SyntaxKind.SetAccessor,
]);

/** Named functions of the file; throws when the file does not parse. Anonymous callbacks are left out. */
export function outlineFunctions(path: string, text: string): FunctionComplexity[] {
  const kind = scriptKindOf(path);
  if (kind === undefined) return [];
  const sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, kind);
  const diagnostics = (sf as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics ?? [];
  if (diagnostics.length > 0) throw new Error(`${path} does not parse`);
  const out: FunctionComplexity[] = [];
  const visit = (node: ts.Node) => {
    if (FUNCTION_KINDS.has(node.kind)) {
      const name = nameOf(node);
      if (name) {
        const start = sf.getLineAndCharacterOfPosition(node.getStart(sf));
        const end = sf.getLineAndCharacterOfPosition(node.getEnd());
        out.push({ name, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1, cyclomatic: 0, cognitive: 0 });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}
