/**
 * Builds the context pack a model sees for a job, within a token budget: the target files, the files
 * they import, the files that import them, then the most similar chunks from the rest of the repo.
 * The pack is stored on the Change so the reviewer sees exactly what the model saw.
 */
import { readTreeFiles } from "../../git/read-tree";
import { importsOf, languageOf } from "./imports";
import { parseTsconfigAliases, Resolver } from "./resolve";
import { candidateFiles, SimilarCodeIndex } from "./similar";

export type ContextReason = "target" | "imports" | "imported-by" | "similar";

export interface ContextEntry {
  file: string;
  reason: ContextReason;
  score: number;
  tokens: number;
  content: string;
  startLine?: number;
  endLine?: number;
  /** True when the file was cut to fit the budget. */
  truncated?: boolean;
}

export interface ContextPack {
  entries: ContextEntry[];
  totalTokens: number;
  budget: number;
  /** Files that were relevant but did not fit. */
  omitted: { file: string; reason: ContextReason }[];
  /** Target paths that do not exist at the base commit (the job creates them). */
  newFiles: string[];
}

export interface BuildContextInput {
  repoDir: string;
  baseCommit: string;
  targetPaths: string[];
  instruction: string;
  budgetTokens?: number;
  /** Pre-read files (path → text), e.g. from a cache; read from git when absent. */
  files?: Map<string, string>;
}

const INDEXABLE = /\.(m|c)?(j|t)sx?$|\.pyi?$|\.(md|ya?ml|json|toml|rules|go|rs|java|rb|sh|sql|css|html)$/i;
const SKIP_DIR = /(^|\/)(node_modules|dist|build|vendor|\.next|coverage|__pycache__)\//;
const LOCKFILE = /(package-lock\.json|yarn\.lock|pnpm-lock\.yaml|poetry\.lock|\.min\.js)$/;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function isContextCandidate(path: string): boolean {
  return INDEXABLE.test(path) && !SKIP_DIR.test(path) && !LOCKFILE.test(path);
}

export async function buildContextPack(input: BuildContextInput): Promise<ContextPack> {
  const budget = input.budgetTokens ?? 12_000;
  const files =
    input.files ?? (await readTreeFiles(input.repoDir, input.baseCommit, { include: isContextCandidate, maxBytes: 512 * 1024 }));
  const fileSet = new Set(files.keys());
  const aliases =
    parseTsconfigAliases(files.get("tsconfig.json")) ?? parseTsconfigAliases(files.get("jsconfig.json")) ?? null;
  const resolver = new Resolver(fileSet, aliases);

  const targets = input.targetPaths.map((p) => p.replace(/^\.?\//, ""));
  const targetSet = new Set(targets);
  const newFiles = targets.filter((t) => !files.has(t));

  // Import edges from targets, and reverse edges into targets from every code file.
  const imported = new Map<string, number>();
  const importers = new Map<string, number>();
  for (const t of targets) {
    const src = files.get(t);
    if (src === undefined) continue;
    for (const spec of importsOf(t, src)) {
      const hit = resolver.resolve(t, spec);
      if (hit && !targetSet.has(hit) && files.get(hit)!.trim() !== "") imported.set(hit, (imported.get(hit) ?? 0) + 1);
    }
  }
  for (const [file, src] of files) {
    if (targetSet.has(file) || !languageOf(file)) continue;
    // Cheap prefilter: the importer must mention a target's file stem.
    if (!targets.some((t) => src.includes(stem(t)))) continue;
    for (const spec of importsOf(file, src)) {
      const hit = resolver.resolve(file, spec);
      if (hit && targetSet.has(hit)) importers.set(file, (importers.get(file) ?? 0) + 1);
    }
  }

  const entries: ContextEntry[] = [];
  const omitted: ContextPack["omitted"] = [];
  let used = 0;
  const add = (file: string, reason: ContextReason, score: number, content: string, lines?: [number, number]) => {
    const tokens = estimateTokens(content);
    if (used + tokens <= budget) {
      entries.push({ file, reason, score, tokens, content, ...(lines ? { startLine: lines[0], endLine: lines[1] } : {}) });
      used += tokens;
      return true;
    }
    // Targets are never dropped: keep as much of the head as fits.
    if (reason === "target" && budget - used > 200) {
      const room = (budget - used) * 4;
      const cut = content.slice(0, room);
      entries.push({ file, reason, score, tokens: estimateTokens(cut), content: cut, truncated: true });
      used += estimateTokens(cut);
      return true;
    }
    omitted.push({ file, reason });
    return false;
  };

  for (const t of targets) {
    const src = files.get(t);
    if (src !== undefined) add(t, "target", 1, src);
  }
  for (const [file, n] of [...imported].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
    add(file, "imports", n, files.get(file)!);
  }
  for (const [file, n] of [...importers].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
    add(file, "imported-by", n, files.get(file)!);
  }

  const taken = new Set(entries.map((e) => e.file));
  if (used < budget) {
    const rest: [string, string][] = [];
    for (const [f, src] of files) if (!taken.has(f)) rest.push([f, src]);
    if (rest.length > 0) {
      const query = [input.instruction, ...targets, ...targets.map((t) => files.get(t)?.slice(0, 4000) ?? "")].join("\n");
      const index = new SimilarCodeIndex(candidateFiles(rest, query));
      for (const { chunk, score } of index.query(query, { limit: 30 })) {
        if (used >= budget) break;
        add(chunk.file, "similar", Math.round(score * 1000) / 1000, chunk.text, [chunk.startLine, chunk.endLine]);
      }
    }
  }
  return { entries, totalTokens: used, budget, omitted, newFiles };
}

function stem(p: string): string {
  const base = p.split("/").pop() ?? p;
  const dot = base.indexOf(".");
  const s = dot > 0 ? base.slice(0, dot) : base;
  return s === "index" || s === "__init__" ? (p.split("/").slice(-2, -1)[0] ?? s) : s;
}
