import type { Node } from "web-tree-sitter";
import { normalizeParts } from "./message-template";
import { braceFormatToParts, printfToParts } from "./printf";
import type { MessageParts } from "./types";

const SIMPLE_ESCAPES: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  "\\": "\\",
  "'": "'",
  '"': '"',
  a: "\x07",
  b: "\b",
  f: "\f",
  v: "\v",
  "0": "\0",
  "\n": "",
};

/** Python escape sequences of a non-raw literal; unknown escapes stay as written, like Python does. */
export function unescapePython(text: string): string {
  return text.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[\s\S])/g, (whole, body: string) => {
    if (body.length > 1) {
      const code = Number.parseInt(body.slice(1), 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return SIMPLE_ESCAPES[body] ?? whole;
  });
}

function children(node: Node): Node[] {
  return node.children.filter((child): child is Node => child !== null);
}

export function namedChildren(node: Node): Node[] {
  return node.namedChildren.filter((child): child is Node => child !== null);
}

function stringLiteralParts(node: Node): MessageParts {
  const start = children(node).find((child) => child.type === "string_start");
  const prefix = (start?.text ?? "").replace(/['"]+$/, "").toLowerCase();
  const raw = prefix.includes("r");
  const formatted = prefix.includes("f") || prefix.includes("t");
  const parts: MessageParts = [];
  for (const child of children(node)) {
    if (child.type === "string_content") {
      let text = child.text;
      if (formatted) text = text.replace(/\{\{/g, "{").replace(/\}\}/g, "}");
      parts.push(raw ? text : unescapePython(text));
    } else if (child.type === "interpolation") {
      parts.push(null);
    }
  }
  return normalizeParts(parts);
}

function isPlainString(node: Node): boolean {
  return node.type === "string" && !children(node).some((child) => child.type === "interpolation");
}

/** Static and dynamic parts of a Python string-valued expression (f-strings, %, .format, +, implicit concat). */
export function pythonMessageParts(node: Node | null): MessageParts | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case "string":
      return stringLiteralParts(node);
    case "concatenated_string":
      return normalizeParts(namedChildren(node).flatMap((child) => pythonMessageParts(child) ?? [null]));
    case "parenthesized_expression":
      return pythonMessageParts(namedChildren(node)[0] ?? null);
    case "binary_operator": {
      const operator = node.childForFieldName("operator")?.text;
      const left = node.childForFieldName("left");
      if (operator === "%" && left && (left.type === "string" || left.type === "concatenated_string")) {
        const parts = pythonMessageParts(left);
        return parts ? printfToParts(parts) : undefined;
      }
      if (operator !== "+") return undefined;
      const leftParts = pythonMessageParts(left);
      const rightParts = pythonMessageParts(node.childForFieldName("right"));
      if (!leftParts && !rightParts) return undefined;
      return normalizeParts([...(leftParts ?? [null]), ...(rightParts ?? [null])]);
    }
    case "call": {
      const fn = node.childForFieldName("function");
      if (fn?.type !== "attribute" || fn.childForFieldName("attribute")?.text !== "format") return undefined;
      const target = fn.childForFieldName("object");
      if (!target || !isPlainString(target)) return undefined;
      const parts = pythonMessageParts(target);
      return parts ? braceFormatToParts(parts) : undefined;
    }
    default:
      return undefined;
  }
}
