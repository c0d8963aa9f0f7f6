/**
 * One function's complexity scores, as reported by the language analyzers.
 *
 * Position convention (ESLint's): `line` is 1-based and `column` is 1-based, i.e. exactly the
 * `line`/`column` ESLint prints for its `complexity` message on that function (the function
 * "head": the `function` keyword, the method/property key, or the `=>` of an arrow).
 */
export interface FunctionComplexity {
  name: string;
  line: number;
  column: number;
  /** 1-based line where the function's node ends. */
  endLine: number;
  /** 1-based column just past the function's last character (optional: used to nest one-liners). */
  endColumn?: number;
  cyclomatic: number;
  cognitive: number;
}

/** Thrown by an analyzer when the source does not parse. `line`/`column` are 1-based. */
export class ParseError extends Error {
  readonly path: string;
  readonly line: number;
  readonly column: number;

  constructor(path: string, line: number, column: number, reason: string) {
    super(`${path}:${line}:${column}: ${reason}`);
    this.name = "ParseError";
    this.path = path;
    this.line = line;
    this.column = column;
  }
}
