/**
 * An upper bound on how deep a JS/TS source nests, computed without parsing. The native parser
 * recurses per nesting level on the calling thread's stack and crashes the whole process (a
 * segmentation fault, not an exception) around 5,000 levels on an 8 MB stack: callers parse
 * sources above SAFE_NESTING elsewhere or not at all.
 *
 * The bound: bracket depth (strings and comments included, which only overestimates), plus every
 * token that can nest without brackets (else/if/loops, `?`, `=>`, `<`), plus the longest chain of
 * 200 or more prefix operators (`!`, `~`, `+`, `-`, typeof, void, delete, await, new, yield) or of
 * 200 or more labels (`a: b: …`), counted in characters. Words are runs of [A-Za-z0-9_], as `\b`
 * sees them. One hand-written pass (and a second for labels when there are 200 colons) instead of
 * four regular expressions; nesting-estimate.test.ts keeps those as the oracle it must equal.
 */
export const SAFE_NESTING = 3000;
export const MAX_NESTING = 150_000;
const MIN_CHAIN = 200;

const isWordChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isIdentifierStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
const isIdentifierChar = (c: number) => isWordChar(c) || c === 36;

/** What `\s` matches in a JavaScript regular expression. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return (
    c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

const UNBRACKETED_WORD = 1;
const PREFIX_WORD = 2;

/** Whether the word text[i, i + length) nests without brackets (else, if, loops) or is a prefix operator. */
function wordKind(text: string, i: number, length: number): number {
  switch (length) {
    case 2:
      return text.startsWith("if", i) || text.startsWith("do", i) ? UNBRACKETED_WORD : 0;
    case 3:
      return text.startsWith("for", i) ? UNBRACKETED_WORD : text.startsWith("new", i) ? PREFIX_WORD : 0;
    case 4:
      return text.startsWith("else", i) || text.startsWith("with", i) ? UNBRACKETED_WORD : text.startsWith("void", i) ? PREFIX_WORD : 0;
    case 5:
      return text.startsWith("while", i) ? UNBRACKETED_WORD : text.startsWith("await", i) || text.startsWith("yield", i) ? PREFIX_WORD : 0;
    case 6:
      return text.startsWith("typeof", i) || text.startsWith("delete", i) ? PREFIX_WORD : 0;
    default:
      return 0;
  }
}

function skipSpaces(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

// Character classes of the one pass, looked up in a table: a CLI run executes this loop before V8
// has compiled it, and there every helper call per character counts.
const OTHER = 0;
const WORD = 1;
const PREFIX = 2;
const SPACE = 3;
const OPEN = 4;
const CLOSE = 5;
const NESTS = 6; // ? <
const EQUALS = 7;
const COLON = 8;
const CLASSES = new Uint8Array(128);
for (let c = 0; c < 128; c++) CLASSES[c] = isWordChar(c) ? WORD : isSpace(c) ? SPACE : OTHER;
for (const c of "!~+-") CLASSES[c.charCodeAt(0)] = PREFIX;
for (const c of "([{") CLASSES[c.charCodeAt(0)] = OPEN;
for (const c of ")]}") CLASSES[c.charCodeAt(0)] = CLOSE;
for (const c of "?<") CLASSES[c.charCodeAt(0)] = NESTS;
CLASSES[61] = EQUALS;
CLASSES[58] = COLON;

/**
 * One pass: deepest bracket nesting, tokens that nest without brackets, the longest chain of prefix
 * operators, and the number of `:` (a chain of labels needs MIN_CHAIN of them).
 */
function scan(text: string): { brackets: number; unbracketed: number; prefixChain: number; colons: number } {
  let depth = 0;
  let brackets = 0;
  let unbracketed = 0;
  let colons = 0;
  let chainStart = -1;
  let chainTokens = 0;
  let prefixChain = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    const kind = c < 128 ? CLASSES[c] : isSpace(c) ? SPACE : OTHER;
    if (kind === SPACE) continue;
    const start = i;
    if (kind === WORD) {
      let end = i + 1;
      while (end < length && CLASSES[text.charCodeAt(end)] === WORD) end++;
      const word = end - i <= 6 ? wordKind(text, i, end - i) : 0;
      i = end - 1;
      if (word === PREFIX_WORD) {
        if (chainStart < 0) chainStart = start;
        chainTokens++;
        continue;
      }
      if (word === UNBRACKETED_WORD) unbracketed++;
    } else if (kind === PREFIX) {
      if (chainStart < 0) chainStart = start;
      chainTokens++;
      continue;
    }
    // Anything else ends a chain of prefix operators where it starts.
    if (chainStart >= 0) {
      if (chainTokens >= MIN_CHAIN && start - chainStart > prefixChain) prefixChain = start - chainStart;
      chainStart = -1;
      chainTokens = 0;
    }
    if (kind === OPEN) {
      if (++depth > brackets) brackets = depth;
    } else if (kind === CLOSE) {
      depth--;
    } else if (kind === NESTS) {
      unbracketed++;
    } else if (kind === EQUALS) {
      if (text.charCodeAt(i + 1) === 62) unbracketed++; // =>
    } else if (kind === COLON) {
      colons++;
    }
  }
  if (chainStart >= 0 && chainTokens >= MIN_CHAIN && length - chainStart > prefixChain) prefixChain = length - chainStart;
  return { brackets, unbracketed, prefixChain, colons };
}

/** Longest run (in characters) of at least MIN_CHAIN `identifier :` pairs, each colon followed by its spaces. */
function longestLabelChain(text: string): number {
  let longest = 0;
  let start = -1;
  let labels = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (!isIdentifierStart(c) || (i > 0 && isIdentifierChar(text.charCodeAt(i - 1)))) {
      if (start >= 0 && !isSpace(c)) {
        if (labels >= MIN_CHAIN && i - start > longest) longest = i - start;
        start = -1;
        labels = 0;
      }
      i++;
      continue;
    }
    let end = i + 1;
    while (end < text.length && isIdentifierChar(text.charCodeAt(end))) end++;
    const colon = skipSpaces(text, end);
    if (text.charCodeAt(colon) === 58) {
      if (start < 0) start = i;
      labels++;
      i = skipSpaces(text, colon + 1);
      continue;
    }
    // An identifier without its colon ends the chain before it, and may start none itself.
    if (start >= 0 && labels >= MIN_CHAIN && i - start > longest) longest = i - start;
    start = -1;
    labels = 0;
    i = end;
  }
  if (start >= 0 && labels >= MIN_CHAIN && text.length - start > longest) longest = text.length - start;
  return longest;
}

export function nestingEstimate(text: string): number {
  const { brackets, unbracketed, prefixChain, colons } = scan(text);
  const labels = colons >= MIN_CHAIN ? longestLabelChain(text) : 0;
  return brackets + Math.min(unbracketed, MAX_NESTING) + Math.max(prefixChain, labels);
}
