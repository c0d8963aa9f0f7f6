/**
 * Module specifiers of a JS/TS file (or a Vue/Svelte component's `<script>`), read from oxc-parser's
 * AST: the same usages, in the same order, as the TypeScript compiler reader (extract-js-imports.ts),
 * which still reads the files oxc reports a syntax error for.
 */
import { childrenOf, jsLanguageOf, lineLocator, parseEstree, stringLikeValue, stringLiteralValue, type EsNode } from "../../parsers/estree";
import { isSingleFileComponent, sfcScriptText } from "../../parsers/sfc-script";
import type { ImportUsage } from "./types";

/** JS/TS files, and Vue/Svelte components (their `<script>` blocks). */
export function isJsLikeFile(path: string): boolean {
  return jsLanguageOf(path) !== undefined || isSingleFileComponent(path);
}

/** Every module specifier the file imports (see extractJsImports for what counts). */
export async function jsImports(path: string, text: string): Promise<ImportUsage[]> {
  const fast = jsImportsFromEstree(path, text);
  if (fast) return fast;
  const { extractJsImports } = await import("./extract-js-imports");
  return extractJsImports(path, text);
}

/** The oxc reading; undefined when the file does not parse cleanly. */
export function jsImportsFromEstree(path: string, text: string): ImportUsage[] | undefined {
  const sfc = isSingleFileComponent(path);
  const source = sfc ? sfcScriptText(text) : text;
  const program = parseEstree(path, source, sfc ? "ts" : jsLanguageOf(path));
  if (!program) return undefined;
  const lineOf = lineLocator(source);
  const found: ImportUsage[] = [];
  const add = (literal: EsNode, specifier: string, typeOnly: boolean): void => {
    const line = lineOf(literal.start);
    found.push(typeOnly ? { specifier, line, typeOnly } : { specifier, line });
  };
  const visit = (node: EsNode): void => {
    switch (node.type) {
      case "ImportDeclaration":
      case "ExportNamedDeclaration":
      case "ExportAllDeclaration": {
        const source = node.source as EsNode | null;
        const specifier = stringLiteralValue(source);
        if (source && specifier !== undefined) add(source, specifier, (node.importKind ?? node.exportKind) === "type");
        break;
      }
      case "TSImportEqualsDeclaration": {
        const reference = node.moduleReference as EsNode;
        const expression = reference.type === "TSExternalModuleReference" ? (reference.expression as EsNode) : undefined;
        const specifier = stringLiteralValue(expression);
        if (expression && specifier !== undefined) add(expression, specifier, node.importKind === "type");
        break;
      }
      case "ImportExpression": {
        const source = node.source as EsNode;
        const specifier = stringLikeValue(source);
        if (specifier !== undefined) add(source, specifier, false);
        break;
      }
      case "CallExpression": {
        const callee = node.callee as EsNode;
        const args = node.arguments as EsNode[];
        const specifier = stringLikeValue(args[0]);
        if (callee.type === "Identifier" && callee.name === "require" && args.length === 1 && specifier !== undefined) add(args[0], specifier, false);
        break;
      }
      case "TSImportType": {
        const source = node.source as EsNode;
        const specifier = stringLiteralValue(source);
        if (specifier !== undefined) add(source, specifier, true);
        break;
      }
    }
    for (const child of childrenOf(node)) visit(child);
  };
  visit(program);
  return found;
}
