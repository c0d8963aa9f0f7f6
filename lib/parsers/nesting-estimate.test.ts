import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { nestingEstimate } from "./nesting-estimate";

/** The regular-expression estimate the scanners replace: the oracle they must equal. */
function regexEstimate(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) {
      if (++depth > max) max = depth;
    } else if (c === 41 || c === 93 || c === 125) {
      depth--;
    }
  }
  const unbracketed = text.match(/\belse\b|\b(?:if|for|while|do|with)\b|\?|=>|</g)?.length ?? 0;
  let chains = 0;
  for (const chain of [/(?:(?:[!~+-]|\b(?:typeof|void|delete|await|new|yield)\b)\s*){200,}/g, /(?:(?<![\w$])[A-Za-z_$][\w$]*\s*:\s*){200,}/g]) {
    for (const m of text.matchAll(chain)) chains = Math.max(chains, m[0].length);
  }
  return max + Math.min(unbracketed, 150_000) + chains;
}

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
}

const pick = <T,>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)];

const SPACES = ["", " ", "  ", "\t", "\n", "\u00a0", "\ufeff", "\u2028", "\u3000"];
const OPERATORS = ["!", "~", "+", "-", "typeof", "void", "delete", "await", "new", "yield", "newer", "$new", "x", "++", "(", "1"];
const LABELS = ["a", "b1", "$", "_x", "l$0", "1a", "if", "new"];
const NOISE = ["?", "=>", "<", "==>", "<=>", "if", "else", "do", "with", "for", "while", "$if", "if2", "undo", "é", "(", ")", "{", "}", "[", "]", ":", ";", "\"s\"", "a", " "];

/** Text with long runs of prefix operators and labels (near the 200 threshold), broken by noise. */
function adversarial(next: () => number): string {
  const parts: string[] = [];
  const segments = 1 + Math.floor(next() * 4);
  for (let s = 0; s < segments; s++) {
    const length = 150 + Math.floor(next() * 120);
    const kind = next();
    for (let k = 0; k < length; k++) {
      if (kind < 0.45) parts.push(next() < 0.97 ? pick(next, OPERATORS.slice(0, 10)) : pick(next, OPERATORS), pick(next, SPACES));
      else if (kind < 0.9) parts.push(next() < 0.98 ? pick(next, LABELS.slice(0, 5)) : pick(next, LABELS), pick(next, SPACES), ":", pick(next, SPACES));
      else parts.push(pick(next, NOISE));
    }
    for (let k = Math.floor(next() * 6); k > 0; k--) parts.push(pick(next, NOISE));
  }
  return parts.join("");
}

/** Real JavaScript and TypeScript from installed packages. */
function realSources(limit: number): string[] {
  const roots = ["zod/v4/core", "semver", "picomatch/lib", "oxc-parser/src-js", "web-tree-sitter"].map((p) => path.resolve(__dirname, "../../node_modules", p));
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (out.length >= limit) return;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (/\.(?:[cm]?js|ts)$/.test(entry.name)) out.push(fs.readFileSync(full, "utf8"));
    }
  };
  for (const root of roots) if (fs.existsSync(root)) visit(root);
  return out;
}

describe("nesting estimate", () => {
  it("equals the regular-expression estimate on real sources", () => {
    const sources = realSources(400);
    expect(sources.length).toBeGreaterThan(50);
    for (const text of sources) expect(nestingEstimate(text)).toBe(regexEstimate(text));
  });

  it("equals it on generated chains of prefix operators and labels around the 200 threshold", () => {
    const next = random(20261203);
    let counted = 0;
    for (let n = 0; n < 400; n++) {
      const text = adversarial(next);
      const expected = regexEstimate(text);
      expect(nestingEstimate(text), JSON.stringify(text.slice(0, 200))).toBe(expected);
      if (expected >= 400) counted++;
    }
    expect(counted).toBeGreaterThan(100); // many generated texts do contain a chain of 200 or more
  });

  it.each([
    ["199 negations are below the chain threshold", `${"!".repeat(199)}x`, 0],
    ["200 negations", `${"!".repeat(200)}x`, 200],
    ["typeof chain with spaces", `${"typeof ".repeat(250)}x`, 1750],
    ["a word ending in new breaks the chain", `${"new ".repeat(150)}renew ${"new ".repeat(150)}x`, 0],
    ["labels", `${Array.from({ length: 300 }, (_, i) => `l${i}: `).join("")}x;`, 1690],
    ["labels after a digit-led word start later", `1a: ${"b: ".repeat(200)}x`, 600],
    ["ternaries and arrows", "a ? b : c => d < e", 3],
  ])("%s", (_name, text, atLeast) => {
    expect(nestingEstimate(text)).toBe(regexEstimate(text));
    expect(nestingEstimate(text)).toBeGreaterThanOrEqual(atLeast);
  });
});
