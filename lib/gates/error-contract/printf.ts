import { normalizeParts } from "./message-template";
import type { MessageParts } from "./types";

/** printf-style conversions used by console/util.format and Python logging ("%s", "%(name)s", "%d"…). */
const CONVERSION = /%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifoOjcrxXeEgGa%]/g;

/** Turns printf conversions inside static parts into holes, so "Failed %s" pairs and matches like a template. */
export function printfToParts(parts: MessageParts): MessageParts {
  const out: MessageParts = [];
  for (const part of parts) {
    if (part === null) {
      out.push(null);
      continue;
    }
    let last = 0;
    for (const match of part.matchAll(CONVERSION)) {
      const index = match.index ?? 0;
      out.push(part.slice(last, index));
      out.push(match[0] === "%%" ? "%" : null);
      last = index + match[0].length;
    }
    out.push(part.slice(last));
  }
  return normalizeParts(out);
}

/** str.format / f-string style: "{}" "{0}" "{name}" become holes, "{{" "}}" become braces. */
export function braceFormatToParts(parts: MessageParts): MessageParts {
  const out: MessageParts = [];
  for (const part of parts) {
    if (part === null) {
      out.push(null);
      continue;
    }
    let last = 0;
    for (const match of part.matchAll(/\{\{|\}\}|\{[^{}]*\}/g)) {
      const index = match.index ?? 0;
      out.push(part.slice(last, index));
      out.push(match[0] === "{{" ? "{" : match[0] === "}}" ? "}" : null);
      last = index + match[0].length;
    }
    out.push(part.slice(last));
  }
  return normalizeParts(out);
}
