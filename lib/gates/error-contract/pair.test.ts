import { describe, expect, it } from "vitest";
import { findingsFromPairs } from "./findings";
import { pairEntries, textSimilarity } from "./pair";
import type { ContractEntry } from "./types";

let nextLine = 1;
function entry(text: string, functionName: string, site = "throw:Error", kind: ContractEntry["kind"] = "message"): ContractEntry {
  const line = nextLine++;
  return { kind, text, staticFragments: [text], file: "a.ts", line, endLine: line, functionName, site };
}

function describePairs(before: ContractEntry[], after: ContractEntry[]) {
  return findingsFromPairs(pairEntries(before, after)).map(({ kind, entryKind, before: b, after: a }) => ({ kind, entryKind, before: b, after: a }));
}

describe("pairEntries", () => {
  it("keeps identical entries paired when a new one is inserted between them", () => {
    const before = [entry("A failed", "f"), entry("B failed", "f")];
    const after = [entry("A failed", "f"), entry("X failed", "f"), entry("B failed", "f")];
    expect(describePairs(before, after)).toEqual([{ kind: "added", entryKind: "message", before: null, after: "X failed" }]);
  });

  it("pairs changed messages of the same site and function in order", () => {
    const before = [entry("first", "f"), entry("second", "f")];
    const after = [entry("premier", "f"), entry("deuxième", "f")];
    expect(describePairs(before, after)).toEqual([
      { kind: "changed", entryKind: "message", before: "first", after: "premier" },
      { kind: "changed", entryKind: "message", before: "second", after: "deuxième" },
    ]);
  });

  it("pairs across a renamed function by similarity, and leaves unrelated texts as removed/added", () => {
    const before = [entry("Could not open the config file", "loadConfig"), entry("Disk quota exceeded", "save")];
    const after = [entry("Could not open config file", "readConfig"), entry("Network unreachable", "send")];
    expect(describePairs(before, after)).toEqual([
      { kind: "removed", entryKind: "message", before: "Disk quota exceeded", after: null },
      { kind: "changed", entryKind: "message", before: "Could not open the config file", after: "Could not open config file" },
      { kind: "added", entryKind: "message", before: null, after: "Network unreachable" },
    ]);
  });

  it("pairs a throw extracted into a new helper as changed, once per old text", () => {
    const before = [entry("Invalid URL", "parseUrl"), entry("Invalid URL", "parseUrl")];
    const after = [entry("Malformed URI structure", "assertValidUrl")];
    const pairs = pairEntries(before, after, { functionsAfter: ["parseUrl"] });
    expect(pairs.map((p) => [p.before?.text ?? null, p.after?.text ?? null])).toEqual([["Invalid URL", "Malformed URI structure"]]);
    // Without the old function surviving, nothing says the text moved: removed and added.
    expect(pairEntries(before, after).filter((p) => p.before && p.after)).toEqual([]);
  });

  it("never pairs entries of different kinds", () => {
    const before = [entry("E_BAD", "f", "code", "code")];
    const after = [entry("E_BAD", "f", "throw:Error", "message")];
    expect(describePairs(before, after).map((f) => f.kind)).toEqual(["removed", "added"]);
  });

  it("pairs an HTTP status change in the same function", () => {
    const before = [entry("400", "POST", "http:400", "http"), entry("404", "POST", "http:404", "http")];
    const after = [entry("422", "POST", "http:422", "http"), entry("404", "POST", "http:404", "http")];
    expect(describePairs(before, after)).toEqual([{ kind: "changed", entryKind: "http", before: "400", after: "422" }]);
  });

  it("reports a changed thrown class when the message stays", () => {
    const before = [entry("Out of range", "f", "throw:TypeError")];
    const after = [entry("Out of range", "f", "throw:RangeError")];
    expect(describePairs(before, after)).toEqual([{ kind: "changed", entryKind: "class", before: "TypeError", after: "RangeError" }]);
  });
});

describe("textSimilarity", () => {
  it("is 1 for equal texts and low for unrelated ones", () => {
    expect(textSimilarity("Invalid URL", "Invalid URL")).toBe(1);
    expect(textSimilarity("Invalid URL", "Invalid URLs")).toBeGreaterThan(0.8);
    expect(textSimilarity("Invalid URL", "Disk full")).toBeLessThan(0.2);
  });
});
