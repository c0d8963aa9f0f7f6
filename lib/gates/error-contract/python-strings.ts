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
  if (node.type === "concatenated_string") return namedChildren(node).every(isPlainString);
  return node.type === "string" && !children(node).some((child) => child.type === "interpolation");
}

/**
 * gettext-style translation calls and which positional argument holds the message: `_("…")`, `gettext("…")`,
 * `ngettext("one", "many", n)` (the singular), `pgettext(context, "…")`, lazy variants.
 */
const TRANSLATION_ARGUMENT: Record<string, number> = {
  _: 0,
  _l: 0,
  N_: 0,
  gettext: 0,
  ugettext: 0,
  gettext_lazy: 0,
  ugettext_lazy: 0,
  lazy_gettext: 0,
  ngettext: 0,
  ungettext: 0,
  ngettext_lazy: 0,
  lazy_ngettext: 0,
  pgettext: 1,
  pgettext_lazy: 1,
  npgettext: 1,
};

function positionalArguments(call: Node): Node[] {
  const list = call.childForFieldName("arguments");
  return list ? namedChildren(list).filter((arg) => arg.type !== "keyword_argument" && arg.type !== "comment") : [];
}

/** The message literal inside a translation call (`_("…")`, `ngettext("…", "…", n)`), or undefined. */
export function translatedLiteral(node: Node): Node | undefined {
  if (node.type !== "call") return undefined;
  const fn = node.childForFieldName("function");
  const name = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : fn?.type === "identifier" ? fn.text : undefined;
  const index = name === undefined ? undefined : TRANSLATION_ARGUMENT[name];
  if (index === undefined) return undefined;
  const arg = positionalArguments(node)[index];
  return arg && (arg.type === "string" || arg.type === "concatenated_string") ? arg : undefined;
}

/** A literal, possibly translated: what `.format(…)` and `%` may be applied to. */
function formatTarget(node: Node | null): Node | undefined {
  if (!node) return undefined;
  if (node.type === "parenthesized_expression") return formatTarget(namedChildren(node)[0] ?? null);
  if (node.type === "string" || node.type === "concatenated_string") return node;
  return translatedLiteral(node);
}

/**
 * Static and dynamic parts of a Python string-valued expression: f-strings, `%`, `.format(…)`, `+`, implicit
 * concatenation, and translated messages (`_("No such option {name!r}.").format(name=…)`).
 */
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
      const target = operator === "%" ? formatTarget(left) : undefined;
      if (target) {
        const parts = pythonMessageParts(target);
        return parts ? printfToParts(parts) : undefined;
      }
      if (operator !== "+") return undefined;
      const leftParts = pythonMessageParts(left);
      const rightParts = pythonMessageParts(node.childForFieldName("right"));
      if (!leftParts && !rightParts) return undefined;
      return normalizeParts([...(leftParts ?? [null]), ...(rightParts ?? [null])]);
    }
    case "call": {
      const translated = translatedLiteral(node);
      if (translated) return pythonMessageParts(translated);
      const fn = node.childForFieldName("function");
      if (fn?.type !== "attribute" || fn.childForFieldName("attribute")?.text !== "format") return undefined;
      const target = formatTarget(fn.childForFieldName("object"));
      if (!target || !isPlainString(target)) return undefined;
      const parts = pythonMessageParts(target);
      return parts ? braceFormatToParts(parts) : undefined;
    }
    default:
      return undefined;
  }
}
