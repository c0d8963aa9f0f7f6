import type { Node } from "web-tree-sitter";
import { contractEntry } from "./message-template";
import { ContractParseError } from "./parse-error";
import { printfToParts } from "./printf";
import { withPythonTree } from "../../parsers/tree-sitter-python";
import { namedChildren, pythonMessageParts } from "./python-strings";
import type { ContractEntry, ContractEntryKind, MessageParts } from "./types";

import { ERROR_CLASS_NAME, isErrorHelperCall, isLoggerName } from "./error-names";
import type { ExtractOptions } from "./extract";
const LOG_METHODS = new Set(["error", "exception", "critical", "fatal"]);
const MESSAGE_KEYWORDS = new Set(["message", "msg", "detail", "description", "reason"]);
const BODY_KEYS = new Set(["error", "message", "detail", "title", "reason", "msg", "description"]);
/** Variables and attributes an exception class keeps its message in. */
const MESSAGE_VARIABLES = new Set(["message", "msg", "default_message", "error_message", "detail", "description"]);
const STATUS_KEYWORDS = new Set(["status", "status_code", "code"]);

function isHttpErrorStatus(value: number): boolean {
  return Number.isInteger(value) && value >= 400 && value <= 599;
}

function integerValue(node: Node | null | undefined): number | undefined {
  return node?.type === "integer" && /^\d+$/.test(node.text) ? Number(node.text) : undefined;
}

function lastName(text: string): string {
  return text.slice(text.lastIndexOf(".") + 1);
}

interface CallArguments {
  positional: Node[];
  keywords: Map<string, Node>;
}

function callArguments(call: Node): CallArguments {
  const positional: Node[] = [];
  const keywords = new Map<string, Node>();
  const list = call.childForFieldName("arguments");
  for (const arg of list ? namedChildren(list) : []) {
    if (arg.type === "keyword_argument") {
      const name = arg.childForFieldName("name")?.text;
      const value = arg.childForFieldName("value");
      if (name && value) keywords.set(name, value);
    } else if (arg.type !== "comment") {
      positional.push(arg);
    }
  }
  return { positional, keywords };
}

function dictEntries(node: Node): { key: string; value: Node }[] {
  const found: { key: string; value: Node }[] = [];
  for (const pair of namedChildren(node)) {
    if (pair.type !== "pair") continue;
    const keyParts = pythonMessageParts(pair.childForFieldName("key"));
    const value = pair.childForFieldName("value");
    if (keyParts?.length === 1 && typeof keyParts[0] === "string" && value) found.push({ key: keyParts[0], value });
  }
  return found;
}

class PythonContractCollector {
  readonly entries: ContractEntry[] = [];
  private readonly handled = new Set<number>();
  private readonly errorClasses = new Set<string>();

  constructor(
    private readonly file: string,
    private readonly known: ReadonlySet<string> = new Set(),
  ) {}

  collect(root: Node): ContractEntry[] {
    this.collectErrorClasses(root);
    this.visit(root, "<module>", undefined);
    return this.entries.sort((a, b) => a.line - b.line);
  }

  private isErrorClassName(name: string): boolean {
    return ERROR_CLASS_NAME.test(name) || name === "BaseException" || this.errorClasses.has(name) || this.known.has(name);
  }

  private baseNames(node: Node): string[] {
    const bases = node.childForFieldName("superclasses");
    return bases ? namedChildren(bases).filter((b) => b.type !== "keyword_argument").map((b) => lastName(b.text)) : [];
  }

  private collectErrorClasses(root: Node): void {
    const heritage = new Map<string, string[]>();
    for (const cls of root.descendantsOfType("class_definition")) {
      const name = cls?.childForFieldName("name")?.text;
      if (cls && name) heritage.set(name, this.baseNames(cls));
    }
    let grew = true;
    while (grew) {
      grew = false;
      for (const [name, bases] of heritage) {
        if (!this.errorClasses.has(name) && bases.some((base) => this.isErrorClassName(base))) {
          this.errorClasses.add(name);
          grew = true;
        }
      }
    }
  }

  private add(kind: ContractEntryKind, parts: MessageParts, site: string, at: Node, functionName: string): void {
    const entry = contractEntry(kind, parts, { file: this.file, line: at.startPosition.row + 1, endLine: at.endPosition.row + 1, functionName, site });
    if (entry) this.entries.push(entry);
  }


  private addStatus(status: number | undefined, at: Node, scope: string): boolean {
    if (status === undefined || !isHttpErrorStatus(status)) return false;
    this.add("http", [String(status)], `http:${status}`, at, scope);
    return true;
  }

  private visit(node: Node, scope: string, errorClass: string | undefined): void {
    let innerScope = scope;
    let innerClass = errorClass;
    if (node.type === "function_definition") {
      const name = node.childForFieldName("name")?.text ?? "<lambda>";
      const cls = this.enclosingClassName(node);
      innerScope = cls ? `${cls}.${name}` : name;
    } else if (node.type === "class_definition") {
      const name = node.childForFieldName("name")?.text ?? "<class>";
      innerClass = this.errorClasses.has(name) ? name : undefined;
      if (innerClass) this.add("class", [name], "class", node.childForFieldName("name") ?? node, "<module>");
      innerScope = scope === "<module>" ? name : `${scope}.${name}`;
    }
    this.inspect(node, innerScope, innerClass);
    for (const child of namedChildren(node)) this.visit(child, innerScope, innerClass);
  }

  private enclosingClassName(fn: Node): string | undefined {
    let parent = fn.parent;
    if (parent?.type === "decorated_definition") parent = parent.parent;
    if (parent?.type !== "block") return undefined;
    const owner = parent.parent;
    return owner?.type === "class_definition" ? owner.childForFieldName("name")?.text : undefined;
  }

  private inspect(node: Node, scope: string, errorClass: string | undefined): void {
    switch (node.type) {
      case "raise_statement":
        this.onRaise(node, scope);
        break;
      case "call":
        if (!this.handled.has(node.id)) this.onCall(node, scope, errorClass);
        break;
      case "return_statement":
        this.onReturn(node, scope);
        break;
      case "assignment":
        this.onAssignment(node, scope, errorClass);
        break;
      default:
        break;
    }
  }

  private onRaise(node: Node, scope: string): void {
    const [value] = namedChildren(node);
    if (value?.type !== "call") return;
    this.handled.add(value.id);
    const name = value.childForFieldName("function")?.text ?? "<call>";
    this.recordErrorCall(value, `raise:${name}`, node, scope);
  }

  /** Arguments of an exception constructor: message, code=…, HTTP status (HTTPException(status_code=404, detail=…)). */
  private recordErrorCall(call: Node, site: string, at: Node, scope: string): void {
    const { positional, keywords } = callArguments(call);
    let messageFound = false;
    for (const arg of positional) {
      const parts = pythonMessageParts(arg);
      if (parts && !messageFound) {
        this.add("message", parts, site, at, scope);
        messageFound = true;
      } else {
        this.addStatus(integerValue(arg), at, scope);
      }
    }
    for (const [name, value] of keywords) {
      const parts = pythonMessageParts(value);
      if (name === "code" && parts) this.add("code", parts, "code", at, scope);
      else if (MESSAGE_KEYWORDS.has(name) && parts && !messageFound) {
        this.add("message", parts, site, at, scope);
        messageFound = true;
      } else if (STATUS_KEYWORDS.has(name)) this.addStatus(integerValue(value), at, scope);
      else if (name === "detail" && value.type === "dictionary") this.recordBody(value, at, scope);
    }
  }

  private onCall(node: Node, scope: string, errorClass: string | undefined): void {
    const fn = node.childForFieldName("function");
    if (!fn) return;
    const name = fn.text.replace(/\s+/g, "");
    const method = lastName(name);
    const { positional, keywords } = callArguments(node);
    if (fn.type === "attribute" && LOG_METHODS.has(method)) {
      const receiver = fn.childForFieldName("object")?.text ?? "";
      if (isLoggerName(receiver)) this.onLog(positional, `log:${method}`, node, scope);
      else if (isErrorHelperCall(name)) this.recordErrorCall(node, `call:${name}`, node, scope); // parser.error("…")
      return;
    }
    if (method === "abort" && positional.length > 0) {
      // Flask abort(404, "…") / abort(404, description="…")
      if (this.addStatus(integerValue(positional[0]), node, scope)) {
        const body = positional[1] ?? keywords.get("description");
        if (body) this.recordBody(body, node, scope);
      }
      return;
    }
    if (name === "super().__init__" && errorClass) {
      const parts = pythonMessageParts(positional[0] ?? null);
      if (parts) this.add("message", parts, `super:${errorClass}`, node, scope);
      return;
    }
    if (this.isErrorClassName(method)) {
      this.recordErrorCall(node, `new:${name}`, node, scope);
      return;
    }
    if (isErrorHelperCall(name)) {
      // self.fail(_("{value!r} is not a valid {number_type}.").format(…), param, ctx)
      this.recordErrorCall(node, `call:${name}`, node, scope);
      return;
    }
    const statusNode = keywords.get("status") ?? keywords.get("status_code");
    if (this.addStatus(integerValue(statusNode), node, scope)) {
      // Response("…", status=400), JSONResponse(status_code=400, content={…}), HttpResponse(…, status=400)
      const body = positional[0] ?? keywords.get("content") ?? keywords.get("response");
      if (body) this.recordBody(body, node, scope);
    }
  }

  private onLog(positional: Node[], site: string, at: Node, scope: string): void {
    for (const arg of positional) {
      const parts = pythonMessageParts(arg);
      if (parts) {
        this.add("message", printfToParts(parts), site, at, scope);
        return;
      }
    }
  }

  /** Flask: `return jsonify(error="…"), 400` / `return {"error": "…"}, 422` / `return "…", 404`. */
  private onReturn(node: Node, scope: string): void {
    const [value] = namedChildren(node);
    if (value?.type !== "expression_list") return;
    const items = namedChildren(value);
    if (items.length < 2 || !this.addStatus(integerValue(items[1]), node, scope)) return;
    const body = items[0];
    if (body) this.recordBody(body, node, scope);
  }

  private recordBody(body: Node, at: Node, scope: string, depth = 0): void {
    const parts = pythonMessageParts(body);
    if (parts) {
      this.add("message", parts, "http-body", at, scope);
      return;
    }
    if (depth > 1) return;
    if (body.type === "call") {
      this.handled.add(body.id);
      const { positional, keywords } = callArguments(body);
      for (const [key, value] of keywords) this.recordBodyField(key, value, at, scope, depth);
      const first = positional[0];
      if (first) this.recordBody(first, at, scope, depth + 1);
    } else if (body.type === "dictionary") {
      for (const { key, value } of dictEntries(body)) this.recordBodyField(key, value, at, scope, depth);
    }
  }

  private recordBodyField(key: string, value: Node, at: Node, scope: string, depth: number): void {
    const parts = pythonMessageParts(value);
    if (key === "code" && parts) this.add("code", parts, "code", at, scope);
    else if (BODY_KEYS.has(key) && parts) this.add("message", parts, `http-body:${key}`, at, scope);
    else if (BODY_KEYS.has(key) || key === "errors") this.recordBody(value, at, scope, depth + 1);
  }

  /** `err.code = "E_…"`, `code = "E_…"` in an exception class body, `self.status_code = 404`. */
  private onAssignment(node: Node, scope: string, errorClass: string | undefined): void {
    const left = node.childForFieldName("left");
    const right = node.childForFieldName("right");
    if (!left || !right) return;
    const target = left.type === "attribute" ? left.childForFieldName("attribute")?.text : left.text;
    if (errorClass && target !== undefined && MESSAGE_VARIABLES.has(target)) {
      // An error class building its default message: `message = _("No such option {name!r}.").format(…)`.
      const parts = pythonMessageParts(right);
      if (parts) this.add("message", parts, `super:${errorClass}`, node, scope);
      return;
    }
    const isClassAttribute = left.type === "identifier" && errorClass !== undefined && node.parent?.parent?.type === "block"
      && node.parent.parent.parent?.type === "class_definition";
    if (left.type !== "attribute" && !isClassAttribute) return;
    if (target === "code") {
      const parts = pythonMessageParts(right);
      if (parts) this.add("code", parts, "code", node, scope);
    } else if (target === "status_code") {
      this.addStatus(integerValue(right), node, scope);
    }
  }
}

function firstErrorLine(root: Node): number {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.shift() as Node;
    if (node.isError || node.isMissing) return node.startPosition.row + 1;
    for (const child of node.children) if (child && (child.hasError || child.isMissing)) stack.push(child);
  }
  return root.startPosition.row + 1;
}

/** Error contract of a Python file; throws ContractParseError when tree-sitter reports syntax errors. */
export async function extractPythonContract(path: string, text: string, options: ExtractOptions = {}): Promise<ContractEntry[]> {
  return withPythonTree(text, (tree) => {
    const root = tree.rootNode;
    if (root.hasError) throw new ContractParseError(path, firstErrorLine(root), "Python syntax error");
    return new PythonContractCollector(path, options.knownErrorClasses).collect(root);
  });
}
