import type { ContractEntry } from "./types";

export interface EntryPair {
  before: ContractEntry | null;
  after: ContractEntry | null;
}

/** Minimum similarity for pairing entries of different functions (e.g. a renamed function). */
const SIMILARITY_THRESHOLD = 0.5;

/** `call:` = a message given to an error helper (`self.fail(…)`, `createError(…)`). */
const ERROR_SITE_PREFIXES = new Set(["throw", "raise", "reject", "new", "super", "call"]);

/** Sites that play the same role: an error thrown one way or another, a log call, an HTTP body… */
export function siteFamily(site: string): string {
  const prefix = site.split(":")[0] ?? site;
  return ERROR_SITE_PREFIXES.has(prefix) ? "error" : prefix;
}

function bigrams(text: string): Map<string, number> {
  const grams = new Map<string, number>();
  const lower = text.toLowerCase();
  for (let i = 0; i < lower.length - 1; i += 1) {
    const gram = lower.slice(i, i + 2);
    grams.set(gram, (grams.get(gram) ?? 0) + 1);
  }
  return grams;
}

/** Dice coefficient over character bigrams: 1 for equal texts, 0 for nothing in common. */
export function textSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const left = bigrams(a);
  const right = bigrams(b);
  let total = 0;
  let shared = 0;
  for (const count of left.values()) total += count;
  for (const [gram, count] of right) {
    total += count;
    shared += Math.min(count, left.get(gram) ?? 0);
  }
  return total === 0 ? 0 : (2 * shared) / total;
}

type Matcher = (before: ContractEntry, after: ContractEntry) => boolean;

/**
 * Pairs before/after entries of one file. Rounds, each on what earlier rounds left: identical entries
 * (unchanged, possibly moved), then same site in the same function in order, then same function and site family in
 * order, then the most similar remaining texts across functions. Leftovers are removed/added.
 */
export function pairEntries(
  before: ContractEntry[],
  after: ContractEntry[],
  options: { /** Names of functions present after the change (contract entries or not). */ functionsAfter?: string[] } = {},
): EntryPair[] {
  const pairs: EntryPair[] = [];
  const freeBefore = [...before];
  const freeAfter = [...after];

  const takeInOrder = (matches: Matcher): void => {
    for (let i = 0; i < freeBefore.length; ) {
      const old = freeBefore[i] as ContractEntry;
      const j = freeAfter.findIndex((candidate) => matches(old, candidate));
      if (j < 0) {
        i += 1;
        continue;
      }
      pairs.push({ before: old, after: freeAfter[j] as ContractEntry });
      freeBefore.splice(i, 1);
      freeAfter.splice(j, 1);
    }
  };

  const sameKind: Matcher = (a, b) => a.kind === b.kind;
  takeInOrder((a, b) => sameKind(a, b) && a.text === b.text && a.site === b.site && a.functionName === b.functionName);
  takeInOrder((a, b) => sameKind(a, b) && a.text === b.text && a.site === b.site);
  takeInOrder((a, b) => sameKind(a, b) && a.text === b.text && a.functionName === b.functionName);
  takeInOrder((a, b) => sameKind(a, b) && a.text === b.text && siteFamily(a.site) === siteFamily(b.site));
  takeInOrder((a, b) => sameKind(a, b) && a.site === b.site && a.functionName === b.functionName);
  takeInOrder(
    (a, b) => sameKind(a, b) && a.functionName === b.functionName && siteFamily(a.site) === siteFamily(b.site),
  );

  // Similarity round: best-scoring pairs first, so one good match is not stolen by a weaker one.
  const scored: { i: number; j: number; score: number }[] = [];
  freeBefore.forEach((old, i) => {
    freeAfter.forEach((candidate, j) => {
      if (!sameKind(old, candidate) || old.kind === "http") return;
      const score = textSimilarity(old.text, candidate.text);
      if (score >= SIMILARITY_THRESHOLD) scored.push({ i, j, score });
    });
  });
  scored.sort((a, b) => b.score - a.score);
  const usedBefore = new Set<number>();
  const usedAfter = new Set<number>();
  for (const { i, j } of scored) {
    if (usedBefore.has(i) || usedAfter.has(j)) continue;
    usedBefore.add(i);
    usedAfter.add(j);
    pairs.push({ before: freeBefore[i] as ContractEntry, after: freeAfter[j] as ContractEntry });
  }
  const restBefore = freeBefore.filter((_, i) => !usedBefore.has(i));
  const restAfter = freeAfter.filter((_, j) => !usedAfter.has(j));
  freeBefore.splice(0, freeBefore.length, ...restBefore);
  freeAfter.splice(0, freeAfter.length, ...restAfter);

  // Extract-helper refactors: a throw that moved out of its function into a new one, with new text,
  // is the same contract changed (e.g. parseUrl's "Invalid URL" → assertValidUrl's "Malformed URI structure").
  // Only when the old function survives and the new one did not exist: the throw was extracted.
  const functionsBefore = new Set(before.map((e) => e.functionName));
  const functionsAfter = new Set(after.map((e) => e.functionName).concat(options.functionsAfter ?? []));
  takeInOrder(
    (a, b) =>
      sameKind(a, b) &&
      a.kind !== "http" &&
      siteFamily(a.site) === siteFamily(b.site) &&
      functionsAfter.has(a.functionName) &&
      !functionsBefore.has(b.functionName),
  );

  // The same old text thrown from several places, now changed in one: report it once, as changed.
  const changedTexts = new Set(pairs.filter((p) => p.before && p.after && p.before.text !== p.after.text).map((p) => `${p.before!.kind}\0${p.before!.text}`));
  for (const old of freeBefore) {
    if (!changedTexts.has(`${old.kind}\0${old.text}`)) pairs.push({ before: old, after: null });
  }
  for (const candidate of freeAfter) pairs.push({ before: null, after: candidate });
  return pairs;
}
