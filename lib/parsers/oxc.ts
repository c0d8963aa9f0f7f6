/**
 * oxc-parser's native parse, reading only the program and the errors. The package's `parseSync`
 * also materialises the module record and every comment as JavaScript objects, which no gate reads
 * (about a quarter of the parse on real files). The tree is the one `parseSync` returns: the same
 * JSON, with BigInt and RegExp literal values restored by the package's own jsonParseAst.
 */
import type { OxcError, ParserOptions } from "oxc-parser";
import { parseSync as parseSyncBinding } from "oxc-parser/src-js/bindings.js";
import { jsonParseAst } from "oxc-parser/src-js/wrap.js";

export interface OxcParse {
  program: unknown;
  errors: OxcError[];
}

export function parseOxc(filename: string, text: string, options: ParserOptions): OxcParse {
  const result = parseSyncBinding(filename, text, options);
  const errors = result.errors;
  return { program: jsonParseAst(result.program), errors };
}
