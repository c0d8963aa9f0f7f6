import { DYNAMIC_PLACEHOLDER, type ContractEntry, type ContractEntryKind, type MessageParts } from "./types";

/** Merges adjacent static parts and collapses adjacent holes, so equal messages get equal parts. */
export function normalizeParts(parts: MessageParts): MessageParts {
  const out: MessageParts = [];
  for (const part of parts) {
    const last = out.length > 0 ? out[out.length - 1] : undefined;
    if (part === null) {
      if (last !== null || out.length === 0) out.push(null);
    } else if (part !== "") {
      if (typeof last === "string") out[out.length - 1] = last + part;
      else out.push(part);
    }
  }
  return out;
}

export function partsToText(parts: MessageParts): string {
  return normalizeParts(parts)
    .map((part) => (part === null ? DYNAMIC_PLACEHOLDER : part))
    .join("");
}

export function staticFragmentsOf(parts: MessageParts): string[] {
  return normalizeParts(parts).filter((part): part is string => part !== null && part.trim() !== "");
}

/** Splits an entry's text back into parts (the placeholder marks holes). */
export function textToParts(text: string): MessageParts {
  const pieces = text.split(DYNAMIC_PLACEHOLDER);
  const parts: MessageParts = [];
  pieces.forEach((piece, index) => {
    if (index > 0) parts.push(null);
    parts.push(piece);
  });
  return normalizeParts(parts);
}

export function hasDynamicParts(text: string): boolean {
  return text.includes(DYNAMIC_PLACEHOLDER);
}

/** Values substituted for holes when a regex is tested against a templated message: any of them may satisfy it. */
const SAMPLE_VALUES = ["x", "42", "value", "http://127.0.0.1/a?b=1", "some value", ""];

/** Concrete messages a template can produce (one per sample value), for testing regular expressions. */
export function sampleInstances(text: string): string[] {
  if (!hasDynamicParts(text)) return [text];
  return SAMPLE_VALUES.map((value) => text.split(DYNAMIC_PLACEHOLDER).join(value));
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Regex source for a consumer template: its static parts in order, each hole accepting anything on the line. Outer
 * holes are dropped (the search is unanchored). Undefined when it has no hole (a plain string) or no static text.
 */
export function consumerTemplateSource(parts: MessageParts): string | undefined {
  const normalized = normalizeParts(parts);
  if (!normalized.includes(null)) return undefined;
  const statics = normalized.filter((part): part is string => part !== null);
  while (normalized[0] === null) normalized.shift();
  while (normalized[normalized.length - 1] === null) normalized.pop();
  if (statics.join("").trim() === "") return undefined;
  return normalized.map((part) => (part === null ? ".*?" : escapeRegex(part))).join("");
}

/** A regex matching exactly the strings the template can produce (holes match anything on one line). */
export function templateRegex(text: string, anchored: boolean): RegExp {
  const source = text.split(DYNAMIC_PLACEHOLDER).map(escapeRegex).join("[^\\n]*?");
  return new RegExp(anchored ? `^${source}$` : source);
}

/** The contract entry for a message at lines line..endLine of file, or null when it has no text (every reader). */
export function contractEntry(
  kind: ContractEntryKind,
  parts: MessageParts,
  where: { file: string; line: number; endLine: number; functionName: string; site: string },
): ContractEntry | null {
  const text = partsToText(parts);
  if (text.trim() === "") return null;
  return { kind, text, staticFragments: staticFragmentsOf(parts), ...where };
}
