// Declarations for the two internal modules of oxc-parser that lib/parsers/oxc.ts uses (the package types only its entry).
declare module "oxc-parser/src-js/bindings.js" {
  import type { OxcError, ParserOptions } from "oxc-parser";
  /** The native result: each getter hands over (and frees) its part; `program` is the AST as JSON text. */
  export interface NativeParseResult {
    readonly program: string;
    readonly errors: OxcError[];
  }
  export function parseSync(filename: string, sourceText: string, options?: ParserOptions): NativeParseResult;
}

declare module "oxc-parser/src-js/wrap.js" {
  /** JSON.parse of the program, with BigInt and RegExp literal values restored. */
  export function jsonParseAst(programJson: string): unknown;
}
