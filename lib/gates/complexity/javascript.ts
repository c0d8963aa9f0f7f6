/**
 * Per-function complexity of JS / JSX / TS / TSX source in one parse (oxc-parser, native) and one
 * walk of the ESTree / TS-ESTree AST it returns — the AST shape ESLint's rules see.
 *
 * Cyclomatic complexity follows ESLint 9's core `complexity` rule (classic variant): one score per
 * ESLint code path — functions, class field initializers and class static blocks — starting at 1.
 * Cognitive complexity follows eslint-plugin-sonarjs 4.x `cognitive-complexity` (S3776): per function,
 * structural increments weighted by the function's own control-flow nesting. sonarjs only scores real
 * functions: class field initializers and static blocks get cognitive 0 and their increments go to the
 * enclosing function. Both counts are checked against the real rules (javascript.oracle.test.ts) and
 * on real repositories (bench/). Positions follow ESLint's report (see types.ts).
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type * as WorkerThreads from "node:worker_threads";
import { visitorKeys, type ParserOptions } from "oxc-parser";
import { lineAt, scriptLineStarts } from "../../parsers/line-index";
import { MAX_NESTING, nestingEstimate, SAFE_NESTING } from "../../parsers/nesting-estimate";
import { parseOxc } from "../../parsers/oxc";
import { ParseError, type FunctionComplexity } from "./types";

/** The ESTree node fields this walk reads (oxc gives UTF-16 `start`/`end` offsets). */
interface Node {
  type: string;
  start: number;
  end: number;
  [field: string]: unknown;
}

interface CodePathRecord {
  name: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  cyclomatic: number;
  cognitive: number;
}

/** sonarjs' per-function state: own increments and own control-flow nesting. */
interface CognitiveFrame {
  record: CodePathRecord;
  nesting: number;
}

const FUNCTION_TYPES = new Set(["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"]);
const LOOP_TYPES = new Set(["ForStatement", "ForInStatement", "ForOfStatement", "WhileStatement", "DoWhileStatement"]);
const HEAD_PARENT_TYPES = new Set(["Property", "MethodDefinition", "PropertyDefinition", "TSPropertySignature", "TSMethodSignature"]);

/** Walk actions kept on the explicit stack (deep sources must not exhaust the call stack). */
const ENTER = 0;
const LEAVE = 1;

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && typeof (value as Node).type === "string";
}

/** A function ESLint sees: overload signatures and bodiless (abstract, declared) methods are not. */
function isFunction(node: Node): boolean {
  return FUNCTION_TYPES.has(node.type) && node.body !== null && node.body !== undefined;
}

type Lang = "js" | "jsx" | "ts" | "tsx";

function extensionOf(path: string): string {
  const slash = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  const dot = path.lastIndexOf(".");
  return dot > slash ? path.slice(dot).toLowerCase() : "";
}

/** Language by extension, as typescript-estree picks it (JS may contain JSX); unknown → TSX. */
function langOf(ext: string): Lang {
  switch (ext) {
    case ".js":
    case ".mjs":
    case ".cjs":
    case ".jsx":
      return "jsx";
    case ".ts":
    case ".mts":
    case ".cts":
      return "ts";
    default:
      return "tsx";
  }
}

type ParseErrors = { severity: string; message: string; labels: { start: number }[] }[];
type ParseOutcome = { program: unknown; errors: ParseErrors };

function parseProgram(path: string, text: string): Node {
  const ext = extensionOf(path);
  const lang = langOf(ext);
  // Scripts (sloppy-mode syntax such as `with` or legacy octals) are read as scripts when they do not
  // parse as modules, as the ESLint oracle does; .mjs/.mts are modules and .cjs/.cts CommonJS.
  const sourceTypes: ("module" | "script" | "commonjs")[] =
    ext === ".mjs" || ext === ".mts" ? ["module"] : ext === ".cjs" || ext === ".cts" ? ["commonjs"] : ["module", "script"];
  const depth = nestingEstimate(text);
  if (depth > MAX_NESTING) throw new ParseError(path, 1, 1, "source is nested too deeply to parse");
  let firstError: { offset: number; message: string } | null = null;
  for (const sourceType of sourceTypes) {
    const options: ParserOptions = { lang, sourceType, preserveParens: false };
    let result: ParseOutcome;
    try {
      result = depth > SAFE_NESTING ? parseWithLargeStack(text, options) : parseOxc(`file.${lang}`, text, options);
    } catch (error) {
      throw new ParseError(path, 1, 1, error instanceof Error ? error.message : String(error));
    }
    const error = result.errors.find((e) => e.severity === "Error");
    if (!error) return result.program as Node;
    firstError ??= { offset: error.labels[0]?.start ?? 0, message: error.message };
  }
  const error = firstError ?? { offset: 0, message: "does not parse" };
  const starts = scriptLineStarts(text);
  const line = lineAt(starts, error.offset);
  throw new ParseError(path, line + 1, error.offset - starts[line] + 1, error.message);
}

// Sources that may nest deeper than SAFE_NESTING (nesting-estimate.ts) are parsed on a worker thread
// with a 512 MB stack; beyond MAX_NESTING they are refused. The worker sends the AST as the JSON text
// the native binding produces: copying a deep object tree between threads recurses and overflows the
// receiving thread's stack, while JSON.parse does not.
const WORKER_SOURCE = `
const { workerData } = require("node:worker_threads");
let message;
try {
  const { parseSync } = require(workerData.binding);
  const r = parseSync("file." + workerData.options.lang, workerData.text, workerData.options);
  message = { json: r.program, errors: r.errors };
} catch (error) {
  message = { failure: String((error && error.message) || error) };
}
try {
  workerData.port.postMessage(message);
} catch (error) {
  workerData.port.postMessage({ failure: "source is nested too deeply to parse" });
}
Atomics.store(workerData.done, 0, 1);
Atomics.notify(workerData.done, 0);
`;

/** Parses on a worker thread with a large stack, synchronously (the caller blocks until it answers). */
function parseWithLargeStack(text: string, options: ParserOptions): ParseOutcome {
  // Loaded here: nearly every source is parsed on the calling thread.
  const { MessageChannel, receiveMessageOnPort, Worker } = createRequire(import.meta.url)("node:worker_threads") as typeof WorkerThreads;
  const done = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  // The package's native binding module (what its parseSync wraps), beside its entry point.
  const binding = join(dirname(createRequire(import.meta.url).resolve("oxc-parser")), "bindings.js");
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { binding, text, options, port: port2, done },
    transferList: [port2],
    resourceLimits: { stackSizeMb: 512 },
  });
  try {
    if (Atomics.wait(done, 0, 0, 120_000) === "timed-out") throw new Error("parsing timed out");
    const reply = receiveMessageOnPort(port1)?.message as { json?: string; errors?: ParseErrors; failure?: string } | undefined;
    if (!reply) throw new Error("the parser thread gave no answer");
    if (reply.failure || typeof reply.json !== "string") throw new Error(reply.failure ?? "the parser thread gave no AST");
    // `node` is the program; oxc's `fixes` only restore BigInt/RegExp `value`s, which the walk does not read.
    return { program: (JSON.parse(reply.json) as { node: unknown }).node, errors: reply.errors ?? [] };
  } finally {
    port1.close();
    void worker.terminate();
  }
}


/** Walks one program; holds the state ESLint's `complexity` and sonarjs' rule listeners would hold. */
class ComplexityWalker {
  readonly records: CodePathRecord[] = [];
  /** Innermost ESLint code path last; index 0 is the program's (never reported). */
  private readonly codePaths: CodePathRecord[] = [];
  /** The node each open code path ends with, and whether it is a function (has a cognitive frame). */
  private readonly codePathNodes: Node[] = [];
  private readonly codePathIsFunction: boolean[] = [];
  private readonly frames: CognitiveFrame[] = [];
  /** Nodes whose subtree is one nesting level deeper (sonarjs' "nesting nodes"). */
  private readonly nestingNodes = new Set<Node>();
  /** Logical expressions already scored as part of an enclosing tree. */
  private readonly consideredLogical = new Set<Node>();
  private readonly starts: number[];

  constructor(private readonly text: string) {
    this.starts = scriptLineStarts(text);
    this.codePaths.push({ name: "", line: 0, column: 0, endLine: 0, endColumn: 0, cyclomatic: 1, cognitive: 0 });
  }

  walk(program: Node): void {
    const nodes: Node[] = [program];
    const parents: (Node | null)[] = [null];
    const actions: number[] = [ENTER];
    while (nodes.length > 0) {
      const node = nodes.pop() as Node;
      const parent = parents.pop() as Node | null;
      if (actions.pop() === LEAVE) {
        this.leave(node);
        continue;
      }
      this.enter(node, parent);
      nodes.push(node);
      parents.push(parent);
      actions.push(LEAVE);
      const keys = visitorKeys[node.type];
      if (!keys) continue;
      // Pushed in reverse so that children pop in visitor-key (source) order.
      for (let k = keys.length - 1; k >= 0; k--) {
        const child = node[keys[k]];
        if (Array.isArray(child)) {
          for (let i = child.length - 1; i >= 0; i--) {
            const item: unknown = child[i];
            if (isNode(item)) {
              nodes.push(item);
              parents.push(node);
              actions.push(ENTER);
            }
          }
        } else if (isNode(child)) {
          nodes.push(child);
          parents.push(node);
          actions.push(ENTER);
        }
      }
    }
  }

  private enter(node: Node, parent: Node | null): void {
    // ESLint's code-path analyzer runs before the rules' listeners.
    if (parent && parent.type === "PropertyDefinition" && parent.value === node) {
      this.startCodePath(node, this.record(this.keyName(parent), node.start, node.end), false);
    }
    const fn = isFunction(node);
    let fnRecord: CodePathRecord | null = null;
    if (fn) {
      fnRecord = this.record(this.functionName(node, parent), this.functionHead(node, parent), node.end);
      this.startCodePath(node, fnRecord, true);
    } else if (node.type === "StaticBlock") {
      this.startCodePath(node, this.record("static block", node.start, node.end), false);
    }

    // sonarjs' `*` listener runs before `:function` (lower selector specificity): entering a nesting
    // node that is a function deepens the enclosing function.
    if (this.nestingNodes.size > 0 && this.nestingNodes.has(node)) {
      const frame = this.frames[this.frames.length - 1];
      if (frame) frame.nesting++;
    }
    if (fnRecord) this.frames.push({ record: fnRecord, nesting: 0 });

    switch (node.type) {
      case "IfStatement":
        this.cyclomatic();
        if (parent && parent.type === "IfStatement" && parent.alternate === node) this.addCognitive(1);
        else this.addStructural();
        this.nestingNodes.add(node.consequent as Node);
        if (isNode(node.alternate) && node.alternate.type !== "IfStatement") {
          this.nestingNodes.add(node.alternate);
          this.addCognitive(1);
        }
        break;
      case "ForStatement":
      case "ForInStatement":
      case "ForOfStatement":
      case "WhileStatement":
      case "DoWhileStatement":
        this.cyclomatic();
        this.addStructural();
        this.nestingNodes.add(node.body as Node);
        break;
      case "SwitchStatement":
        this.addStructural();
        for (const c of node.cases as Node[]) this.nestingNodes.add(c);
        break;
      case "SwitchCase":
        if (node.test) this.cyclomatic();
        break;
      case "BreakStatement":
      case "ContinueStatement":
        if (node.label) this.addCognitive(1);
        break;
      case "CatchClause":
        this.cyclomatic();
        this.addStructural();
        this.nestingNodes.add(node.body as Node);
        break;
      case "ConditionalExpression":
        this.cyclomatic();
        this.addStructural();
        this.nestingNodes.add(node.consequent as Node);
        this.nestingNodes.add(node.alternate as Node);
        break;
      case "LogicalExpression":
        this.cyclomatic();
        this.scoreLogicalExpression(node, parent);
        break;
      case "AssignmentPattern":
        this.cyclomatic();
        break;
      case "AssignmentExpression":
        if (node.operator === "&&=" || node.operator === "||=" || node.operator === "??=") this.cyclomatic();
        break;
      case "MemberExpression":
      case "CallExpression":
        if (node.optional === true) this.cyclomatic();
        break;
      default:
        break;
    }
  }

  private leave(node: Node): void {
    // sonarjs' `*:exit` runs before `:function:exit`: for a function this lands on its own frame.
    if (this.nestingNodes.size > 0 && this.nestingNodes.delete(node)) {
      const frame = this.frames[this.frames.length - 1];
      if (frame) frame.nesting--;
    }
    // A field initializer that is itself a function opened two code paths on this node.
    while (this.codePathNodes.length > 0 && this.codePathNodes[this.codePathNodes.length - 1] === node) {
      if (this.codePathIsFunction.pop()) this.frames.pop();
      this.codePathNodes.pop();
      this.codePaths.pop();
    }
  }

  private startCodePath(node: Node, record: CodePathRecord, isFunctionPath: boolean): void {
    this.records.push(record);
    this.codePaths.push(record);
    this.codePathNodes.push(node);
    this.codePathIsFunction.push(isFunctionPath);
  }

  private cyclomatic(): void {
    this.codePaths[this.codePaths.length - 1].cyclomatic++;
  }

  private addCognitive(amount: number): void {
    const frame = this.frames[this.frames.length - 1];
    if (frame) frame.record.cognitive += amount;
  }

  private addStructural(): void {
    const frame = this.frames[this.frames.length - 1];
    if (frame) frame.record.cognitive += frame.nesting + 1;
  }

  /**
   * sonarjs scores a whole tree of directly nested logical expressions at its root: in source order,
   * each `&&` that does not continue a run of `&&` adds 1; `||` and `??` add nothing. Inside a JSX
   * expression container, a pure run of one operator (a JSX short-circuit) adds nothing.
   */
  private scoreLogicalExpression(node: Node, parent: Node | null): void {
    if (parent && parent.type === "JSXExpressionContainer") {
      const run = jsxShortCircuit(node, node);
      if (run) {
        for (const member of run) this.consideredLogical.add(member);
        return;
      }
    }
    if (this.consideredLogical.has(node)) return;
    let previous: unknown;
    for (const member of inOrderLogicalTree(node)) {
      this.consideredLogical.add(member);
      if (member.operator === "&&" && previous !== "&&") this.addCognitive(1);
      previous = member.operator;
    }
  }

  private record(name: string, head: number, end: number): CodePathRecord {
    const startLine = lineAt(this.starts, head);
    const endLine = lineAt(this.starts, end);
    return {
      name,
      line: startLine + 1,
      column: head - this.starts[startLine] + 1,
      endLine: endLine + 1,
      endColumn: end - this.starts[endLine] + 1,
      cyclomatic: 1,
      cognitive: 0,
    };
  }

  /** Where ESLint reports a function (astUtils.getFunctionHeadLoc's start). */
  private functionHead(node: Node, parent: Node | null): number {
    if (parent && HEAD_PARENT_TYPES.has(parent.type)) return parent.start;
    if (node.type === "ArrowFunctionExpression") return this.arrowOffset(node);
    return node.start;
  }

  /** Offset of an arrow's `=>`: the first one after its parameters, outside comments. */
  private arrowOffset(node: Node): number {
    const params = node.params as Node[];
    let from = node.start;
    if (params.length > 0) from = params[params.length - 1].end;
    for (const key of ["typeParameters", "returnType"]) {
      const part = node[key];
      if (isNode(part)) from = Math.max(from, part.end);
    }
    const text = this.text;
    const stop = (node.body as Node).start;
    for (let i = from; i < stop; i++) {
      const c = text.charCodeAt(i);
      if (c === 47 /* / */) {
        const next = text.charCodeAt(i + 1);
        if (next === 47) {
          while (i < stop && !/[\n\r\u2028\u2029]/.test(text[i])) i++;
        } else if (next === 42) {
          const close = text.indexOf("*/", i + 2);
          i = close < 0 ? stop : close + 1;
        }
      } else if (c === 61 /* = */ && text.charCodeAt(i + 1) === 62 /* > */) {
        return i;
      }
    }
    return node.start;
  }

  private functionName(node: Node, parent: Node | null): string {
    if (parent) {
      if ((parent.type === "Property" || parent.type === "MethodDefinition") && parent.value === node) {
        if (parent.kind === "constructor") return "constructor";
        const key = this.keyName(parent);
        if (parent.kind === "get") return `get ${key}`;
        if (parent.kind === "set") return `set ${key}`;
        return key;
      }
      if (parent.type === "PropertyDefinition" && parent.value === node) return this.keyName(parent);
    }
    const id = node.id;
    if (isNode(id) && id.type === "Identifier") return id.name as string;
    if (!parent) return "<anonymous>";
    switch (parent.type) {
      case "VariableDeclarator": {
        const target = parent.id as Node;
        if (parent.init === node && target.type === "Identifier") return target.name as string;
        break;
      }
      case "AssignmentExpression":
      case "AssignmentPattern":
        if (parent.right === node) return this.targetName(parent.left as Node);
        break;
      default:
        break;
    }
    return "<anonymous>";
  }

  /** `x`, or the source of a short single-line member target like `module.exports.x`. */
  private targetName(target: Node): string {
    if (target.type === "Identifier") return target.name as string;
    if (target.type === "MemberExpression") {
      const source = this.text.slice(target.start, target.end);
      if (source.length <= 80 && !/[\r\n\u2028\u2029]/.test(source)) return source;
    }
    return "<anonymous>";
  }

  private keyName(member: Node): string {
    const key = member.key as Node;
    if (key.type === "PrivateIdentifier") return `#${key.name as string}`;
    if (key.type === "Identifier" && !member.computed) return key.name as string;
    const literal = literalValue(key);
    if (literal !== undefined) return literal;
    const source = this.text.slice(key.start, key.end);
    return source.length <= 80 && !/[\r\n\u2028\u2029]/.test(source) ? `[${source}]` : "[computed]";
  }
}

/** String(value) of an ESTree Literal key (or a template without expressions); undefined otherwise. */
function literalValue(key: Node): string | undefined {
  if (key.type === "TemplateLiteral") {
    const quasis = key.quasis as Node[];
    if ((key.expressions as Node[]).length > 0) return undefined;
    return String((quasis[0].value as { cooked: string | null }).cooked ?? "");
  }
  if (key.type !== "Literal") return undefined;
  if (typeof key.bigint === "string") return String(BigInt(key.bigint));
  const regex = key.regex as { pattern: string; flags: string } | undefined;
  if (regex) {
    try {
      return String(new RegExp(regex.pattern, regex.flags));
    } catch {
      return "null";
    }
  }
  return String(key.value);
}

/** The logical expressions of the tree rooted at `root`, in source order (left, self, right). */
function inOrderLogicalTree(root: Node): Node[] {
  const out: Node[] = [];
  const stack: Node[] = [];
  let current: Node | null = root;
  while (stack.length > 0 || (current && current.type === "LogicalExpression")) {
    while (current && current.type === "LogicalExpression") {
      stack.push(current);
      current = current.left as Node;
    }
    const top = stack.pop() as Node;
    out.push(top);
    current = top.right as Node;
  }
  return out;
}

/** sonarjs' flattenJsxShortCircuitNodes: the tree's logical expressions if all share root's operator and no operand is a conditional. */
function jsxShortCircuit(root: Node, start: Node): Node[] | null {
  const out: Node[] = [];
  const pending: Node[] = [start];
  while (pending.length > 0) {
    const node = pending.pop() as Node;
    if (node.type === "ConditionalExpression") return null;
    if (node.type === "LogicalExpression") {
      if (node.operator !== root.operator) return null;
      out.push(node);
      pending.push(node.left as Node, node.right as Node);
    }
  }
  return out;
}

/**
 * Complexity of every function, class field initializer and class static block in `text`,
 * sorted by position. Throws ParseError when the source does not parse.
 */
export function analyzeJavaScript(path: string, text: string): FunctionComplexity[] {
  // ESLint strips a BOM before parsing; columns on line 1 must not count it.
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const program = parseProgram(path, source);
  const walker = new ComplexityWalker(source);
  walker.walk(program);
  return walker.records.sort((a, b) => a.line - b.line || a.column - b.column);
}
