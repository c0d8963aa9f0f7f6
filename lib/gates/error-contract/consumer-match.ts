import type { Candidate } from "./candidates";
import { BUILTIN_ERROR_CLASSES, ERROR_CLASS_NAME } from "./error-names";
import { regexSkeletons } from "./portable-regex";
import { hasDynamicParts, sampleInstances, staticFragmentsOf, templateRegex, textToParts } from "./message-template";
import { DYNAMIC_PLACEHOLDER, type ConsumerMatch } from "./types";

/** What the search looks for: an old text, and the new one (null when removed) to tell broken from still fine. */
export interface ConsumerTarget {
  id: string;
  kind: "message" | "code" | "class";
  before: string;
  after: string | null;
  /** Class thrown with the message (`TypeError`): consumers often match "TypeError: message", as an Error prints. */
  errorClass?: string;
  /**
   * Messages the changed files still produce unchanged (`{…} is not a valid UUID.` beside a changed
   * `{…} is not a valid {…}.`): a consumer that one of them satisfies is not broken by this change.
   */
  alsoProduced?: string[];
}

export interface PreparedTarget extends ConsumerTarget {
  keywords: string[];
  beforeDynamic: boolean;
  beforeFragments: string[];
  /** Static parts exactly as written (with their spaces), for cutting regex examples apart. */
  beforeRawFragments: string[];
  beforeSamples: string[];
  beforeAnchored: RegExp;
  /** The static parts together are distinctive enough for a templated message to count on its own. */
  templateDistinctive: boolean;
  afterFragments: string[];
  afterSamples: string[];
  afterAnchored: RegExp | null;
  alsoProducedSamples: string[];
  alsoProducedFragments: string[];
  alsoProducedAnchored: RegExp[];
  searchIdentifiers: boolean;
}

export interface CandidateMatch {
  match: ConsumerMatch;
  text: string;
  broken: boolean;
}

const WORD = /[A-Za-z0-9_]/;
const STOPWORDS = new Set([
  "a", "an", "the", "to", "of", "in", "on", "for", "is", "are", "was", "were", "be", "been", "not", "no", "and", "or",
  "with", "at", "by", "from", "this", "that", "it", "its", "as", "if", "has", "have", "had", "do", "does", "can",
  "could", "cannot", "will", "should", "may", "must", "you", "your",
]);

/** A fragment worth reporting: ≥ 12 characters or ≥ 2 words, with at least one real (non-stop) word. */
export function isDistinctiveFragment(fragment: string): boolean {
  const text = fragment.trim();
  const words = text.match(/[A-Za-z0-9_]+/g) ?? [];
  const strong = words.some((word) => word.length >= 3 && /[A-Za-z]/.test(word) && !STOPWORDS.has(word.toLowerCase()));
  return strong && (text.length >= 12 || words.length >= 2);
}

/**
 * A run of words shared by a prose line and a message: prose shares short runs by chance ("to res" in a changelog),
 * so it needs two real words, or one real word and 12 characters.
 */
function isDistinctiveProse(run: string): boolean {
  const strong = (run.match(/[A-Za-z0-9_]+/g) ?? []).filter((word) => word.length >= 3 && /[A-Za-z]/.test(word) && !STOPWORDS.has(word.toLowerCase()));
  return isDistinctiveFragment(run) && (strong.length >= 2 || run.trim().length >= 12);
}

/** `needle` occurs in `haystack` and does not start or end inside a word. */
export function containsBounded(haystack: string, needle: string): boolean {
  if (needle === "") return false;
  const checkStart = WORD.test(needle[0] as string);
  const checkEnd = WORD.test(needle[needle.length - 1] as string);
  for (let index = haystack.indexOf(needle); index >= 0; index = haystack.indexOf(needle, index + 1)) {
    const before = index > 0 ? haystack[index - 1] : undefined;
    const after = haystack[index + needle.length];
    if (checkStart && before !== undefined && WORD.test(before)) continue;
    if (checkEnd && after !== undefined && WORD.test(after)) continue;
    return true;
  }
  return false;
}

/** Longest run of whole words of `fragment` (with its own separators) that `line` contains, word-aligned. */
export function longestSharedRun(line: string, fragment: string): string | undefined {
  const words = [...fragment.matchAll(/[A-Za-z0-9_]+/g)].map((m) => ({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length }));
  let best: string | undefined;
  for (let i = 0; i < words.length; i += 1) {
    for (let j = i; j < words.length; j += 1) {
      const piece = fragment.slice((words[i] as { start: number }).start, (words[j] as { end: number }).end);
      if (!containsBounded(line, piece)) break;
      if (!best || piece.length > best.length) best = piece;
    }
  }
  return best;
}

function keywordsOf(target: ConsumerTarget): string[] {
  if (target.kind !== "message") return [target.before.toLowerCase()];
  const statics = staticFragmentsOf(textToParts(target.before));
  const words = statics.flatMap((fragment) => fragment.toLowerCase().match(/[a-z0-9_]{3,}/g) ?? []);
  const unique = [...new Set(words.filter((word) => !STOPWORDS.has(word)))];
  return unique.length > 0 ? unique : statics.map((fragment) => fragment.trim().toLowerCase()).filter((s) => s !== "");
}

/** The samples, plus each as printed with its class in front ("TypeError: path must be absolute"). */
function withClassPrefix(samples: string[], errorClass: string | undefined): string[] {
  return errorClass ? [...samples, ...samples.map((sample) => `${errorClass}: ${sample}`)] : samples;
}

/** A consumer string without a leading "TypeError: " (the target's class or any error-like name). */
function withoutClassPrefix(text: string, target: PreparedTarget): string {
  const match = /^\s*([A-Za-z_$][\w$.]*):\s+/.exec(text);
  if (!match) return text;
  const name = match[1] as string;
  const bare = name.slice(name.lastIndexOf(".") + 1);
  return bare === target.errorClass || ERROR_CLASS_NAME.test(bare) ? text.slice(match[0].length) : text;
}

export function prepareTarget(target: ConsumerTarget): PreparedTarget {
  const beforeFragments = target.kind === "message" ? staticFragmentsOf(textToParts(target.before)).map((s) => s.trim()) : [target.before];
  const afterFragments =
    target.after === null ? [] : target.kind === "message" ? staticFragmentsOf(textToParts(target.after)).map((s) => s.trim()) : [target.after];
  return {
    ...target,
    keywords: keywordsOf(target),
    beforeDynamic: target.kind === "message" && hasDynamicParts(target.before),
    beforeFragments,
    beforeRawFragments: target.kind === "message" ? staticFragmentsOf(textToParts(target.before)) : [target.before],
    beforeSamples: withClassPrefix(sampleInstances(target.before), target.errorClass),
    beforeAnchored: templateRegex(target.before, true),
    templateDistinctive: isDistinctiveFragment(beforeFragments.join(" ")),
    afterFragments,
    afterSamples: target.after === null ? [] : withClassPrefix(sampleInstances(target.after), target.errorClass),
    afterAnchored: target.after === null ? null : templateRegex(target.after, true),
    alsoProducedSamples: withClassPrefix((target.alsoProduced ?? []).flatMap(sampleInstances), target.errorClass),
    alsoProducedFragments: (target.alsoProduced ?? []).flatMap((text) => staticFragmentsOf(textToParts(text)).map((s) => s.trim())),
    alsoProducedAnchored: (target.alsoProduced ?? []).map((text) => templateRegex(text, true)),
    searchIdentifiers: target.kind === "class" && !BUILTIN_ERROR_CLASSES.has(target.before),
  };
}

/** Whether the new text still contains `matched` (then a substring assertion on it keeps passing). */
function stillProduced(matched: string, target: PreparedTarget): boolean {
  if (target.kind !== "message") return target.after === matched;
  return (
    target.afterSamples.some((sample) => sample.includes(matched)) ||
    target.afterFragments.some((fragment) => fragment.includes(matched)) ||
    (target.afterAnchored?.test(matched) ?? false) ||
    target.alsoProducedSamples.some((sample) => sample.includes(matched)) ||
    target.alsoProducedFragments.some((fragment) => fragment.includes(matched)) ||
    target.alsoProducedAnchored.some((regex) => regex.test(matched))
  );
}

function result(match: ConsumerMatch, text: string, target: PreparedTarget): CandidateMatch {
  return { match, text, broken: !stillProduced(text, target) };
}

/** Leading/trailing holes would let an unanchored template swallow the rest of the line. */
function stripOuterHoles(text: string): string {
  let out = text.trim();
  while (out.startsWith(DYNAMIC_PLACEHOLDER)) out = out.slice(DYNAMIC_PLACEHOLDER.length).trimStart();
  while (out.endsWith(DYNAMIC_PLACEHOLDER)) out = out.slice(0, -DYNAMIC_PLACEHOLDER.length).trimEnd();
  return out;
}

/** The old message (or an instance of its template) inside `text`, word-aligned. */
function wholeMessageIn(text: string, target: PreparedTarget): string | undefined {
  if (!target.beforeDynamic) {
    const message = target.before.trim();
    return message.length >= 3 && containsBounded(text, message) ? message : undefined;
  }
  if (!target.templateDistinctive) return undefined;
  const unanchored = templateRegex(stripOuterHoles(target.before), false);
  const found = unanchored.exec(text);
  return found ? found[0] : undefined;
}

function matchCodeOrClass(candidate: Candidate, target: PreparedTarget): CandidateMatch | undefined {
  if (candidate.type === "identifier") {
    return target.searchIdentifiers && candidate.text === target.before ? result("literal", candidate.text, target) : undefined;
  }
  if (candidate.type === "regex") return undefined;
  return containsBounded(candidate.text, target.before) ? result("literal", target.before, target) : undefined;
}

function matchString(raw: string, target: PreparedTarget): CandidateMatch | undefined {
  const text = withoutClassPrefix(raw, target);
  const trimmed = text.trim();
  if (trimmed === target.before.trim()) return result("literal", trimmed, target);
  if (target.beforeDynamic && target.beforeAnchored.test(trimmed) && target.templateDistinctive) {
    return result("literal", trimmed, target);
  }
  const whole = wholeMessageIn(text, target);
  if (whole !== undefined && (target.beforeDynamic || whole.length >= 4)) return result("literal", whole, target);
  if (isDistinctiveFragment(trimmed) && target.beforeFragments.some((fragment) => containsBounded(fragment, trimmed))) {
    return result("fragment", trimmed, target);
  }
  const contained = target.beforeFragments.find((fragment) => isDistinctiveFragment(fragment) && containsBounded(text, fragment));
  return contained === undefined ? undefined : result("fragment", contained, target);
}

function matchLine(text: string, target: PreparedTarget): CandidateMatch | undefined {
  const whole = wholeMessageIn(text, target);
  if (whole !== undefined) return result("literal", whole, target);
  let best: string | undefined;
  for (const fragment of target.beforeFragments) {
    const run = longestSharedRun(text, fragment);
    if (run && isDistinctiveProse(run) && (!best || run.length > best.length)) best = run;
  }
  return best === undefined ? undefined : result("fragment", best, target);
}

/**
 * Values to put into a template's holes so that a regex written for one concrete message can match it: what is
 * left of the regex's example text once the old message's static parts are cut out (the part that stood for the
 * hole). The same values fill the new template, so the old static text never leaks into the new message.
 */
function fillValuesFromRegex(source: string, oldFragments: string[]): string[] {
  const values = new Set<string>();
  for (const skeleton of regexSkeletons(source)) {
    let pieces = [skeleton];
    for (const fragment of oldFragments) pieces = pieces.flatMap((piece) => piece.split(fragment));
    // No static part of the old message in the example: it was written for another message, nothing to fill in.
    if (pieces.length === 1) continue;
    for (const piece of pieces) if (piece !== "") values.add(piece);
  }
  return [...values];
}

function instancesFor(text: string, baseSamples: string[], fillValues: string[], errorClass: string | undefined): string[] {
  if (!hasDynamicParts(text)) return baseSamples;
  const filled = fillValues.map((value) => text.split(DYNAMIC_PLACEHOLDER).join(value));
  return [...baseSamples, ...withClassPrefix(filled, errorClass)];
}

/** A compiled consumer regex: does it accept the old message, and does it still accept the new one? */
export function matchRegex(regex: RegExp, source: string, target: PreparedTarget): CandidateMatch | undefined {
  if (target.kind === "class") return undefined;
  const accepts = (samples: string[]): boolean => samples.some((sample) => regex.test(sample));
  const fillValues = target.beforeDynamic ? fillValuesFromRegex(source, target.beforeRawFragments) : [];
  if (!accepts(instancesFor(target.before, target.beforeSamples, fillValues, target.errorClass))) return undefined;
  const after = target.after === null ? [] : instancesFor(target.after, target.afterSamples, fillValues, target.errorClass);
  const others = (target.alsoProduced ?? []).flatMap((text) => instancesFor(text, [], fillValues, target.errorClass));
  return { match: "regex", text: source, broken: !accepts([...after, ...target.alsoProducedSamples, ...others]) };
}

/** Matches a non-regex candidate (regexes go through matchRegex with their compiled form). */
export function matchCandidate(candidate: Candidate, target: PreparedTarget): CandidateMatch | undefined {
  if (target.kind !== "message") return matchCodeOrClass(candidate, target);
  if (candidate.type === "string") return matchString(candidate.text, target);
  if (candidate.type === "line") return matchLine(candidate.text, target);
  return undefined;
}

