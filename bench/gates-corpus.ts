/**
 * The complexity benchmark's corpus: real files from installed packages and from Debian's Python
 * standard library. The selection is deterministic (sorted paths, fixed stride) so every run, on
 * every machine with the same lockfile, measures the same files.
 */
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const NODE_MODULES = path.join(ROOT, "node_modules");
const PYTHON_STDLIB = "/usr/lib/python3.11";

export interface CorpusFile {
  /** Display path (relative to node_modules, or absolute for Python). */
  label: string;
  path: string;
  text: string;
  lines: number;
}

interface Source {
  /** Folder under node_modules. */
  dir: string;
  /** Relative paths (from `dir`) to consider. */
  include: RegExp;
  quota: number;
}

const SKIP = /(^|\/)(node_modules|__tests__|tests?|testSetup)(\/|$)|\.(test|spec)\.|\.d\.[cm]?ts$|\.min\.js$/;

/** One flavour per package (ESM build or sources), not the same code twice. */
const SOURCES: Source[] = [
  { dir: "semver", include: /^(classes|functions|internal|ranges)\/.*\.js$/, quota: 18 },
  { dir: "picomatch", include: /^(lib\/.*|index)\.js$/, quota: 6 },
  { dir: "pg", include: /^lib\/.*\.js$/, quota: 12 },
  { dir: "diff", include: /^libesm\/.*\.js$/, quota: 12 },
  { dir: "minisearch", include: /^src\/.*\.ts$/, quota: 6 },
  { dir: "zod", include: /^src\/v4\/(core|classic)\/[^/]*\.ts$/, quota: 18 },
  { dir: "next-auth", include: /^src\/(core|client|jwt|utils|next)\/.*\.tsx?$/, quota: 16 },
  { dir: "recharts", include: /^es6\/.*\.js$/, quota: 26 },
  { dir: "@tanstack/query-core", include: /^src\/.*\.ts$/, quota: 16 },
  { dir: "@typescript-eslint/typescript-estree", include: /^dist\/.*\.js$/, quota: 16 },
];
const PYTHON_QUOTA = 30;
/** Larger files are mostly generated tables; they would dominate the figure. */
const MAX_BYTES = 120_000;

function walk(dir: string, prefix = ""): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) return walk(path.join(dir, e.name), rel);
    return e.isFile() ? [rel] : [];
  });
}

/** `quota` paths spread evenly over the sorted list. */
function spread<T>(sorted: readonly T[], quota: number): T[] {
  if (sorted.length <= quota) return [...sorted];
  return Array.from({ length: quota }, (_, i) => sorted[Math.floor((i * sorted.length) / quota)]);
}

function load(label: string, file: string): CorpusFile | undefined {
  const stat = fs.statSync(file);
  if (stat.size === 0 || stat.size > MAX_BYTES) return undefined;
  const text = fs.readFileSync(file, "utf8");
  return { label, path: file, text, lines: text.split("\n").length };
}

export function javascriptCorpus(): { files: CorpusFile[]; missing: string[] } {
  const files: CorpusFile[] = [];
  const missing: string[] = [];
  for (const source of SOURCES) {
    const base = path.join(NODE_MODULES, source.dir);
    const candidates = walk(base)
      .filter((rel) => source.include.test(rel) && !SKIP.test(rel) && fs.statSync(path.join(base, rel)).size <= MAX_BYTES)
      .sort();
    if (candidates.length === 0) missing.push(source.dir);
    for (const rel of spread(candidates, source.quota)) {
      const file = load(`${source.dir}/${rel}`, path.join(base, rel));
      if (file) files.push(file);
    }
  }
  return { files, missing };
}

export function pythonCorpus(): CorpusFile[] {
  const names = walk(PYTHON_STDLIB)
    .filter((rel) => !rel.includes("/") && rel.endsWith(".py") && fs.statSync(path.join(PYTHON_STDLIB, rel)).size <= MAX_BYTES)
    .sort();
  return spread(names, PYTHON_QUOTA).flatMap((rel) => load(`python3.11/${rel}`, path.join(PYTHON_STDLIB, rel)) ?? []);
}

export function totalLines(files: readonly CorpusFile[]): number {
  return files.reduce((sum, f) => sum + f.lines, 0);
}
