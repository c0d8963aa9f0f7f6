import ts from "typescript";
import type { Candidate, CandidateContext, CandidateFilter } from "./candidates";
import { consumerTemplateSource, partsToText } from "./message-template";
import type { MessageParts } from "./types";
import { ERROR_CLASS_NAME, lastNameOf } from "./error-names";
import { parseJsLike } from "./parse-typescript";

function calleeName(node: ts.CallExpression | ts.NewExpression): string {
  const callee = node.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return "";
}

/** A string that creates an error (`new FooError("…")`, `throw "…"`) produces a message, it does not consume one. */
function isProducerArgument(node: ts.Node): boolean {
  const parent = node.parent;
  if (ts.isThrowStatement(parent)) return true;
  if ((ts.isNewExpression(parent) || ts.isCallExpression(parent)) && parent.expression !== node) {
    return ERROR_CLASS_NAME.test(lastNameOf(calleeName(parent)));
  }
  return false;
}

function isModuleSpecifier(node: ts.Node): boolean {
  const parent = node.parent;
  return (
    ts.isImportDeclaration(parent) ||
    ts.isExportDeclaration(parent) ||
    ts.isExternalModuleReference(parent) ||
    (ts.isCallExpression(parent) &&
      (parent.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(parent.expression) && parent.expression.text === "require")))
  );
}

/**
 * String literals, regex literals, `new RegExp("…")` and wanted identifiers of a JS/TS file. In test files every
 * string is a consumer (`toThrow(new PathError("…"))` states what is expected), and template literals match with
 * their holes.
 */
export function jsCandidates(path: string, text: string, filter: CandidateFilter, context: CandidateContext = { testFile: false }): Candidate[] {
  const source = parseJsLike(path, text);
  const found: Candidate[] = [];
  const producer = (node: ts.Node): boolean => !context.testFile && isProducerArgument(node);
  const lineOf = (node: ts.Node): number => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const addString = (value: string, node: ts.Node): void => {
    if (value.trim() !== "" && filter.relevant(value)) found.push({ type: "string", text: value, line: lineOf(node) });
  };

  const visit = (node: ts.Node): void => {
    if (ts.isRegularExpressionLiteral(node)) {
      const slash = node.text.lastIndexOf("/");
      const body = node.text.slice(1, slash);
      if (filter.relevant(body)) {
        found.push({ type: "regex", source: body, flags: node.text.slice(slash + 1), anchored: false, line: lineOf(node) });
      }
      return;
    }
    if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && calleeName(node) === "RegExp") {
      const [pattern, flags] = node.arguments ?? [];
      if (pattern && ts.isStringLiteralLike(pattern)) {
        if (filter.relevant(pattern.text)) {
          const flagText = flags && ts.isStringLiteralLike(flags) ? flags.text : "";
          found.push({ type: "regex", source: pattern.text, flags: flagText, anchored: false, line: lineOf(pattern) });
        }
        return;
      }
    }
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      if (!producer(node) && !isModuleSpecifier(node)) addString(node.text, node);
      return;
    }
    if (ts.isTemplateExpression(node)) {
      if (!producer(node)) {
        addString(node.head.text, node.head);
        for (const span of node.templateSpans) addString(span.literal.text, span.literal);
        if (context.testFile) {
          const parts: MessageParts = [node.head.text];
          for (const span of node.templateSpans) parts.push(null, span.literal.text);
          const template = consumerTemplateSource(parts);
          const shown = partsToText(parts);
          if (template !== undefined && filter.relevant(shown)) found.push({ type: "template", source: template, text: shown, line: lineOf(node) });
        }
      }
      node.templateSpans.forEach((span) => visit(span.expression));
      return;
    }
    if (ts.isJsxText(node)) {
      addString(node.text, node);
      return;
    }
    if (ts.isIdentifier(node) && filter.identifiers.has(node.text)) {
      found.push({ type: "identifier", text: node.text, line: lineOf(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
