/**
 * "Most similar code": a BM25 full-text index (MiniSearch) over line chunks of the repository,
 * queried with the instruction and the identifiers of the target files.
 */
import MiniSearch from "minisearch";

export interface Chunk {
  id: number;
  file: string;
  startLine: number;
  endLine: number;
  text: string;
}

const STOP = new Set(
  "the a an and or of to in for on with is are be this that it as at by from import export const let var function return if else new class def self none true false null undefined".split(
    " ",
  ),
);

/** Splits code into search terms: identifiers broken at camelCase and snake_case boundaries. */
export function codeTerms(text: string): string[] {
  const out: string[] = [];
  for (const word of text.split(/[^A-Za-z0-9]+/)) {
    if (!word) continue;
    const parts = word.replace(/([a-z0-9])([A-Z])/g, "$1 $2").split(" ");
    for (const p of parts.length > 1 ? [...parts, word] : parts) {
      const t = p.toLowerCase();
      if (t.length >= 2 && !STOP.has(t) && !/^\d+$/.test(t)) out.push(t);
    }
  }
  return out;
}

export function chunkFile(file: string, text: string, linesPerChunk = 60, firstId = 0): Chunk[] {
  const lines = text.split("\n");
  const chunks: Chunk[] = [];
  for (let start = 0; start < lines.length; start += linesPerChunk) {
    const end = Math.min(lines.length, start + linesPerChunk);
    chunks.push({ id: firstId + chunks.length, file, startLine: start + 1, endLine: end, text: lines.slice(start, end).join("\n") });
  }
  return chunks;
}

/**
 * Files worth indexing for a query: those containing at least one distinctive query term. Terms found in
 * more than half of the files carry almost no BM25 weight (tiny IDF), so they do not qualify a file on
 * their own; a file with none of the remaining terms could not score anyway. This keeps the index small
 * on large repositories without changing what ranks first.
 */
export function candidateFiles(files: [string, string][], query: string, maxShare = 0.5): [string, string][] {
  const terms = [...new Set(codeTerms(query))].filter((t) => t.length >= 3);
  if (terms.length === 0) return files;
  const lowered = files.map(([, text]) => text.toLowerCase());
  const df = terms.map((t) => lowered.reduce((n, text) => n + (text.includes(t) ? 1 : 0), 0));
  const distinctive = terms.filter((_, i) => df[i] > 0 && df[i] <= files.length * maxShare);
  if (distinctive.length === 0) return files;
  return files.filter((_, i) => distinctive.some((t) => lowered[i].includes(t)));
}

export class SimilarCodeIndex {
  private readonly search: MiniSearch<Chunk>;
  private readonly chunks: Chunk[] = [];

  constructor(files: Iterable<[string, string]>) {
    this.search = new MiniSearch<Chunk>({
      fields: ["text", "file"],
      storeFields: [],
      tokenize: codeTerms,
      processTerm: (t) => t,
      searchOptions: { boost: { file: 2 }, tokenize: codeTerms, processTerm: (t) => t },
    });
    for (const [file, text] of files) {
      for (const c of chunkFile(file, text, 60, this.chunks.length)) this.chunks.push(c);
    }
    this.search.addAll(this.chunks);
  }

  get size(): number {
    return this.chunks.length;
  }

  query(text: string, opts: { exclude?: Set<string>; limit?: number } = {}): { chunk: Chunk; score: number }[] {
    const hits = this.search.search(text, { combineWith: "OR" });
    const out: { chunk: Chunk; score: number }[] = [];
    for (const h of hits) {
      const chunk = this.chunks[h.id as number];
      if (opts.exclude?.has(chunk.file)) continue;
      out.push({ chunk, score: h.score });
      if (out.length >= (opts.limit ?? 20)) break;
    }
    return out;
  }
}
