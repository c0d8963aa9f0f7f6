import { describe, expect, it } from "vitest";
import { compilePortableRegex, isTrivialRegex, longestLiteralRun, regexSkeletons } from "./portable-regex";

describe("compilePortableRegex", () => {
  it("accepts Python and RE2 syntax", () => {
    expect(compilePortableRegex("(?i)invalid url")?.test("INVALID URL")).toBe(true);
    expect(compilePortableRegex("(?P<what>URL) is (?P=what)")?.test("URL is URL")).toBe(true);
    expect(compilePortableRegex("\\AInvalid URL\\Z")?.test("Invalid URL")).toBe(true);
    expect(compilePortableRegex("\\AInvalid URL\\Z")?.test("An Invalid URL")).toBe(false);
  });

  it("anchors label matchers and returns null for invalid patterns", () => {
    expect(compilePortableRegex("Invalid", "", true)?.test("Invalid URL")).toBe(false);
    expect(compilePortableRegex("Invalid.*", "", true)?.test("Invalid URL")).toBe(true);
    expect(compilePortableRegex("(Invalid URL")).toBeNull();
  });
});

describe("isTrivialRegex", () => {
  const trivial = (source: string) => isTrivialRegex(compilePortableRegex(source) as RegExp, source);
  it("flags regexes that match anything or name no word", () => {
    expect(trivial(".*")).toBe(true);
    expect(trivial("\\w+")).toBe(true);
    expect(trivial("^[A-Z][a-z]+")).toBe(true);
    expect(trivial("Invalid|.*")).toBe(true);
    expect(trivial("Invalid URL")).toBe(false);
    expect(trivial("^URL: \\d+$")).toBe(false);
  });

  it("measures required literal runs", () => {
    expect(longestLiteralRun("Invalid\\s+URL")).toBe(7);
    expect(longestLiteralRun("abcd?")).toBe(3);
    expect(longestLiteralRun("[Invalid]")).toBe(0);
  });
});

describe("regexSkeletons", () => {
  it("builds an example string per branch", () => {
    expect(regexSkeletons("^Invalid URL: '.+'$")).toEqual(["Invalid URL: 'x'"]);
    expect(regexSkeletons("(?:bad|good) \\d+ items|none")).toEqual(["bad 0 items", "none"]);
  });
});
