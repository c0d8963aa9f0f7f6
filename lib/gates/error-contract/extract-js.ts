import ts from "typescript";
import { contractEntry, normalizeParts } from "./message-template";
import { parseJsLikeStrict } from "./parse-typescript";
import { printfToParts } from "./printf";
import type { ContractEntry, ContractEntryKind, MessageParts } from "./types";

import { ERROR_CLASS_NAME, isErrorHelperCall, isLoggerName } from "./error-names";
import { BODY_MESSAGE_KEYS, isHttpErrorStatus, lastName, LOG_METHODS, STATUS_KEYS } from "./site-rules";
import type { ExtractOptions } from "./extract";

function unwrap(node: ts.Expression): ts.Expression {
  let current = node;
  while (
    ts.isParenthesizedExpression(current) ||
    ts.isAsExpression(current) ||
    ts.isNonNullExpression(current) ||
    ts.isSatisfiesExpression(current) ||
    ts.isTypeAssertionExpression(current) ||
    ts.isAwaitExpression(current)
  ) {
    current = current.expression;
  }
  return current;
}

/** Static and dynamic parts of a string-valued expression, or undefined when it has no static text at all. */
export function jsMessageParts(node: ts.Expression): MessageParts | undefined {
  const expr = unwrap(node);
  if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return [expr.text];
  if (ts.isTemplateExpression(expr)) {
    const parts: MessageParts = [expr.head.text];
    for (const span of expr.templateSpans) parts.push(null, span.literal.text);
    return normalizeParts(parts);
  }
  if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = jsMessageParts(expr.left);
    const right = jsMessageParts(expr.right);
    if (!left && !right) return undefined;
    return normalizeParts([...(left ?? [null]), ...(right ?? [null])]);
  }
  return undefined;
}

function numericValue(node: ts.Expression | undefined): number | undefined {
  if (!node) return undefined;
  const expr = unwrap(node);
  return ts.isNumericLiteral(expr) ? Number(expr.text) : undefined;
}

function propertyName(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

function objectProperties(node: ts.ObjectLiteralExpression): { name: string; value: ts.Expression }[] {
  const found: { name: string; value: ts.Expression }[] = [];
  for (const property of node.properties) {
    if (ts.isPropertyAssignment(property)) {
      const name = propertyName(property.name);
      if (name !== undefined) found.push({ name, value: property.initializer });
    } else if (ts.isShorthandPropertyAssignment(property)) {
      found.push({ name: property.name.text, value: property.name });
    }
  }
  return found;
}

function calleeText(expr: ts.Expression, source: ts.SourceFile): string {
  return unwrap(expr).getText(source).replace(/\s+/g, "");
}


function statusFromInit(node: ts.Expression | undefined): number | undefined {
  if (!node) return undefined;
  const expr = unwrap(node);
  const direct = numericValue(expr);
  if (direct !== undefined) return direct;
  if (!ts.isObjectLiteralExpression(expr)) return undefined;
  for (const { name, value } of objectProperties(expr)) {
    if (STATUS_KEYS.has(name)) return numericValue(value);
  }
  return undefined;
}

class JsContractCollector {
  readonly entries: ContractEntry[] = [];
  /** Calls/constructions already recorded as part of a larger site, so the generic visitors skip them. */
  private readonly handled = new Set<ts.Node>();
  private readonly errorClasses = new Set<string>();
  private readonly rejectNames = new Set<string>(["reject"]);

  constructor(
    private readonly file: string,
    private readonly source: ts.SourceFile,
    private readonly known: ReadonlySet<string> = new Set(),
  ) {}

  collect(): ContractEntry[] {
    this.collectErrorClasses(this.source);
    this.visit(this.source, "<module>");
    return this.entries.sort((a, b) => a.line - b.line);
  }

  private isErrorClassName(name: string): boolean {
    return ERROR_CLASS_NAME.test(name) || this.errorClasses.has(name) || this.known.has(name);
  }

  /** Local classes that extend an error class (transitively, in source order or not), so `new MyFail()` counts. */
  private collectErrorClasses(root: ts.Node): void {
    const heritage = new Map<string, string>();
    const visit = (node: ts.Node): void => {
      if ((ts.isClassDeclaration(node) || ts.isClassExpression(node)) && node.name) {
        const base = this.baseClassName(node);
        if (base) heritage.set(node.name.text, base);
      }
      ts.forEachChild(node, visit);
    };
    visit(root);
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

  private baseClassName(node: ts.ClassLikeDeclaration): string | undefined {
    for (const clause of node.heritageClauses ?? []) {
      if (clause.token !== ts.SyntaxKind.ExtendsKeyword) continue;
      const [type] = clause.types;
      if (type) return calleeText(type.expression, this.source);
    }
    return undefined;
  }

  private lineOf(node: ts.Node): number {
    return this.source.getLineAndCharacterOfPosition(node.getStart(this.source)).line + 1;
  }

  private endLineOf(node: ts.Node): number {
    return this.source.getLineAndCharacterOfPosition(node.getEnd()).line + 1;
  }

  private add(kind: ContractEntryKind, parts: MessageParts, site: string, at: ts.Node, functionName: string): void {
    const entry = contractEntry(kind, parts, { file: this.file, line: this.lineOf(at), endLine: this.endLineOf(at), functionName, site });
    if (entry) this.entries.push(entry);
  }


  private visit(node: ts.Node, functionName: string): void {
    const scope = this.scopeName(node, functionName);
    this.inspect(node, scope);
    ts.forEachChild(node, (child) => this.visit(child, scope));
  }

  private inspect(node: ts.Node, scope: string): void {
    if (ts.isThrowStatement(node)) this.onThrow(node, scope);
    else if (ts.isCallExpression(node)) this.onCall(node, scope);
    else if (ts.isNewExpression(node)) this.onNew(node, scope);
    else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) this.onAssign(node, scope);
    else if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) this.onClass(node);
    else if (ts.isPropertyDeclaration(node)) this.onClassProperty(node, scope);
  }

  // ---- scopes -------------------------------------------------------------------------------------------

  private className(node: ts.ClassLikeDeclaration): string {
    if (node.name) return node.name.text;
    const parent = node.parent;
    if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
    return "<class>";
  }

  private scopeName(node: ts.Node, enclosing: string): string {
    if (ts.isFunctionDeclaration(node)) return node.name ? node.name.text : "default";
    if (ts.isConstructorDeclaration(node)) return `${this.className(node.parent)}.constructor`;
    if ((ts.isMethodDeclaration(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node)) && ts.isClassLike(node.parent)) {
      return `${this.className(node.parent)}.${propertyName(node.name) ?? "<computed>"}`;
    }
    if (ts.isMethodDeclaration(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node)) {
      return propertyName(node.name) ?? enclosing;
    }
    if (ts.isFunctionExpression(node) || ts.isArrowFunction(node)) return this.functionExpressionName(node, enclosing);
    return enclosing;
  }

  private functionExpressionName(node: ts.FunctionExpression | ts.ArrowFunction, enclosing: string): string {
    const parent = node.parent;
    if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
    if (ts.isPropertyAssignment(parent)) return propertyName(parent.name) ?? enclosing;
    if (ts.isPropertyDeclaration(parent) && ts.isClassLike(parent.parent)) {
      return `${this.className(parent.parent)}.${propertyName(parent.name) ?? "<computed>"}`;
    }
    if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      return calleeText(parent.left, this.source);
    }
    if (ts.isFunctionExpression(node) && node.name) return node.name.text;
    if (ts.isCallExpression(parent)) {
      this.rememberExecutorReject(node, parent);
      const [first] = parent.arguments;
      // Route-style callbacks (`app.get("/users", (req, res) => …)`) are named after the route.
      if (first && ts.isStringLiteralLike(first)) {
        return `${calleeText(parent.expression, this.source)}(${JSON.stringify(first.text)})`;
      }
    }
    if (ts.isNewExpression(parent)) this.rememberExecutorReject(node, parent);
    return enclosing;
  }

  /** In `new Promise((resolve, fail) => …)` the second parameter is the reject function, whatever its name. */
  private rememberExecutorReject(fn: ts.FunctionExpression | ts.ArrowFunction, call: ts.CallExpression | ts.NewExpression): void {
    if (!ts.isNewExpression(call) || calleeText(call.expression, this.source) !== "Promise") return;
    const second = fn.parameters[1];
    if (second && ts.isIdentifier(second.name)) this.rejectNames.add(second.name.text);
  }

  // ---- sites --------------------------------------------------------------------------------------------

  private onThrow(node: ts.ThrowStatement, scope: string): void {
    this.recordError(node.expression, "throw", node, scope);
  }

  /** An error value at a throw/reject site: `new X(…)`, `X(…)`, an object literal or a string. */
  private recordError(value: ts.Expression, prefix: string, at: ts.Node, scope: string): void {
    const expr = unwrap(value);
    if (ts.isNewExpression(expr) || ts.isCallExpression(expr)) {
      this.handled.add(expr);
      const name = calleeText(expr.expression, this.source);
      this.recordErrorArguments(expr.arguments ?? ts.factory.createNodeArray(), `${prefix}:${name}`, at, scope, true);
    } else if (ts.isObjectLiteralExpression(expr)) {
      this.recordErrorObject(expr, `${prefix}:object`, at, scope);
    } else {
      const parts = jsMessageParts(expr);
      if (parts) this.add("message", parts, `${prefix}:literal`, at, scope);
    }
  }

  private recordErrorArguments(
    args: ts.NodeArray<ts.Expression>,
    site: string,
    at: ts.Node,
    scope: string,
    statusAllowed: boolean,
  ): void {
    let messageFound = false;
    for (const arg of args) {
      const expr = unwrap(arg);
      const parts = jsMessageParts(expr);
      if (parts && !messageFound) {
        this.add("message", parts, site, at, scope);
        messageFound = true;
      } else if (ts.isObjectLiteralExpression(expr)) {
        this.recordErrorObject(expr, site, at, scope, !messageFound);
        messageFound = messageFound || objectProperties(expr).some((p) => p.name === "message");
      } else if (statusAllowed) {
        const status = numericValue(expr);
        if (status !== undefined && isHttpErrorStatus(status)) this.add("http", [String(status)], `http:${status}`, at, scope);
      }
    }
  }

  private recordErrorObject(node: ts.ObjectLiteralExpression, site: string, at: ts.Node, scope: string, withMessage = true): void {
    for (const { name, value } of objectProperties(node)) {
      const parts = jsMessageParts(value);
      if (name === "code" && parts) this.add("code", parts, "code", at, scope);
      else if (withMessage && (name === "message" || name === "msg") && parts) this.add("message", parts, site, at, scope);
      else if (STATUS_KEYS.has(name)) {
        const status = numericValue(value);
        if (status !== undefined && isHttpErrorStatus(status)) this.add("http", [String(status)], `http:${status}`, at, scope);
      }
    }
  }

  private onCall(node: ts.CallExpression, scope: string): void {
    if (this.handled.has(node)) return;
    const callee = unwrap(node.expression);
    const name = calleeText(callee, this.source);
    const [first, second] = node.arguments;
    if ((name === "Promise.reject" || this.rejectNames.has(name)) && first) {
      this.recordError(first, "reject", node, scope);
      return;
    }
    if (isErrorHelperCall(name)) {
      // next(createError(404, "…")), this.error("…"), fail("…")
      this.recordErrorArguments(node.arguments, `call:${name}`, node, scope, true);
      return;
    }
    if (!ts.isPropertyAccessExpression(callee)) return;
    const method = callee.name.text;
    const receiver = unwrap(callee.expression);
    if (LOG_METHODS.has(method) && isLoggerName(calleeText(receiver, this.source))) {
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
      const status = statusFromInit(second);
      if (status !== undefined && isHttpErrorStatus(status)) {
        this.add("http", [String(status)], `http:${status}`, node, scope);
        this.recordBody(first, node, scope);
      }
    }
  }

  /** `res.status(400).json(…)`, `reply.code(422).send(…)`: one site with the status and the body. */
  private onChainedStatus(node: ts.CallExpression, method: string, receiver: ts.Expression, scope: string): boolean {
    if (!["json", "send", "end", "jsonp"].includes(method) || !ts.isCallExpression(receiver)) return false;
    const inner = unwrap(receiver.expression);
    if (!ts.isPropertyAccessExpression(inner) || !["status", "code"].includes(inner.name.text)) return false;
    const status = numericValue(receiver.arguments[0]);
    if (status === undefined || !isHttpErrorStatus(status)) return false;
    this.handled.add(receiver);
    this.add("http", [String(status)], `http:${status}`, node, scope);
    const [body] = node.arguments;
    if (body) this.recordBody(body, node, scope);
    return true;
  }

  private recordBody(body: ts.Expression, at: ts.Node, scope: string, depth = 0): void {
    const expr = unwrap(body);
    const parts = jsMessageParts(expr);
    if (parts) {
      this.add("message", parts, "http-body", at, scope);
      return;
    }
    if (ts.isCallExpression(expr) && calleeText(expr.expression, this.source) === "JSON.stringify" && expr.arguments[0]) {
      this.recordBody(expr.arguments[0], at, scope, depth);
      return;
    }
    if (!ts.isObjectLiteralExpression(expr) || depth > 1) return;
    for (const { name, value } of objectProperties(expr)) {
      const valueParts = jsMessageParts(value);
      if (name === "code" && valueParts) this.add("code", valueParts, "code", at, scope);
      else if (BODY_MESSAGE_KEYS.has(name) && valueParts) this.add("message", valueParts, `http-body:${name}`, at, scope);
      else if (BODY_MESSAGE_KEYS.has(name) || name === "errors") this.recordBody(value, at, scope, depth + 1);
    }
  }

  private onLog(node: ts.CallExpression, method: string, scope: string): void {
    for (const arg of node.arguments) {
      const parts = jsMessageParts(arg);
      if (parts) {
        this.add("message", printfToParts(parts), `log:${method}`, node, scope);
        return;
      }
    }
  }

  private onNew(node: ts.NewExpression, scope: string): void {
    if (this.handled.has(node)) return;
    const name = calleeText(node.expression, this.source);
    const args = node.arguments ?? ts.factory.createNodeArray();
    if (/Response$/.test(lastName(name))) {
      const status = statusFromInit(args[1]);
      if (status !== undefined && isHttpErrorStatus(status)) {
        this.add("http", [String(status)], `http:${status}`, node, scope);
        if (args[0]) this.recordBody(args[0], node, scope);
      }
      return;
    }
    if (this.isErrorClassName(lastName(name))) this.recordErrorArguments(args, `new:${name}`, node, scope, true);
  }

  private onAssign(node: ts.BinaryExpression, scope: string): void {
    const left = unwrap(node.left);
    if (!ts.isPropertyAccessExpression(left)) return;
    const name = left.name.text;
    if (name === "code") {
      const parts = jsMessageParts(node.right);
      if (parts) this.add("code", parts, "code", node, scope);
    } else if (name === "statusCode" || name === "status") {
      const status = numericValue(node.right);
      if (status !== undefined && isHttpErrorStatus(status)) this.add("http", [String(status)], `http:${status}`, node, scope);
    }
  }

  private onClass(node: ts.ClassLikeDeclaration): void {
    if (!node.name || !this.errorClasses.has(node.name.text)) return;
    const name = node.name.text;
    this.add("class", [name], "class", node.name, "<module>");
    const visitConstructor = (child: ts.Node): void => {
      if (ts.isConstructorDeclaration(child) && child.body) this.findSuperMessage(child.body, name);
    };
    node.members.forEach(visitConstructor);
  }

  /** The default message an error class passes to `super(…)`. */
  private findSuperMessage(body: ts.Block, className: string): void {
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.SuperKeyword) {
        this.handled.add(node);
        const [first] = node.arguments;
        const parts = first ? jsMessageParts(first) : undefined;
        if (parts) this.add("message", parts, `super:${className}`, node, `${className}.constructor`);
        return;
      }
      if (!ts.isFunctionLike(node)) ts.forEachChild(node, visit);
    };
    visit(body);
  }

  /** `code = "E_…"` declared on an error class. */
  private onClassProperty(node: ts.PropertyDeclaration, scope: string): void {
    if (!ts.isClassLike(node.parent) || !node.parent.name || !this.errorClasses.has(node.parent.name.text)) return;
    if (propertyName(node.name) !== "code" || !node.initializer) return;
    const parts = jsMessageParts(node.initializer);
    if (parts) this.add("code", parts, "code", node, scope === "<module>" ? node.parent.name.text : scope);
  }
}

/** Error contract of a JS/TS/JSX/TSX file; throws ContractParseError on syntax errors. */
export function extractJsContract(path: string, text: string, options: ExtractOptions = {}): ContractEntry[] {
  const source = parseJsLikeStrict(path, text);
  return new JsContractCollector(path, source, options.knownErrorClasses).collect();
}
