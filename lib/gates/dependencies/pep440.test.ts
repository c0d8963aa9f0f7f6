import { describe, expect, it } from "vitest";
import { comparePep440, matchesSpecifier, maxSatisfyingPep440, parsePep440, parseSpecifierSet } from "./pep440";
import { poetryConstraintToSpecifiers } from "./poetry-constraint";

function sorted(versions: string[]): string[] {
  return [...versions].sort((a, b) => comparePep440(parsePep440(a)!, parsePep440(b)!));
}

function satisfies(version: string, specifier: string): boolean {
  const set = parseSpecifierSet(specifier);
  if (!set) throw new Error(`bad specifier ${specifier}`);
  return set.every((spec) => matchesSpecifier(version, spec));
}

describe("PEP 440 versions", () => {
  it("orders dev, pre, final and post releases as PEP 440 says", () => {
    const order = ["1.0.dev1", "1.0a1.dev1", "1.0a1", "1.0a1.post1", "1.0b2", "1.0rc1", "1.0", "1.0.post1.dev1", "1.0.post1", "1.0.1", "1!0.1"];
    expect(sorted([...order].reverse())).toEqual(order);
  });

  it("normalises spellings", () => {
    expect(comparePep440(parsePep440("1.0-alpha-1")!, parsePep440("1.0a1")!)).toBe(0);
    expect(comparePep440(parsePep440("v2.0.0")!, parsePep440("2")!)).toBe(0);
    expect(parsePep440("not a version")).toBeUndefined();
  });
});

describe("PEP 440 specifiers", () => {
  it.each([
    ["1.4.5", "==1.4.5", true],
    ["1.4.5", "==1.4.*", true],
    ["1.5.0", "==1.4.*", false],
    ["1.5.0", "!=1.4.*", true],
    ["2.2.0", "~=2.2", true],
    ["3.0", "~=2.2", false],
    ["1.4.7", "~=1.4.5", true],
    ["1.5.0", "~=1.4.5", false],
    ["1.7.post1", ">1.7", false],
    ["1.7.1", ">1.7", true],
    ["1.7rc1", "<1.7", false],
    ["1.6", "<1.7", true],
    ["1.0+local.1", "==1.0", true],
    ["2.0", ">=1.0,<2.0", false],
    ["foobar", "===foobar", true],
  ])("%s against %s → %s", (version, specifier, expected) => {
    expect(satisfies(version, specifier)).toBe(expected);
  });

  it("rejects malformed specifiers", () => {
    expect(parseSpecifierSet("=>1.0")).toBeUndefined();
    expect(parseSpecifierSet("==banana")).toBeUndefined();
    expect(parseSpecifierSet(">=1.0 ; python_version<'3.8'")).toEqual([{ operator: ">=", version: "1.0" }]);
  });

  it("picks the highest final release, pre-releases only when nothing else matches", () => {
    const versions = ["1.0", "1.5", "2.0rc1", "2.0", "2.1.dev0"];
    expect(maxSatisfyingPep440(versions, parseSpecifierSet(">=1.0")!)).toBe("2.0");
    expect(maxSatisfyingPep440(versions, parseSpecifierSet(">2.0")!)).toBe("2.1.dev0");
    expect(maxSatisfyingPep440(versions, parseSpecifierSet(">=3")!)).toBeUndefined();
  });
});

describe("Poetry constraints", () => {
  const allows = (constraint: string, version: string): boolean =>
    poetryConstraintToSpecifiers(constraint)!.some((set) => set.every((spec) => matchesSpecifier(version, spec)));

  it("translates caret, tilde, exact, wildcard and OR constraints", () => {
    expect(allows("^1.2.3", "1.9.0")).toBe(true);
    expect(allows("^1.2.3", "2.0.0")).toBe(false);
    expect(allows("^0.2.3", "0.3.0")).toBe(false);
    expect(allows("^0.0.3", "0.0.4")).toBe(false);
    expect(allows("~1.2", "1.2.9")).toBe(true);
    expect(allows("~1.2", "1.3.0")).toBe(false);
    expect(allows("1.2.3", "1.2.4")).toBe(false);
    expect(allows("1.2.*", "1.2.4")).toBe(true);
    expect(allows("*", "0.1")).toBe(true);
    expect(allows(">=1.0,<2.0", "1.5")).toBe(true);
    expect(allows(">= 1.0 < 2.0", "2.5")).toBe(false);
    expect(allows("^1.0 || ^3.0", "3.1")).toBe(true);
    expect(poetryConstraintToSpecifiers("^banana")).toBeUndefined();
  });
});
