import type { EntryPair } from "./pair";
import { siteFamily } from "./pair";
import type { ContractEntry, ContractFinding } from "./types";
import { compareOrdinal } from "../../text/ordinal";

/**
 * Class thrown at an error site ("throw:TypeError" → "TypeError"); undefined for literals, objects, logs and
 * `super(…)` defaults and error-helper calls (a renamed class is reported by its declaration).
 */
function thrownClass(entry: ContractEntry): string | undefined {
  if (entry.kind !== "message" || siteFamily(entry.site) !== "error" || entry.site.startsWith("super:") || entry.site.startsWith("call:")) {
    return undefined;
  }
  const name = entry.site.slice(entry.site.indexOf(":") + 1);
  return name === "literal" || name === "object" ? undefined : name;
}

function finding(kind: ContractFinding["kind"], entry: ContractEntry, before: string | null, after: string | null): ContractFinding {
  return {
    file: entry.file,
    line: entry.line,
    kind,
    entryKind: entry.kind,
    functionName: entry.functionName,
    site: entry.site,
    before,
    after,
    consumers: [],
  };
}

/** Turns pairs into findings: changed texts, removed and added entries, and a changed thrown class. */
export function findingsFromPairs(pairs: EntryPair[]): ContractFinding[] {
  const found: ContractFinding[] = [];
  for (const { before, after } of pairs) {
    if (before && after) {
      if (before.text !== after.text) {
        found.push(finding("changed", after, before.text, after.text));
        continue;
      }
      const oldClass = thrownClass(before);
      const newClass = thrownClass(after);
      if (oldClass && newClass && oldClass !== newClass) {
        found.push({ ...finding("changed", after, oldClass, newClass), entryKind: "class" });
      }
    } else if (before) {
      found.push(finding("removed", before, before.text, null));
    } else if (after) {
      found.push(finding("added", after, null, after.text));
    }
  }
  return found.sort((a, b) => compareOrdinal(a.file, b.file) || a.line - b.line);
}
