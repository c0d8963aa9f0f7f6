/**
 * Location fingerprints that survive lines moving: a problem is identified by its tool, rule, message and
 * file plus the text of its line (weak) or its line with the nearest non-blank lines around it (strong),
 * never by the line number. SARIF partialFingerprints, when a tool gives them, replace the strong hash.
 */
import { createHash } from "node:crypto";
import type { Diagnostic } from "./types";

const hash = (s: string) => createHash("sha1").update(s).digest("hex").slice(0, 16);
const squash = (s: string) => s.trim().replace(/\s+/g, " ");

/** Messages without what differs between two checkouts of the same code: worktree paths, "line 12 column 3". */
export function normalizeMessage(message: string, roots: readonly string[] = []): string {
  let m = message;
  for (const root of roots) if (root) m = m.split(`${root}/`).join("").split(root).join("");
  return squash(m.replace(/\b(line|column|col)\s+\d+/gi, "$1 N").replace(/:\d+:\d+\b/g, ":N:N"));
}

/** Sets lineHash/contextHash from the file text the diagnostic was reported on. */
export function fingerprint(diags: Diagnostic[], readFile: (file: string) => string | null): void {
  const lines = new Map<string, string[] | null>();
  for (const d of diags) {
    if (!d.file || !d.line) continue;
    if (!lines.has(d.file)) {
      const text = readFile(d.file);
      lines.set(d.file, text === null ? null : text.split(/\r?\n/));
    }
    const file = lines.get(d.file);
    if (!file || d.line > file.length) continue;
    const at = d.line - 1;
    const neighbour = (step: number) => {
      for (let i = at + step; i >= 0 && i < file.length; i += step) if (file[i]!.trim()) return squash(file[i]!);
      return "";
    };
    const own = squash(file[at]!);
    d.lineHash = hash(own);
    d.contextHash = hash(`${neighbour(-1)}\n${own}\n${neighbour(1)}`);
  }
}

function identity(d: Diagnostic): string {
  return JSON.stringify([d.tool, d.rule, normalizeMessage(d.message), d.file ?? ""]);
}

function strongKey(d: Diagnostic): string {
  if (d.partialFingerprints) return `${identity(d)}|fp:${JSON.stringify(Object.entries(d.partialFingerprints).sort())}`;
  return `${identity(d)}|${d.file && d.line ? (d.contextHash ?? `line:${d.line}`) : "-"}`;
}

function weakKey(d: Diagnostic): string {
  return `${identity(d)}|${d.file && d.line ? (d.lineHash ?? `line:${d.line}`) : "-"}`;
}

export interface Comparison {
  /** Problems of the change that were not there at base. */
  introduced: Diagnostic[];
  /** Base problems gone after the change. */
  fixed: number;
}

/**
 * Matches change diagnostics to base ones as multisets: first by the strong key (line + neighbours, or
 * SARIF fingerprints), then what is left by the weak key (the line alone: it moved and its neighbours changed).
 */
export function compareDiagnostics(base: readonly Diagnostic[], change: readonly Diagnostic[]): Comparison {
  let remaining = [...change];
  let pool = [...base];
  for (const key of [strongKey, weakKey]) {
    const bag = new Map<string, number>();
    for (const d of pool) bag.set(key(d), (bag.get(key(d)) ?? 0) + 1);
    const unmatched: Diagnostic[] = [];
    const used = new Map<string, number>();
    for (const d of remaining) {
      const k = key(d);
      const left = bag.get(k) ?? 0;
      if (left > 0) {
        bag.set(k, left - 1);
        used.set(k, (used.get(k) ?? 0) + 1);
      } else unmatched.push(d);
    }
    pool = pool.filter((d) => {
      const k = key(d);
      const n = used.get(k) ?? 0;
      if (n > 0) {
        used.set(k, n - 1);
        return false;
      }
      return true;
    });
    remaining = unmatched;
  }
  return { introduced: remaining, fixed: pool.length };
}
