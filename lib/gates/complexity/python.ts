/**
 * Per-function complexity of Python source: one tree-sitter parse, one walk.
 *
 * Reported: every `def` / `async def` (functions, methods, nested functions, decorated ones), in
 * source order. Lambdas and classes are not reported (radon reports neither as functions); a
 * lambda's content counts towards the function around it.
 *
 * Names follow radon's `fullname`: `name` for functions and closures, `Class.name` for a def whose
 * nearest enclosing scope is a class (`Inner.name` for a nested class, as radon does). Position:
 * `line`/`column` (1-based) of the `def` keyword, or of `async` for `async def` — radon's
 * `lineno`/`col_offset + 1`; decorators are not part of the position (Python >= 3.8 semantics).
 *
 * CYCLOMATIC — radon's `cc` (radon/visitors.py `ComplexityVisitor`; checked against Debian's
 * radon 5.1.0 source, match rule from radon 6 / rubik/radon PR #227):
 *  - a function starts at 1 and only its *body* counts: decorators, default values and
 *    annotations count nowhere (radon's `visit_FunctionDef` visits `node.body` only);
 *  - `if` / `elif` +1 (an `elif` is a nested `If`), `else` of an `if` +0;
 *  - `for` / `async for` / `while` +1, and +1 more when they have an `else` block;
 *  - `try`: +1 per `except` handler, +1 when it has an `else` block, `finally` +0;
 *  - boolean operators: `BoolOp` adds `len(values) - 1`, i.e. +1 per `and` / `or` operator;
 *  - conditional expression (`IfExp`) +1;
 *  - comprehensions / generator expressions: +1 per `for` clause, +1 per `if` clause;
 *  - `assert` +1, and nothing inside it counts (radon's `visit_Assert` does not descend);
 *  - `match`: +1 per `case`, minus 1 when some case's pattern is a bare name or `_` (radon's
 *    `getattr(case.pattern, "pattern", False) is None`, i.e. an irrefutable `MatchAs`), never
 *    below 0; guards add only their own boolean operators / conditional expressions;
 *  - `with`, `lambda`, `return`, `break`, `continue`, `raise` +0; a lambda's content counts in the
 *    enclosing function (radon issue #68);
 *  - nested functions are scored on their own and add nothing to the enclosing function; code in
 *    a class body (outside its methods) belongs to the class, not to an enclosing function.
 *  Deliberate deviations: `except*` handlers count like `except` (radon 5.1 matches the node names
 *  `Try` / `TryExcept` only, so Python 3.11's `TryStar` adds nothing there); radon drops methods of
 *  classes defined inside a function from its report, we report them. radon's `endline` is the
 *  line of the last statement's start; ours is where the def's node ends.
 *
 * COGNITIVE — the Sonar white paper as SonarPython implements it (python-frontend
 * `CognitiveComplexityVisitor`, rule S3776):
 *  - `if` +1+nesting; `elif` +1; every `else` (of `if`, `for`, `while`, `try`) +1;
 *  - `for` / `async for` / `while` +1+nesting; each `except` +1+nesting;
 *  - conditional expression +1+nesting, and its operands are one level deeper;
 *  - boolean operators: +1 per run of like operators in a flattened `and`/`or` chain
 *    (`a and b and c` +1, `a and b or c` +2; parentheses start a new chain);
 *  - comprehensions, `with`, `assert`, recursion, `break` / `continue` +0;
 *  - a def's decorators, default values and annotations are part of it (S3776 scans the whole
 *    FunctionDef), unlike for radon;
 *  - nesting: the blocks of `if` / `elif` / `else` / `for` / `while` / `except` / `case` are one
 *    level deeper; the blocks of `try`, `finally`, `with`, `def` and `class` are not;
 *  - a function counts everything inside it, nested functions and classes included (S3776 scores
 *    outermost functions this way); a nested def is one level deeper than the place it is defined,
 *    except in a "wrapper" (the outer body holds only the def and `return <name>` statements),
 *    where it stays at the same level; a class resets the level to 0. Each nested def is also
 *    reported with its own score, computed as S3776 would if it were outermost.
 *  Deliberate deviations, where SonarPython has no rule and the white paper has one: `match` counts
 *  like a `switch` (+1+nesting; SonarPython only nests its case blocks), and a lambda's content is
 *  one level deeper (white paper: "nested methods and lambdas"; SonarPython does not nest them).
 *
 * SYNTAX — PythonParseError for any ERROR / MISSING node, and for an empty block (tree-sitter takes
 * `def f():` followed by a dedent as an empty body; CPython rejects it). A leading byte order mark
 * is ignored, and indentation with a tab after a space is read as CPython reads it (tab to the next
 * multiple of 8; tree-sitter-python's scanner adds 8). Other tree-sitter leniencies stay (e.g.
 * Python 2 `print` statements parse, an inconsistent dedent is not rejected).
 */
import type { Node, Parser, Point, TreeCursor } from "web-tree-sitter";
import { pythonParser } from "../../parsers/tree-sitter-python";
import { ParseError, type FunctionComplexity } from "./types";

/** Thrown when the source has a syntax error; `line`/`column` point at the first one (1-based). */
export class PythonParseError extends ParseError {
  constructor(path: string, line: number, column: number, reason: string) {
    super(path, line, column, reason);
    this.name = "PythonParseError";
  }
}

interface PythonParser {
  parser: Parser;
  /** Type name per node type id. */
  types: readonly string[];
  /** Per node type id: 1 for tokens and named leaves, which no rule looks into (the walk skips them). */
  skipped: Uint8Array;
}

/** Named node types that never contain anything a rule counts. */
const LEAF_TYPES = new Set([
  "identifier",
  "integer",
  "float",
  "true",
  "false",
  "none",
  "ellipsis",
  "comment",
  "string_start",
  "string_content",
  "string_end",
  "escape_sequence",
]);

let parserPromise: Promise<PythonParser> | null = null;

async function createParser(): Promise<PythonParser> {
  const parser = await pythonParser();
  const language = parser.language!;
  const skipped = new Uint8Array(language.types.length);
  language.types.forEach((type, id) => {
    skipped[id] = !language.nodeTypeIsNamed(id) || LEAF_TYPES.has(type) ? 1 : 0;
  });
  return { parser, types: language.types, skipped };
}

/** One parser per process; a failed initialisation is retried by the next call. */
function getParser(): Promise<PythonParser> {
  if (!parserPromise) {
    parserPromise = createParser().catch((error: unknown) => {
      parserPromise = null;
      throw error;
    });
  }
  return parserPromise;
}

/** Source as handed to tree-sitter, and how to turn its positions back into the file's. */
interface PreparedSource {
  text: string;
  /** 1-based line and column in the original file of a tree-sitter point. */
  locate(point: Point): { line: number; column: number };
}

const SPACE_THEN_TAB_INDENT = /^[ \t\f]* \t/;

/**
 * CPython ignores a leading byte order mark, and a tab in indentation moves to the next multiple
 * of 8 where tree-sitter-python's scanner adds 8: both would misplace blocks. Lines whose
 * indentation has a tab after a space (the only case where the two disagree) are re-indented
 * with spaces; positions on them are mapped back.
 */
function prepareSource(original: string): PreparedSource {
  const text = original.charCodeAt(0) === 0xfeff ? original.slice(1) : original;
  if (!text.includes(" \t")) return { text, locate: (p) => ({ line: p.row + 1, column: p.column + 1 }) };
  const shifts = new Map<number, { from: number; by: number }>();
  const lines = text.split("\n").map((line, row) => {
    if (!SPACE_THEN_TAB_INDENT.test(line)) return line;
    const indent = /^[ \t\f]*/.exec(line)?.[0] ?? "";
    let width = 0;
    for (const char of indent) width = char === "\t" ? width + 8 - (width % 8) : char === "\f" ? 0 : width + 1;
    shifts.set(row, { from: width, by: width - indent.length });
    return " ".repeat(width) + line.slice(indent.length);
  });
  return {
    text: lines.join("\n"),
    locate: (p) => {
      const shift = shifts.get(p.row);
      const column = shift && p.column >= shift.from ? p.column - shift.by : p.column;
      return { line: p.row + 1, column: column + 1 };
    },
  };
}

/** Pre-order first ERROR or MISSING node, descending only into subtrees that contain one. */
function firstSyntaxProblem(node: Node): Node | null {
  if (node.isError || node.isMissing) return node;
  if (!node.hasError) return null;
  for (const child of node.children) {
    const found = child && firstSyntaxProblem(child);
    if (found) return found;
  }
  return null;
}

function syntaxProblemReason(node: Node): string {
  if (node.isMissing) return `syntax error: missing ${JSON.stringify(node.type)}`;
  const snippet = node.text.split("\n", 1)[0].slice(0, 40);
  return snippet ? `syntax error near ${JSON.stringify(snippet)}` : "syntax error";
}

/** A reported function while the walk is inside it. */
interface FunctionFrame {
  result: FunctionComplexity;
  /**
   * SonarPython's nesting-level stack as seen from this function's own scan: one entry per def or
   * class scope from this function inwards; the top is the level of the code being walked.
   */
  levels: number[];
}

interface Scope {
  kind: "function" | "class";
  node: Node;
  name: string;
}

/** Block parents whose block is one nesting level deeper (SonarPython: all but try/finally/with/def/class). */
const NESTING_BLOCK_PARENTS = new Set([
  "if_statement",
  "elif_clause",
  "else_clause",
  "for_statement",
  "while_statement",
  "except_clause",
  "case_clause",
]);

const COMPREHENSIONS = new Set([
  "list_comprehension",
  "set_comprehension",
  "dictionary_comprehension",
  "generator_expression",
]);

function hasChildOfType(node: Node, type: string): boolean {
  for (const child of node.children) if (child?.type === type) return true;
  return false;
}

/** The pattern without grouping parentheses: `(x)` is a group, `(x,)` a sequence. */
function ungroup(pattern: Node): Node | null {
  const inner = pattern.namedChildren.filter((child): child is Node => child !== null);
  if (pattern.type === "case_pattern") {
    if (inner.length === 1) return ungroup(inner[0]);
    // `_` is an anonymous token inside case_pattern.
    return pattern.childCount === 1 && pattern.child(0)?.type === "_" ? pattern.child(0) : pattern;
  }
  if (pattern.type === "tuple_pattern" && inner.length === 1 && !hasChildOfType(pattern, ",")) {
    return ungroup(inner[0]);
  }
  return pattern;
}

/** radon's wildcard test: the case pattern is a capture name or `_` (a `MatchAs` without sub-pattern). */
function isIrrefutableNamePattern(caseClause: Node): boolean {
  const patterns = caseClause.children.filter((child): child is Node => child?.type === "case_pattern");
  if (patterns.length !== 1 || hasChildOfType(caseClause, ",")) return false; // `case a, b:` / `case a,:` are sequences
  const pattern = ungroup(patterns[0]);
  if (!pattern) return false;
  if (pattern.type === "_") return true;
  if (pattern.type === "identifier") return true;
  return pattern.type === "dotted_name" && pattern.namedChildCount === 1;
}

function definitionOf(statement: Node): Node | null {
  if (statement.type === "decorated_definition") return statement.childForFieldName("definition");
  return statement;
}

/** `return <name>` with exactly one plain name (SonarPython's `isSimpleReturn`). */
function isSimpleReturn(statement: Node): boolean {
  if (statement.type !== "return_statement") return false;
  const values = statement.namedChildren.filter((child): child is Node => child !== null && child.type !== "comment");
  return values.length === 1 && values[0].type === "identifier";
}

/**
 * SonarPython's wrapper test: every statement of the enclosing function's body, other than the
 * nested def itself, is a simple `return name` (a docstring is a statement, so it disqualifies).
 */
function isWrapperFunction(outer: Node, inner: Node): boolean {
  const body = outer.childForFieldName("body");
  if (!body) return false;
  for (const statement of body.namedChildren) {
    if (!statement || statement.type === "comment") continue;
    if (definitionOf(statement)?.id === inner.id) continue;
    if (!isSimpleReturn(statement)) return false;
  }
  return true;
}

/** Operator types of a flattened `and`/`or` chain, left to right (SonarPython's `flattenOperators`). */
function flattenBooleanOperators(node: Node, out: string[]): void {
  const left = node.childForFieldName("left");
  if (left?.type === "boolean_operator") flattenBooleanOperators(left, out);
  out.push(node.childForFieldName("operator")?.type ?? "");
  const right = node.childForFieldName("right");
  if (right?.type === "boolean_operator") flattenBooleanOperators(right, out);
}

/** Cursor-driven walk (node objects are made only where a rule needs one: a cursor is much cheaper). */
class ComplexityWalker {
  private readonly results: FunctionComplexity[] = [];
  private readonly frames: FunctionFrame[] = [];
  private readonly scopes: Scope[] = [];
  /** The function radon would credit with a decision here; null in decorators, parameters, class bodies, asserts. */
  private cyclomaticTarget: FunctionFrame | null = null;
  /** Per open `match`: whether one of its cases is a bare-name / `_` pattern. */
  private readonly matchWildcards: boolean[] = [];

  constructor(
    private readonly path: string,
    private readonly source: PreparedSource,
    private readonly python: PythonParser,
    private readonly cursor: TreeCursor,
  ) {}

  run(): FunctionComplexity[] {
    this.visitChildren("module");
    return this.results;
  }

  private addCyclomatic(amount: number): void {
    if (this.cyclomaticTarget) this.cyclomaticTarget.result.cyclomatic += amount;
  }

  /** A structural increment: every enclosing function gets 1 + its own current nesting level. */
  private addCognitiveWithNesting(): void {
    for (const frame of this.frames) frame.result.cognitive += 1 + frame.levels[frame.levels.length - 1];
  }

  private addCognitive(amount: number): void {
    for (const frame of this.frames) frame.result.cognitive += amount;
  }

  private nest(delta: number): void {
    for (const frame of this.frames) frame.levels[frame.levels.length - 1] += delta;
  }

  /** Visits the children of the cursor's node and returns the cursor to it. */
  private visitChildren(type: string): void {
    const cursor = this.cursor;
    if (!cursor.gotoFirstChild()) {
      // tree-sitter accepts `def f():` followed by a dedent as an empty block; CPython does not.
      if (type === "block") throw this.emptyBlockError();
      return;
    }
    const { types, skipped } = this.python;
    do {
      const id = cursor.nodeTypeId;
      if (!skipped[id]) this.visit(types[id] ?? "ERROR", type);
    } while (cursor.gotoNextSibling());
    cursor.gotoParent();
  }

  private emptyBlockError(): PythonParseError {
    const at = this.source.locate(this.cursor.startPosition);
    return new PythonParseError(this.path, at.line, at.column, "syntax error: expected an indented block");
  }

  private visitNested(type: string): void {
    this.nest(1);
    this.visitChildren(type);
    this.nest(-1);
  }

  private visitWithoutCyclomatic(type: string): void {
    const saved = this.cyclomaticTarget;
    this.cyclomaticTarget = null;
    this.visitChildren(type);
    this.cyclomaticTarget = saved;
  }

  /** Visits the cursor's node, of type `type`, whose parent is of type `parentType`. */
  private visit(type: string, parentType: string): void {
    switch (type) {
      case "decorated_definition":
        return this.visitDecorated();
      case "function_definition":
      case "class_definition": {
        const scope = this.openScope(this.cursor.currentNode);
        this.visitScopeContents(scope);
        return this.closeScope(scope);
      }
      case "block":
        if (NESTING_BLOCK_PARENTS.has(parentType)) return this.visitNested(type);
        break;
      case "if_statement":
        this.addCyclomatic(1);
        this.addCognitiveWithNesting();
        break;
      case "elif_clause":
        this.addCyclomatic(1);
        this.addCognitive(1);
        break;
      case "else_clause":
        // radon: a loop's or a try's `else` +1, an if's `else` +0 (bool(node.orelse): one else at most).
        if (parentType !== "if_statement") this.addCyclomatic(1);
        this.addCognitive(1);
        break;
      case "for_statement":
      case "while_statement":
        this.addCyclomatic(1);
        this.addCognitiveWithNesting();
        break;
      case "except_clause":
        this.addCyclomatic(1);
        this.addCognitiveWithNesting();
        break;
      case "conditional_expression":
        this.addCyclomatic(1);
        this.addCognitiveWithNesting();
        return this.visitNested(type);
      case "boolean_operator":
        this.addCyclomatic(1);
        // An operand chain was already scored with the chain's outermost operator.
        if (parentType !== "boolean_operator") this.scoreBooleanChain(this.cursor.currentNode);
        break;
      case "for_in_clause":
        if (COMPREHENSIONS.has(parentType)) this.addCyclomatic(1);
        break;
      case "if_clause":
        // Also the node of a `case` guard, which radon does not count.
        if (COMPREHENSIONS.has(parentType)) this.addCyclomatic(1);
        break;
      case "assert_statement":
        this.addCyclomatic(1);
        return this.visitWithoutCyclomatic(type);
      case "match_statement":
        return this.visitMatch();
      case "case_clause":
        this.addCyclomatic(1);
        if (isIrrefutableNamePattern(this.cursor.currentNode)) this.matchWildcards[this.matchWildcards.length - 1] = true;
        break;
      case "lambda":
        return this.visitNested(type);
    }
    this.visitChildren(type);
  }

  private visitMatch(): void {
    this.addCognitiveWithNesting();
    this.matchWildcards.push(false);
    const target = this.cyclomaticTarget;
    this.visitChildren("match_statement");
    // radon: len(cases) - any(wildcard); a wildcard implies at least one case, so never below 0.
    if (this.matchWildcards.pop() && target) target.result.cyclomatic -= 1;
  }

  private scoreBooleanChain(node: Node): void {
    const operators: string[] = [];
    flattenBooleanOperators(node, operators);
    let sequences = 0;
    operators.forEach((operator, i) => {
      if (i === 0 || operators[i - 1] !== operator) sequences++;
    });
    this.addCognitive(sequences);
  }

  private visitDecorated(): void {
    const cursor = this.cursor;
    const definition = cursor.currentNode.childForFieldName("definition");
    if (!definition) return this.visitChildren("decorated_definition");
    // The scope opens before its decorators: S3776 scores them inside the function; radon nowhere.
    const scope = this.openScope(definition);
    const saved = this.cyclomaticTarget;
    this.cyclomaticTarget = null;
    if (cursor.gotoFirstChild()) {
      do {
        if (cursor.currentFieldName === "definition") this.visitScopeContents(scope);
        else this.visit(cursor.nodeType, "decorated_definition");
      } while (cursor.gotoNextSibling());
      cursor.gotoParent();
    }
    this.cyclomaticTarget = saved;
    this.closeScope(scope);
  }

  /**
   * Opens a def or class scope: pushes the nesting level SonarPython gives it onto every open
   * function's stack, and for a def starts its own record.
   */
  private openScope(node: Node): Scope {
    const kind = node.type === "class_definition" ? "class" : "function";
    const scope: Scope = { kind, node, name: node.childForFieldName("name")?.text ?? "<anonymous>" };
    const parent = this.scopes[this.scopes.length - 1];
    const wrapper = kind === "function" && parent?.kind === "function" && isWrapperFunction(parent.node, node);
    for (const frame of this.frames) {
      const current = frame.levels[frame.levels.length - 1];
      let level = 0;
      if (kind === "function" && parent?.kind === "function") level = wrapper ? current : current + 1;
      frame.levels.push(level);
    }
    this.scopes.push(scope);
    if (kind === "function") {
      const start = this.source.locate(node.startPosition);
      const end = this.source.locate(node.endPosition);
      const frame: FunctionFrame = {
        result: {
          name: parent?.kind === "class" ? `${parent.name}.${scope.name}` : scope.name,
          line: start.line,
          column: start.column,
          endLine: end.line,
          endColumn: end.column,
          cyclomatic: 1,
          cognitive: 0,
        },
        levels: [0],
      };
      this.results.push(frame.result);
      this.frames.push(frame);
    }
    return scope;
  }

  private closeScope(scope: Scope): void {
    if (scope.kind === "function") this.frames.pop();
    this.scopes.pop();
    for (const frame of this.frames) frame.levels.pop();
  }

  /** The cursor is on the def/class node: radon credits the def's body only, a class body to no function. */
  private visitScopeContents(scope: Scope): void {
    const cursor = this.cursor;
    const type = scope.kind === "function" ? "function_definition" : "class_definition";
    const frame = scope.kind === "function" ? this.frames[this.frames.length - 1] : null;
    const saved = this.cyclomaticTarget;
    if (cursor.gotoFirstChild()) {
      do {
        this.cyclomaticTarget = frame && cursor.currentFieldName === "body" ? frame : null;
        this.visit(cursor.nodeType, type);
      } while (cursor.gotoNextSibling());
      cursor.gotoParent();
    }
    this.cyclomaticTarget = saved;
  }
}

/**
 * Cyclomatic (radon) and cognitive (SonarPython S3776) complexity of every function in a Python
 * file, in source order. Rejects with PythonParseError when the source does not parse.
 */
export async function analyzePython(path: string, text: string): Promise<FunctionComplexity[]> {
  const python = await getParser();
  const source = prepareSource(text);
  const tree = python.parser.parse(source.text);
  if (!tree) throw new Error(`${path}: the Python parser returned no tree`);
  try {
    const root = tree.rootNode;
    if (root.hasError) {
      const problem = firstSyntaxProblem(root) ?? root;
      const at = source.locate(problem.startPosition);
      throw new PythonParseError(path, at.line, at.column, syntaxProblemReason(problem));
    }
    const cursor = root.walk();
    try {
      return new ComplexityWalker(path, source, python, cursor).run();
    } finally {
      cursor.delete();
    }
  } catch (error) {
    // The walk recurses along the tree's depth: only absurdly deep expressions exhaust the stack.
    if (error instanceof RangeError) throw new Error(`${path}: the source nests too deeply to analyze`);
    throw error;
  } finally {
    tree.delete();
  }
}
