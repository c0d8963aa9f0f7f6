import { describe, expect, it } from "vitest";
import { analyzeJavaScript } from "./javascript";
import { functionPaths, pairFunctions } from "./pair";
import type { FunctionComplexity } from "./types";

function fn(name: string, line: number, endLine: number, cyclomatic = 1): FunctionComplexity {
  return { name, line, column: 1, endLine, cyclomatic, cognitive: 0 };
}

describe("functionPaths", () => {
  it("names each function by its enclosing functions", () => {
    const code = [
      "function outer() {",
      "  function inner() { return () => 1; }",
      "  return inner;",
      "}",
      "function inner() {}",
    ].join("\n");
    const paths = [...functionPaths(analyzeJavaScript("a.js", code)).values()];
    expect(paths).toEqual(["outer", "outer > inner", "outer > inner > <anonymous>", "inner"]);
  });

  it("uses end columns to keep one-line siblings apart", () => {
    const paths = [...functionPaths(analyzeJavaScript("a.js", "const a = () => 1, b = () => 2;")).values()];
    expect(paths).toEqual(["a", "b"]);
  });
});

describe("pairFunctions", () => {
  it("pairs by name and path even when functions moved", () => {
    const before = [fn("a", 1, 3), fn("b", 5, 9)];
    const after = [fn("b", 1, 5), fn("a", 20, 22)];
    const pairs = pairFunctions(before, after);
    expect(pairs.map((p) => [p.after.name, p.before?.line])).toEqual([
      ["b", 5],
      ["a", 1],
    ]);
  });

  it("marks functions without a counterpart as new", () => {
    const pairs = pairFunctions([fn("a", 1, 3)], [fn("a", 1, 3), fn("renamed", 5, 6)]);
    expect(pairs.map((p) => [p.after.name, p.before === null])).toEqual([
      ["a", false],
      ["renamed", true],
    ]);
  });

  it("pairs same-named functions in order, or by nearest line when one was added", () => {
    const before = [fn("<anonymous>", 10, 10), fn("<anonymous>", 30, 30)];
    const inOrder = pairFunctions(before, [fn("<anonymous>", 12, 12), fn("<anonymous>", 32, 32)]);
    expect(inOrder.map((p) => p.before?.line)).toEqual([10, 30]);
    const added = pairFunctions(before, [fn("<anonymous>", 10, 10), fn("<anonymous>", 20, 20), fn("<anonymous>", 31, 31)]);
    expect(added.map((p) => p.before?.line ?? null)).toEqual([10, null, 30]);
  });

  it("does not pair functions with the same name under different parents", () => {
    const before = analyzeJavaScript("a.js", "function x() { function helper() {} }");
    const after = analyzeJavaScript("a.js", "function y() { function helper() {} }");
    expect(pairFunctions(before, after).every((p) => p.before === null)).toBe(true);
  });
});
