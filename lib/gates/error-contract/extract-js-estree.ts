/**
 * The error contract of a JS/TS file read from oxc-parser's AST: the same entries, in the same order,
 * as the TypeScript compiler reader (extract-js.ts, the reference, which still reads the files oxc
 * reports a syntax error for). Node for node: TS's ParenthesizedExpression, AsExpression,
 * PropertyAssignment, ConstructorDeclaration… are ESTree's ParenthesizedExpression, TSAsExpression,
 * Property, MethodDefinition(kind "constructor")…; parents are tracked by the walk.
 */
import { childrenOf, lineLocator, parseEstree, stringLikeValue, templateElementText, type EsNode } from "../../parsers/estree";
import { ERROR_CLASS_NAME, isErrorHelperCall, isLoggerName } from "./error-names";
import { BODY_MESSAGE_KEYS, isHttpErrorStatus, lastName, LOG_METHODS, STATUS_KEYS } from "./site-rules";
import type { ExtractOptions } from "./extract";
import { contractEntry, normalizeParts } from "./message-template";
import { printfToParts } from "./printf";
import type { ContractEntry, ContractEntryKind, MessageParts } from "./types";

const UNWRAPPED = new Set(["ParenthesizedExpression", "TSAsExpression", "TSNonNullExpression", "TSSatisfiesExpression", "TSTypeAssertion", "AwaitExpression", "ChainExpression"]);
const CLASS_TYPES = new Set(["ClassDeclaration", "ClassExpression"]);
const FUNCTION_TYPES = new Set(["FunctionExpression", "ArrowFunctionExpression"]);
const METHOD_TYPES = new Set(["MethodDefinition", "TSAbstractMethodDefinition"]);
const CLASS_PROPERTY_TYPES = new Set(["PropertyDefinition", "AccessorProperty", "TSAbstractPropertyDefinition", "TSAbstractAccessorProperty"]);


function unwrap(node: EsNode): EsNode {
  let current = node;
  // `a?.b()` is one CallExpression in TypeScript's tree; ESTree wraps the chain.
  while (UNWRAPPED.has(current.type)) current = (current.type === "AwaitExpression" ? current.argument : current.expression) as EsNode;
  return current;
}

/** Static and dynamic parts of a string-valued expression, or undefined when it has no static text at all. */
export function jsMessagePartsEstree(node: EsNode): MessageParts | undefined {
  const expr = unwrap(node);
  const literal = stringLikeValue(expr);
  if (literal !== undefined) return [literal];
  if (expr.type === "TemplateLiteral") {
    const quasis = expr.quasis as EsNode[];
    const parts: MessageParts = [templateElementText(quasis[0])];
    for (const quasi of quasis.slice(1)) parts.push(null, templateElementText(quasi));
    return normalizeParts(parts);
  }
  if (expr.type === "BinaryExpression" && expr.operator === "+") {
    const left = jsMessagePartsEstree(expr.left as EsNode);
    const right = jsMessagePartsEstree(expr.right as EsNode);
    if (!left && !right) return undefined;
    return normalizeParts([...(left ?? [null]), ...(right ?? [null])]);
  }
  return undefined;
}

function numericValue(node: EsNode | undefined | null): number | undefined {
  if (!node) return undefined;
  const expr = unwrap(node);
  return expr.type === "Literal" && typeof expr.value === "number" ? expr.value : undefined;
}

/** TS's propertyName: identifiers, string and numeric literals; computed and private names are not names. */
function propertyName(node: EsNode): string | undefined {
  if (node.computed) return undefined;
  const key = node.key as EsNode;
  if (key.type === "Identifier") return key.name as string;
  if (key.type === "Literal" && (typeof key.value === "string" || typeof key.value === "number")) return String(key.value);
  return undefined;
}

/** `{ a: x }` and `{ a }`; methods, accessors, spreads and computed keys are not properties here. */
function objectProperties(node: EsNode): { name: string; value: EsNode }[] {
  const found: { name: string; value: EsNode }[] = [];
  for (const property of node.properties as EsNode[]) {
    if (property.type !== "Property" || property.kind !== "init" || property.method) continue;
    if (property.shorthand) {
      found.push({ name: (property.key as EsNode).name as string, value: property.key as EsNode });
    } else {
      const name = propertyName(property);
      if (name !== undefined) found.push({ name, value: property.value as EsNode });
    }
  }
  return found;
}

/** `obj.name` (not computed) → name; a private name keeps its `#`, as TypeScript's text does. */
function memberName(node: EsNode): string | undefined {
  if (node.type !== "MemberExpression" || node.computed) return undefined;
  const property = node.property as EsNode;
  return property.type === "PrivateIdentifier" ? `#${property.name as string}` : (property.name as string);
}


class EstreeContractCollector {
  readonly entries: ContractEntry[] = [];
  private readonly handled = new Set<EsNode>();
  private readonly errorClasses = new Set<string>();
  private readonly rejectNames = new Set<string>(["reject"]);
  private readonly parents = new Map<EsNode, EsNode>();
  private readonly lineOf: (offset: number) => number;

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly program: EsNode,
    private readonly known: ReadonlySet<string> = new Set(),
  ) {
    this.lineOf = lineLocator(text);
  }

  collect(): ContractEntry[] {
    this.collectErrorClasses();
    this.visit(this.program, "<module>");
    return this.entries.sort((a, b) => a.line - b.line);
  }

  private textOf(node: EsNode): string {
    return this.text.slice(node.start, node.end);
  }

  private calleeText(expr: EsNode): string {
    return this.textOf(unwrap(expr)).replace(/\s+/g, "");
  }

  private isErrorClassName(name: string): boolean {
    return ERROR_CLASS_NAME.test(name) || this.errorClasses.has(name) || this.known.has(name);
  }

  /** Records every node's parent (one walk) and the local classes that extend an error class. */
  private collectErrorClasses(): void {
    const heritage = new Map<string, string>();
    const stack: EsNode[] = [this.program];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (CLASS_TYPES.has(node.type) && node.id && node.superClass) {
        heritage.set((node.id as EsNode).name as string, this.calleeText(node.superClass as EsNode));
      }
      for (const child of childrenOf(node)) {
        this.parents.set(child, node);
        stack.push(child);
      }
    }
    let grew = true;
    while (grew) {
      grew = false;
      for (const [name, base] of heritage) {
        if (!this.errorClasses.has(name) && this.isErrorClassName(lastName(base))) {
          this.errorClasses.add(name);
          grew = true;
        }
      }
    }
  }

  private add(kind: ContractEntryKind, parts: MessageParts, site: string, at: EsNode, functionName: string): void {
    const entry = contractEntry(kind, parts, { file: this.file, line: this.lineOf(at.start), endLine: this.lineOf(at.end), functionName, site });
    if (entry) this.entries.push(entry);
  }


  private visit(node: EsNode, functionName: string): void {
    const scope = this.scopeName(node, functionName);
    this.inspect(node, scope);
    for (const child of childrenOf(node)) this.visit(child, scope);
  }

  private inspect(node: EsNode, scope: string): void {
    switch (node.type) {
      case "ThrowStatement":
        this.recordError(node.argument as EsNode, "throw", node, scope);
        break;
      case "CallExpression":
        this.onCall(node, scope);
        break;
      case "NewExpression":
        this.onNew(node, scope);
        break;
      case "AssignmentExpression":
        if (node.operator === "=") this.onAssign(node, scope);
        break;
      case "ClassDeclaration":
      case "ClassExpression":
        this.onClass(node);
        break;
      default:
        if (CLASS_PROPERTY_TYPES.has(node.type)) this.onClassProperty(node, scope);
    }
  }

  // ---- scopes -------------------------------------------------------------------------------------------

  /** The class a ClassBody member belongs to. */
  private classOfMember(member: EsNode): EsNode | undefined {
    const body = this.parents.get(member);
    const cls = body && body.type === "ClassBody" ? this.parents.get(body) : undefined;
    return cls && CLASS_TYPES.has(cls.type) ? cls : undefined;
  }

  private className(node: EsNode): string {
    if (node.id) return (node.id as EsNode).name as string;
    const parent = this.parents.get(node);
    if (parent?.type === "VariableDeclarator" && (parent.id as EsNode).type === "Identifier") return (parent.id as EsNode).name as string;
    return "<class>";
  }

  private scopeName(node: EsNode, enclosing: string): string {
    if (node.type === "FunctionDeclaration") return node.id ? ((node.id as EsNode).name as string) : "default";
    if (METHOD_TYPES.has(node.type)) {
      const cls = this.classOfMember(node);
      if (!cls) return enclosing;
      if (node.kind === "constructor") return `${this.className(cls)}.constructor`;
      return `${this.className(cls)}.${propertyName(node) ?? "<computed>"}`;
    }
    // Object literal methods and accessors: `{ parse() {} }`, `{ get x() {} }`.
    if (node.type === "Property" && (node.method || node.kind !== "init")) return propertyName(node) ?? enclosing;
    if (FUNCTION_TYPES.has(node.type)) {
      // A method's function is the method itself in TypeScript's tree: its scope is already set.
      const parent = this.parents.get(node);
      if (parent && (METHOD_TYPES.has(parent.type) || (parent.type === "Property" && (parent.method || parent.kind !== "init")))) return enclosing;
      if (node.type === "FunctionExpression" && node.body === null) return enclosing;
      return this.functionExpressionName(node, enclosing);
    }
    return enclosing;
  }

  private functionExpressionName(node: EsNode, enclosing: string): string {
    const parent = this.parents.get(node);
    if (parent?.type === "VariableDeclarator" && (parent.id as EsNode).type === "Identifier") return (parent.id as EsNode).name as string;
    if (parent?.type === "Property" && !parent.shorthand) return propertyName(parent) ?? enclosing;
    if (parent && CLASS_PROPERTY_TYPES.has(parent.type)) {
      const cls = this.classOfMember(parent);
      if (cls) return `${this.className(cls)}.${propertyName(parent) ?? "<computed>"}`;
    }
    if (parent?.type === "AssignmentExpression" && parent.operator === "=") return this.calleeText(parent.left as EsNode);
    if (node.type === "FunctionExpression" && node.id) return (node.id as EsNode).name as string;
    if (parent?.type === "CallExpression") {
      const [first] = parent.arguments as EsNode[];
      // Route-style callbacks (`app.get("/users", (req, res) => …)`) are named after the route.
      const route = stringLikeValue(first);
      if (route !== undefined) return `${this.calleeText(parent.callee as EsNode)}(${JSON.stringify(route)})`;
    }
    if (parent?.type === "NewExpression") this.rememberExecutorReject(node, parent);
    return enclosing;
  }

  /** In `new Promise((resolve, fail) => …)` the second parameter is the reject function, whatever its name. */
  private rememberExecutorReject(fn: EsNode, call: EsNode): void {
    if (this.calleeText(call.callee as EsNode) !== "Promise") return;
    // TypeScript's parameter name: `fail`, `fail = noop` and `...fail` all name it.
    let second = (fn.params as EsNode[])[1];
    if (second?.type === "AssignmentPattern") second = second.left as EsNode;
    else if (second?.type === "RestElement") second = second.argument as EsNode;
    if (second?.type === "Identifier") this.rejectNames.add(second.name as string);
  }

  // ---- sites --------------------------------------------------------------------------------------------

  /** An error value at a throw/reject site: `new X(…)`, `X(…)`, an object literal or a string. */
  private recordError(value: EsNode, prefix: string, at: EsNode, scope: string): void {
    const expr = unwrap(value);
    if (expr.type === "NewExpression" || expr.type === "CallExpression") {
      this.handled.add(expr);
      const name = this.calleeText(expr.callee as EsNode);
      this.recordErrorArguments(expr.arguments as EsNode[], `${prefix}:${name}`, at, scope, true);
    } else if (expr.type === "ObjectExpression") {
      this.recordErrorObject(expr, `${prefix}:object`, at, scope);
    } else {
      const parts = jsMessagePartsEstree(expr);
      if (parts) this.add("message", parts, `${prefix}:literal`, at, scope);
    }
  }

  private recordErrorArguments(args: EsNode[], site: string, at: EsNode, scope: string, statusAllowed: boolean): void {
    let messageFound = false;
    for (const arg of args) {
      const expr = unwrap(arg);
      const parts = jsMessagePartsEstree(expr);
      if (parts && !messageFound) {
        this.add("message", parts, site, at, scope);
        messageFound = true;
      } else if (expr.type === "ObjectExpression") {
        this.recordErrorObject(expr, site, at, scope, !messageFound);
        messageFound = messageFound || objectProperties(expr).some((p) => p.name === "message");
      } else if (statusAllowed) {
        const status = numericValue(expr);
        if (status !== undefined && isHttpErrorStatus(status)) this.add("http", [String(status)], `http:${status}`, at, scope);
      }
    }
  }

  private recordErrorObject(node: EsNode, site: string, at: EsNode, scope: string, withMessage = true): void {
    for (const { name, value } of objectProperties(node)) {
      const parts = jsMessagePartsEstree(value);
      if (name === "code" && parts) this.add("code", parts, "code", at, scope);
      else if (withMessage && (name === "message" || name === "msg") && parts) this.add("message", parts, site, at, scope);
      else if (STATUS_KEYS.has(name)) {
        const status = numericValue(value);
        if (status !== undefined && isHttpErrorStatus(status)) this.add("http", [String(status)], `http:${status}`, at, scope);
      }
    }
  }

  private onCall(node: EsNode, scope: string): void {
    if (this.handled.has(node)) return;
    const callee = unwrap(node.callee as EsNode);
    const name = this.calleeText(callee);
    const args = node.arguments as EsNode[];
    const [first, second] = args;
    if ((name === "Promise.reject" || this.rejectNames.has(name)) && first) {
      this.recordError(first, "reject", node, scope);
      return;
    }
    if (isErrorHelperCall(name)) {
      // next(createError(404, "…")), this.error("…"), fail("…")
      this.recordErrorArguments(args, `call:${name}`, node, scope, true);
      return;
    }
    const method = memberName(callee);
    if (method === undefined) return;
    const receiver = unwrap(callee.object as EsNode);
    if (LOG_METHODS.has(method) && isLoggerName(this.calleeText(receiver))) {
      this.onLog(node, method, scope);
    } else if (this.onChainedStatus(node, method, receiver, scope)) {
      return;
    } else if ((method === "sendStatus" || method === "writeHead" || method === "status") && first) {
      const status = numericValue(first);
      if (status !== undefined && isHttpErrorStatus(status)) this.add("http", [String(status)], `http:${status}`, node, scope);
    } else if (method === "throw" && first && numericValue(first) !== undefined) {
      // koa: ctx.throw(400, "message")
      const status = numericValue(first) ?? 0;
      if (isHttpErrorStatus(status)) {
        this.add("http", [String(status)], `http:${status}`, node, scope);
        if (second) this.recordBody(second, node, scope);
      }
    } else if (["json", "text", "html", "send"].includes(method) && first && second) {
      // NextResponse.json(body, { status }), Response.json(…), hono c.json(body, 400)
      const status = this.statusFromInit(second);
      if (status !== undefined && isHttpErrorStatus(status)) {
        this.add("http", [String(status)], `http:${status}`, node, scope);
        this.recordBody(first, node, scope);
      }
    }
  }

  private statusFromInit(node: EsNode | undefined): number | undefined {
    if (!node) return undefined;
    const expr = unwrap(node);
    const direct = numericValue(expr);
    if (direct !== undefined) return direct;
    if (expr.type !== "ObjectExpression") return undefined;
    for (const { name, value } of objectProperties(expr)) {
      if (STATUS_KEYS.has(name)) return numericValue(value);
    }
    return undefined;
  }

  /** `res.status(400).json(…)`, `reply.code(422).send(…)`: one site with the status and the body. */
  private onChainedStatus(node: EsNode, method: string, receiver: EsNode, scope: string): boolean {
    if (!["json", "send", "end", "jsonp"].includes(method) || receiver.type !== "CallExpression") return false;
    const inner = unwrap(receiver.callee as EsNode);
    const innerName = memberName(inner);
    if (innerName === undefined || !["status", "code"].includes(innerName)) return false;
    const status = numericValue((receiver.arguments as EsNode[])[0]);
    if (status === undefined || !isHttpErrorStatus(status)) return false;
    this.handled.add(receiver);
    this.add("http", [String(status)], `http:${status}`, node, scope);
    const [body] = node.arguments as EsNode[];
    if (body) this.recordBody(body, node, scope);
    return true;
  }

  private recordBody(body: EsNode, at: EsNode, scope: string, depth = 0): void {
    const expr = unwrap(body);
    const parts = jsMessagePartsEstree(expr);
    if (parts) {
      this.add("message", parts, "http-body", at, scope);
      return;
    }
    const args = expr.type === "CallExpression" ? (expr.arguments as EsNode[]) : [];
    if (expr.type === "CallExpression" && this.calleeText(expr.callee as EsNode) === "JSON.stringify" && args[0]) {
      this.recordBody(args[0], at, scope, depth);
      return;
    }
    if (expr.type !== "ObjectExpression" || depth > 1) return;
    for (const { name, value } of objectProperties(expr)) {
      const valueParts = jsMessagePartsEstree(value);
      if (name === "code" && valueParts) this.add("code", valueParts, "code", at, scope);
      else if (BODY_MESSAGE_KEYS.has(name) && valueParts) this.add("message", valueParts, `http-body:${name}`, at, scope);
      else if (BODY_MESSAGE_KEYS.has(name) || name === "errors") this.recordBody(value, at, scope, depth + 1);
    }
  }

  private onLog(node: EsNode, method: string, scope: string): void {
    for (const arg of node.arguments as EsNode[]) {
      const parts = jsMessagePartsEstree(arg);
      if (parts) {
        this.add("message", printfToParts(parts), `log:${method}`, node, scope);
        return;
      }
    }
  }

  private onNew(node: EsNode, scope: string): void {
    if (this.handled.has(node)) return;
    const name = this.calleeText(node.callee as EsNode);
    const args = node.arguments as EsNode[];
    if (/Response$/.test(lastName(name))) {
      const status = this.statusFromInit(args[1]);
      if (status !== undefined && isHttpErrorStatus(status)) {
        this.add("http", [String(status)], `http:${status}`, node, scope);
        if (args[0]) this.recordBody(args[0], node, scope);
      }
      return;
    }
    if (this.isErrorClassName(lastName(name))) this.recordErrorArguments(args, `new:${name}`, node, scope, true);
  }

  private onAssign(node: EsNode, scope: string): void {
    const name = memberName(unwrap(node.left as EsNode));
    if (name === undefined) return;
    if (name === "code") {
      const parts = jsMessagePartsEstree(node.right as EsNode);
      if (parts) this.add("code", parts, "code", node, scope);
    } else if (name === "statusCode" || name === "status") {
      const status = numericValue(node.right as EsNode);
      if (status !== undefined && isHttpErrorStatus(status)) this.add("http", [String(status)], `http:${status}`, node, scope);
    }
  }

  private onClass(node: EsNode): void {
    const id = node.id as EsNode | null;
    if (!id || !this.errorClasses.has(id.name as string)) return;
    const name = id.name as string;
    this.add("class", [name], "class", id, "<module>");
    for (const member of (node.body as EsNode).body as EsNode[]) {
      const fn = member.value as EsNode | null;
      if (member.type === "MethodDefinition" && member.kind === "constructor" && fn?.body) this.findSuperMessage(fn.body as EsNode, name);
    }
  }

  /** The default message an error class passes to `super(…)`. */
  private findSuperMessage(body: EsNode, className: string): void {
    const visit = (node: EsNode): void => {
      if (node.type === "CallExpression" && (node.callee as EsNode).type === "Super") {
        this.handled.add(node);
        const [first] = node.arguments as EsNode[];
        const parts = first ? jsMessagePartsEstree(first) : undefined;
        if (parts) this.add("message", parts, `super:${className}`, node, `${className}.constructor`);
        return;
      }
      if (!isFunctionLike(node)) for (const child of childrenOf(node)) visit(child);
    };
    visit(body);
  }

  /** `code = "E_…"` declared on an error class. */
  private onClassProperty(node: EsNode, scope: string): void {
    const cls = this.classOfMember(node);
    const id = cls?.id as EsNode | null | undefined;
    if (!id || !this.errorClasses.has(id.name as string)) return;
    if (propertyName(node) !== "code" || !node.value) return;
    const parts = jsMessagePartsEstree(node.value as EsNode);
    if (parts) this.add("code", parts, "code", node, scope === "<module>" ? (id.name as string) : scope);
  }
}

/** TypeScript's isFunctionLike, for the nodes that can appear inside a constructor body. */
function isFunctionLike(node: EsNode): boolean {
  return (
    node.type === "FunctionDeclaration" ||
    node.type === "FunctionExpression" ||
    node.type === "ArrowFunctionExpression" ||
    node.type === "TSDeclareFunction" ||
    METHOD_TYPES.has(node.type) ||
    (node.type === "Property" && (node.method === true || node.kind !== "init")) ||
    node.type === "TSMethodSignature" ||
    node.type === "TSCallSignatureDeclaration" ||
    node.type === "TSConstructSignatureDeclaration" ||
    node.type === "TSFunctionType" ||
    node.type === "TSConstructorType"
  );
}

/** The error contract by oxc, or undefined when the file does not parse cleanly (then the TypeScript reader decides). */
export function extractJsContractEstree(path: string, text: string, options: ExtractOptions = {}): ContractEntry[] | undefined {
  const program = parseEstree(path, text);
  if (!program) return undefined;
  return new EstreeContractCollector(path, text, program, options.knownErrorClasses).collect();
}
