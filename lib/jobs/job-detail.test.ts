import { describe, expect, it } from "vitest";
import { contextOf } from "./job-detail";

describe("contextOf", () => {
  const entry = { file: "src/a.ts", reason: "target", score: 1, tokens: 12, content: "export const a = 1;\n" };

  it("reads the pack the worker stores ({entries, totalTokens, …})", () => {
    expect(contextOf({ entries: [entry, { file: "src/b.ts", reason: "imports" }], totalTokens: 12, budget: 6000, omitted: [] })).toEqual([
      entry,
      { file: "src/b.ts", reason: "imports", score: null, tokens: null, content: null },
    ]);
  });

  it("still reads packs stored as a bare array, and ignores anything else", () => {
    expect(contextOf([entry])).toEqual([entry]);
    expect(contextOf(null)).toEqual([]);
    expect(contextOf({ entries: "nope" })).toEqual([]);
    expect(contextOf([{ reason: "no file" }])).toEqual([]);
  });
});
