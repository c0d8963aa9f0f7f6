/**
 * Matches the functions of a file before a change with the functions after it: first by name and
 * enclosing-function path (e.g. "outer > inner"), then, within such a group, by position.
 */
import type { FunctionComplexity } from "./types";

export interface FunctionPair {
  before: FunctionComplexity | null;
  after: FunctionComplexity;
}

function endsAfterOrWith(outer: FunctionComplexity, inner: FunctionComplexity): boolean {
  if (outer.endLine !== inner.endLine) return outer.endLine > inner.endLine;
  // Without end columns (e.g. the Python analyzer) same-line ends count as nested.
  return (outer.endColumn ?? Infinity) >= (inner.endColumn ?? 0);
}

/** "outer > inner > name" for each function, derived from position ranges. */
export function functionPaths(functions: readonly FunctionComplexity[]): Map<FunctionComplexity, string> {
  const sorted = [...functions].sort((a, b) => a.line - b.line || a.column - b.column);
  const open: { fn: FunctionComplexity; path: string }[] = [];
  const paths = new Map<FunctionComplexity, string>();
  for (const fn of sorted) {
    while (open.length > 0 && !endsAfterOrWith(open[open.length - 1].fn, fn)) open.pop();
    const parent = open[open.length - 1];
    const path = parent ? `${parent.path} > ${fn.name}` : fn.name;
    paths.set(fn, path);
    open.push({ fn, path });
  }
  return paths;
}

function groupByPath(functions: readonly FunctionComplexity[]): Map<string, FunctionComplexity[]> {
  const groups = new Map<string, FunctionComplexity[]>();
  for (const [fn, path] of functionPaths(functions)) {
    const group = groups.get(path);
    if (group) group.push(fn);
    else groups.set(path, [fn]);
  }
  return groups;
}

/** Pairs within one path group: in order when the counts agree, otherwise nearest line first. */
function pairGroup(before: FunctionComplexity[], after: FunctionComplexity[]): FunctionPair[] {
  if (before.length === after.length) return after.map((fn, i) => ({ before: before[i], after: fn }));
  const candidates: { b: number; a: number; distance: number }[] = [];
  before.forEach((fb, b) => after.forEach((fa, a) => candidates.push({ b, a, distance: Math.abs(fa.line - fb.line) })));
  candidates.sort((x, y) => x.distance - y.distance || x.a - y.a || x.b - y.b);
  const usedBefore = new Set<number>();
  const match = new Map<number, FunctionComplexity>();
  for (const { b, a } of candidates) {
    if (usedBefore.has(b) || match.has(a)) continue;
    usedBefore.add(b);
    match.set(a, before[b]);
  }
  return after.map((fn, a) => ({ before: match.get(a) ?? null, after: fn }));
}

/** Every function after the change with its counterpart before it (null = new function). */
export function pairFunctions(
  before: readonly FunctionComplexity[],
  after: readonly FunctionComplexity[],
): FunctionPair[] {
  const beforeGroups = groupByPath(before);
  const pairs: FunctionPair[] = [];
  for (const [path, group] of groupByPath(after)) {
    const byPosition = (a: FunctionComplexity, b: FunctionComplexity) => a.line - b.line || a.column - b.column;
    pairs.push(...pairGroup([...(beforeGroups.get(path) ?? [])].sort(byPosition), [...group].sort(byPosition)));
  }
  return pairs.sort((x, y) => x.after.line - y.after.line || x.after.column - y.after.column);
}
