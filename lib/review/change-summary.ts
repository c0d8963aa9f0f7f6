/**
 * The summary at the top of the Change page (what CodeRabbit puts first): files and lines changed,
 * the functions a revision adds, changes or removes (named functions, paired by their nesting path as
 * the complexity gate pairs them), and the gate headline. Runs in the web server when the page loads,
 * so it reads JavaScript/TypeScript only (lib/review/function-outline.ts); Python files are listed as not read.
 */
import { structuredPatch } from "diff";
import { functionPaths } from "../gates/complexity/pair";
import type { FunctionComplexity } from "../gates/complexity/types";
import { outlineFunctions } from "./function-outline";

export interface SummaryFile {
  path: string;
  before: string | null;
  after: string | null;
}

export interface FunctionChange {
  file: string;
  name: string;
  kind: "added" | "changed" | "removed";
  /** Line on the side where the function exists (after, or before for a removed one). */
  line: number;
}

export interface ChangeSummary {
  files: { added: number; modified: number; deleted: number; total: number };
  additions: number;
  deletions: number;
  functions: FunctionChange[];
  /** Files whose functions could not be read (a syntax error, Python in the web server). */
  unparsed: string[];
  headline: string;
}

const SCRIPT = /\.(?:[cm]?[jt]sx?)$/i;
const PYTHON = /\.py$/i;

interface ChangedLines {
  before: Set<number>;
  after: Set<number>;
  additions: number;
  deletions: number;
}

/** Exact changed line numbers on both sides (a zero-context diff). */
export function changedLines(before: string, after: string): ChangedLines {
  const out: ChangedLines = { before: new Set(), after: new Set(), additions: 0, deletions: 0 };
  for (const h of structuredPatch("a", "b", before, after, "", "", { context: 0 }).hunks) {
    let oldLine = h.oldStart;
    let newLine = h.newStart;
    for (const l of h.lines) {
      if (l.startsWith("-")) {
        out.before.add(oldLine++);
        out.deletions++;
      } else if (l.startsWith("+")) {
        out.after.add(newLine++);
        out.additions++;
      } else if (l.startsWith(" ")) {
        oldLine++;
        newLine++;
      }
    }
    // A pure insertion touches the function around its position on the old side too (the lines on
    // either side of the gap).
    if (h.oldLines === 0) for (const l of [h.oldStart - 1, h.oldStart]) if (l >= 1) out.before.add(l);
  }
  return out;
}

function touches(fn: FunctionComplexity, lines: Set<number>): boolean {
  for (const l of lines) if (l >= fn.line && l <= fn.endLine) return true;
  return false;
}

async function functionsOf(path: string, text: string | null): Promise<Map<string, FunctionComplexity> | null> {
  if (text === null) return new Map();
  try {
    const fns = outlineFunctions(path, text);
    // Keyed by the nesting path ("outer > inner"), the same identity the complexity gate pairs by.
    const out = new Map<string, FunctionComplexity>();
    for (const [fn, name] of functionPaths(fns)) if (!out.has(name)) out.set(name, fn);
    return out;
  } catch {
    return null;
  }
}

async function fileFunctions(f: SummaryFile, lines: ChangedLines): Promise<FunctionChange[] | null> {
  const [before, after] = await Promise.all([functionsOf(f.path, f.before), functionsOf(f.path, f.after)]);
  if (!before || !after) return null;
  const out: FunctionChange[] = [];
  for (const [name, fn] of after) {
    const old = before.get(name);
    if (!old) out.push({ file: f.path, name, kind: "added", line: fn.line });
    else if (touches(fn, lines.after) || touches(old, lines.before)) out.push({ file: f.path, name, kind: "changed", line: fn.line });
  }
  for (const [name, fn] of before) if (!after.has(name)) out.push({ file: f.path, name, kind: "removed", line: fn.line });
  return out;
}

export function gateHeadline(gates: readonly { gate: string; status: string; summary: string }[]): string {
  if (gates.length === 0) return "No gate results yet";
  const passed = gates.filter((g) => g.status === "pass").length;
  const problems = gates.filter((g) => g.status === "fail" || g.status === "error");
  const named = (status: string) => gates.filter((g) => g.status === status).map((g) => g.gate);
  const warned = named("warn");
  const skipped = named("skipped");
  // Skipped gates (no analyser applies) are not counted as passing or failing, only named.
  const head =
    `${passed} of ${gates.length - skipped.length} gates pass` +
    (warned.length ? `, ${warned.length} warn (${warned.join(", ")})` : "") +
    (skipped.length ? `, ${skipped.length} skipped (${skipped.join(", ")})` : "");
  if (problems.length === 0) return head;
  return `${head} — ${problems.map((g) => `${g.gate} ${g.status === "fail" ? "failed" : "could not decide"}: ${g.summary}`).join("; ")}`;
}

export async function summarizeChange(files: readonly SummaryFile[], gates: readonly { gate: string; status: string; summary: string }[]): Promise<ChangeSummary> {
  const summary: ChangeSummary = {
    files: { added: 0, modified: 0, deleted: 0, total: files.length },
    additions: 0,
    deletions: 0,
    functions: [],
    unparsed: [],
    headline: gateHeadline(gates),
  };
  for (const f of files) {
    if (f.before === null) summary.files.added++;
    else if (f.after === null) summary.files.deleted++;
    else summary.files.modified++;
    const lines = changedLines(f.before ?? "", f.after ?? "");
    summary.additions += lines.additions;
    summary.deletions += lines.deletions;
    if (PYTHON.test(f.path)) {
      summary.unparsed.push(f.path);
      continue;
    }
    if (!SCRIPT.test(f.path) || /\.d\.[cm]?ts$/i.test(f.path)) continue;
    const fns = await fileFunctions(f, lines);
    if (fns) summary.functions.push(...fns);
    else summary.unparsed.push(f.path);
  }
  return summary;
}
