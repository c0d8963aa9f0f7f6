/**
 * Consumer candidates of a JS/TS file read from oxc-parser's AST: the same candidates, in the same order,
 * as the TypeScript compiler reader (candidates-js.ts, the reference, which still reads the files oxc
 * reports a syntax error for).
 */
import { childrenOf, jsLanguageOf, lineLocator, parseEstree, stringLikeValue, templateElementText, type EsNode } from "../../parsers/estree";
import type { Candidate, CandidateContext, CandidateFilter } from "./candidates";
import { ERROR_CLASS_NAME, lastNameOf } from "./error-names";
import { consumerTemplateSource, partsToText } from "./message-template";
import type { MessageParts } from "./types";

function calleeName(node: EsNode): string {
  const callee = node.callee as EsNode;
  if (callee.type === "Identifier") return callee.name as string;
  if (callee.type === "MemberExpression" && !callee.computed) {
    const property = callee.property as EsNode;
    return property.type === "PrivateIdentifier" ? `#${property.name as string}` : (property.name as string);
  }
  return "";
}

/** A string that creates an error (`new FooError("…")`, `throw "…"`) produces a message, it does not consume one. */
function isProducerArgument(node: EsNode, parent: EsNode | undefined): boolean {
  if (!parent) return false;
  if (parent.type === "ThrowStatement") return true;
  if ((parent.type === "NewExpression" || parent.type === "CallExpression") && parent.callee !== node) {
    return ERROR_CLASS_NAME.test(lastNameOf(calleeName(parent)));
  }
  return false;
}

function isModuleSpecifier(node: EsNode, parent: EsNode | undefined): boolean {
  if (!parent) return false;
  switch (parent.type) {
    case "ImportDeclaration":
    case "ExportNamedDeclaration":
    case "ExportAllDeclaration":
    case "TSExternalModuleReference":
    case "ImportExpression":
      return true;
    case "CallExpression": {
      const callee = parent.callee as EsNode;
      return callee.type === "Identifier" && callee.name === "require";
    }
    default:
      return false;
  }
}

/**
 * ESTree repeats a name TypeScript holds once: `{ a }` has the same `a` as key and value, `import { a }`
 * and `export { a }` as both names. The first copy is skipped.
 */
function isRepeatedName(node: EsNode, child: EsNode): boolean {
  if (node.type === "Property" && node.shorthand) return child === node.key;
  if (node.type === "ImportSpecifier") return child === node.imported && (node.local as EsNode).start === child.start;
  if (node.type === "ExportSpecifier") return child === node.local && (node.exported as EsNode).start === child.start;
  return false;
}

/** String literals, regex literals, `new RegExp("…")` and wanted identifiers (see jsCandidates); undefined when the file does not parse cleanly. */
export function jsCandidatesEstree(path: string, text: string, filter: CandidateFilter, context: CandidateContext = { testFile: false }): Candidate[] | undefined {
  // The consumer search reads every file of the repository once: the change's own files are in the memo already.
  const program = parseEstree(path, text, jsLanguageOf(path), { remember: false });
  if (!program) return undefined;
  const lineAt = lineLocator(text);
  const found: Candidate[] = [];
  const producer = (node: EsNode, parent: EsNode | undefined): boolean => !context.testFile && isProducerArgument(node, parent);
  const lineOf = (node: EsNode): number => lineAt(node.start);
  const addString = (value: string, line: number): void => {
    if (value.trim() !== "" && filter.relevant(value)) found.push({ type: "string", text: value, line });
  };

  const visit = (node: EsNode, parent: EsNode | undefined): void => {
    if (node.type === "Literal" && node.regex) {
      const { pattern, flags } = node.regex as { pattern: string; flags: string };
      if (filter.relevant(pattern)) found.push({ type: "regex", source: pattern, flags, anchored: false, line: lineOf(node) });
      return;
    }
    if ((node.type === "NewExpression" || node.type === "CallExpression") && calleeName(node) === "RegExp") {
      const [pattern, flags] = node.arguments as EsNode[];
      const patternText = stringLikeValue(pattern);
      if (patternText !== undefined) {
        if (filter.relevant(patternText)) {
          found.push({ type: "regex", source: patternText, flags: stringLikeValue(flags) ?? "", anchored: false, line: lineOf(pattern) });
        }
        return;
      }
    }
    // TypeScript's StringLiteral and NoSubstitutionTemplateLiteral, in values and in types (`` type T = `x` ``).
    const literal = stringLikeValue(node) ?? (node.type === "TSTemplateLiteralType" && (node.types as unknown[]).length === 0 ? templateElementText((node.quasis as EsNode[])[0]) : undefined);
    if (literal !== undefined) {
      if (!producer(node, parent) && !isModuleSpecifier(node, parent)) addString(literal, lineOf(node));
      return;
    }
    if (node.type === "TemplateLiteral") {
      const quasis = node.quasis as EsNode[];
      const expressions = node.expressions as EsNode[];
      if (!producer(node, parent)) {
        // Each piece starts at its backquote or `}`, as TypeScript's template head, middles and tail do.
        for (const quasi of quasis) addString(templateElementText(quasi), lineOf(quasi));
        if (context.testFile) {
          const parts: MessageParts = [templateElementText(quasis[0])];
          for (const quasi of quasis.slice(1)) parts.push(null, templateElementText(quasi));
          const template = consumerTemplateSource(parts);
          const shown = partsToText(parts);
          if (template !== undefined && filter.relevant(shown)) found.push({ type: "template", source: template, text: shown, line: lineOf(node) });
        }
      }
      for (const expression of expressions) visit(expression, node);
      return;
    }
    if (node.type === "JSXText") {
      // The raw text, as TypeScript's JsxText; its position is that of the first non-blank character.
      const value = node.value as string;
      addString(value, lineAt(node.start + Math.max(0, value.search(/\S/))));
      return;
    }
    // JSX names are identifiers in TypeScript's tree too.
    if ((node.type === "Identifier" || node.type === "JSXIdentifier") && filter.identifiers.has(node.name as string)) {
      found.push({ type: "identifier", text: node.name as string, line: lineOf(node) });
    }
    for (const child of childrenOf(node)) if (!isRepeatedName(node, child)) visit(child, node);
  };
  visit(program, undefined);
  return found;
}
