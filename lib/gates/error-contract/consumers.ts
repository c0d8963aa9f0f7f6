import { applyFilter, candidateKey, PROCESS_CANDIDATES, unfiltered, type CandidateStore } from "./candidate-cache";
import type { Candidate, CandidateFilter } from "./candidates";
import { jsCandidatesEstree } from "./candidates-js-estree";
import { pythonCandidates } from "./candidates-python";
import { textCandidates } from "./candidates-text";
import { matchCandidate, matchRegex, prepareTarget, type ConsumerTarget, type PreparedTarget } from "./consumer-match";
import { isPythonPath } from "./extract";
import { isChangelogPath, isTestPath } from "../path-roles";
import { isJsLikePath } from "./js-path";
import { compilePortableRegex, isTrivialRegex } from "./portable-regex";
import { emptyStats, readRepoTextFiles, resolveCommit, type RepoReadStats, type RepoTextFile } from "./repo-files";
import type { Consumer, ConsumerMatch } from "./types";
import { compareOrdinal } from "../../text/ordinal";

export type { ConsumerTarget } from "./consumer-match";

/** Lines of a file that are the changed code's own error sites, not consumers. */
export interface ExcludedSpan {
  file: string;
  line: number;
  endLine: number;
}

export interface ConsumerSearchOptions {
  /** Path → text that replaces the base commit's version (the change's after-text; null = deleted). */
  overrides?: ReadonlyMap<string, string | null>;
  exclude?: readonly ExcludedSpan[];
  signal?: AbortSignal;
  /** Where repository files' candidates are kept between searches (default: this process's memory; null: nowhere). */
  candidates?: CandidateStore | null;
}

interface CandidateStats {
  /** Files whose candidates came from the candidate cache instead of a parse. */
  filesFromCache: number;
}

export interface ConsumerSearchStats extends RepoReadStats, CandidateStats {
  /** Files that passed the keyword pre-filter and were tokenized/parsed (or read from the candidate cache). */
  filesScanned: number;
}

export interface ConsumerSearchResult {
  /** Target id → consumers, sorted by file and line. */
  consumers: Map<string, Consumer[]>;
  stats: ConsumerSearchStats;
}

const MATCH_PRIORITY: Record<ConsumerMatch, number> = { regex: 3, template: 3, literal: 2, fragment: 1 };

function candidateFilter(targets: PreparedTarget[]): CandidateFilter {
  const keywords = [...new Set(targets.flatMap((target) => target.keywords))];
  return {
    relevant: (text) => {
      const lower = text.toLowerCase();
      return keywords.some((keyword) => lower.includes(keyword));
    },
    identifiers: new Set(targets.filter((target) => target.searchIdentifiers).map((target) => target.before)),
  };
}

/** undefined: this process's memory; null: keep nothing. */
const storeOf = (candidates: CandidateStore | null | undefined): CandidateStore | null => (candidates === undefined ? PROCESS_CANDIDATES : candidates);

async function candidatesOf(file: RepoTextFile, filter: CandidateFilter, store: CandidateStore | null, stats?: CandidateStats): Promise<Candidate[]> {
  const context = { testFile: isTestPath(file.path) };
  if (isJsLikePath(file.path)) {
    let fast: Candidate[] | undefined;
    if (file.oid && store) {
      const key = candidateKey(file.oid, file.path, context.testFile, filter.identifiers);
      let all = await store.get(key);
      if (all !== undefined && stats) stats.filesFromCache += 1;
      if (all === undefined) {
        all = jsCandidatesEstree(file.path, file.text, unfiltered(filter), context) ?? null;
        await store.set(key, all);
      }
      fast = all === null ? undefined : applyFilter(all, filter);
    } else {
      fast = jsCandidatesEstree(file.path, file.text, filter, context);
    }
    return fast ?? (await import("./candidates-js")).jsCandidates(file.path, file.text, filter, context);
  }
  if (isPythonPath(file.path)) return pythonCandidates(file.text, filter, context);
  return textCandidates(file.path, file.text, filter);
}

function matchTemplateOrRegex(regex: RegExp, candidate: Extract<Candidate, { type: "regex" | "template" }>, target: PreparedTarget) {
  const found = matchRegex(regex, candidate.source, target);
  return found && candidate.type === "template" ? { ...found, match: "template" as const, text: candidate.text } : found;
}

function isExcluded(file: string, line: number, exclude: readonly ExcludedSpan[]): boolean {
  return exclude.some((span) => span.file === file && line >= span.line && line <= span.endLine);
}

/**
 * Consumers of the targets in one file: every candidate is tested against every target whose keywords occur in
 * the file. Returns target id → consumers (at most one per line, the strongest match kind).
 */
export async function consumersInFile(
  file: RepoTextFile,
  targets: PreparedTarget[],
  options: { exclude?: readonly ExcludedSpan[]; candidates?: CandidateStore | null; stats?: CandidateStats } = {},
): Promise<Map<string, Consumer[]> | undefined> {
  const exclude = options.exclude ?? [];
  const lower = file.text.toLowerCase();
  const relevant = targets.filter((target) => target.keywords.some((keyword) => lower.includes(keyword)));
  if (relevant.length === 0) return undefined;
  const store = storeOf(options.candidates);
  const candidates = await candidatesOf(file, candidateFilter(relevant), store, options.stats);
  // A changelog records what was said then: worth a mention, never a broken consumer.
  const changelog = isChangelogPath(file.path);
  const byTargetLine = new Map<string, Consumer>();
  const compiled = new Map<string, RegExp | null>();
  for (const candidate of candidates) {
    if (isExcluded(file.path, candidate.line, exclude)) continue;
    let regex: RegExp | null = null;
    if (candidate.type === "regex" || candidate.type === "template") {
      const [flags, anchored] = candidate.type === "regex" ? [candidate.flags, candidate.anchored] : ["", false];
      const key = `${candidate.type}/${anchored}/${flags}/${candidate.source}`;
      if (!compiled.has(key)) {
        const made = compilePortableRegex(candidate.source, flags, anchored);
        compiled.set(key, made && !isTrivialRegex(made, candidate.source) ? made : null);
      }
      regex = compiled.get(key) ?? null;
      if (!regex) continue;
    }
    for (const target of relevant) {
      const found = regex && (candidate.type === "regex" || candidate.type === "template")
        ? matchTemplateOrRegex(regex, candidate, target)
        : matchCandidate(candidate, target);
      if (!found || (changelog && found.match === "fragment")) continue; // a changelog counts only when it quotes the message
      const key = `${target.id}\0${candidate.line}`;
      const existing = byTargetLine.get(key);
      if (existing && MATCH_PRIORITY[existing.match] >= MATCH_PRIORITY[found.match]) continue;
      byTargetLine.set(
        key,
        changelog
          ? { file: file.path, line: candidate.line, text: found.text, match: found.match, broken: false, informational: true }
          : { file: file.path, line: candidate.line, text: found.text, match: found.match, broken: found.broken },
      );
    }
  }
  const result = new Map<string, Consumer[]>();
  for (const [key, consumer] of byTargetLine) {
    const id = key.slice(0, key.indexOf("\0"));
    result.set(id, [...(result.get(id) ?? []), consumer]);
  }
  return result;
}

/**
 * Searches the whole repository at `baseCommit` (with the change's own files at their new text) for consumers of
 * old error texts: literal occurrences, distinctive fragments, regexes in tests/configs that accept them.
 * One pass: one `git ls-tree`, one `git cat-file --batch`, each file read once and tested against all targets.
 * Rejects with RepoReadError when the repository or commit cannot be read.
 */
export async function findConsumers(
  repoDir: string,
  baseCommit: string,
  targets: ConsumerTarget[],
  options: ConsumerSearchOptions = {},
): Promise<ConsumerSearchResult> {
  const stats: ConsumerSearchStats = { ...emptyStats(), filesScanned: 0, filesFromCache: 0 };
  const consumers = new Map<string, Consumer[]>(targets.map((target) => [target.id, []]));
  if (targets.length === 0) return { consumers, stats };
  const prepared = targets.map(prepareTarget);
  const commit = await resolveCommit(repoDir, baseCommit, stats, options.signal);
  const files = readRepoTextFiles(repoDir, commit, { overrides: options.overrides, signal: options.signal, stats });
  const store = storeOf(options.candidates);
  try {
    for await (const file of files) {
      options.signal?.throwIfAborted();
      const found = await consumersInFile(file, prepared, { exclude: options.exclude, candidates: store, stats });
      if (!found) continue;
      stats.filesScanned += 1;
      for (const [id, list] of found) consumers.get(id)?.push(...list);
    }
  } finally {
    await store?.flush?.();
  }
  for (const list of consumers.values()) list.sort((a, b) => compareOrdinal(a.file, b.file) || a.line - b.line);
  return { consumers, stats };
}
