import { describe, expect, it } from "vitest";
import { nestingEstimate, SAFE_NESTING } from "../../parsers/nesting-estimate";
import { analyzeJavaScript } from "./javascript";
import { ParseError, type FunctionComplexity } from "./types";

/** The one entry called `name` (fails the test when there is not exactly one). */
function only(results: FunctionComplexity[], name: string): FunctionComplexity {
  const found = results.filter((r) => r.name === name);
  expect(found, `entries named ${name} in ${JSON.stringify(results)}`).toHaveLength(1);
  return found[0];
}

function scores(path: string, code: string, name = "f"): [number, number] {
  const fn = only(analyzeJavaScript(path, code), name);
  return [fn.cyclomatic, fn.cognitive];
}

// [description, code, cyclomatic (ESLint classic), cognitive (sonarjs S3776)] — computed by hand from the rules.
const SNIPPETS: [string, string, number, number][] = [
  ["empty function", "function f() {}", 1, 0],
  ["if", "function f(a) { if (a) {} }", 2, 1],
  ["if/else: else adds cognitive only", "function f(a) { if (a) {} else {} }", 2, 2],
  ["else-if chain is flat", "function f(a, b) { if (a) {} else if (b) {} else {} }", 3, 3],
  ["nested if", "function f(a, b) { if (a) { if (b) {} } }", 3, 3],
  ["if inside else-if is nested once", "function f(a, b) { if (a) {} else if (b) { if (a) {} } }", 4, 4],
  ["ternary", "function f(a) { return a ? 1 : 2; }", 2, 1],
  ["nested ternary in consequent", "function f(a, b) { return a ? (b ? 1 : 2) : 3; }", 3, 3],
  ["chained ternaries nest in the alternate", "function f(a, b) { return a ? 1 : b ? 2 : a ? 3 : 4; }", 4, 6],
  ["&& sequence counts once", "function f(a, b, c) { return a && b && c; }", 3, 1],
  ["|| sequence adds no cognitive", "function f(a, b, c) { return a || b || c; }", 3, 0],
  ["?? sequence adds no cognitive", "function f(a, b, c) { return a ?? b ?? c; }", 3, 0],
  ["&& || && : each && run counts", "function f(a, b, c, d) { return a && b || c && d; }", 4, 2],
  ["operators in source order through nesting", "function f(a, b, c, d) { return a && (b || c) && d; }", 4, 2],
  ["negation splits a sequence", "function f(a, b, c) { return !(a && b) && c; }", 3, 2],
  ["condition with mixed operators", "function f(a, b, c) { if (a && b || c) {} }", 4, 2],
  [
    "every loop kind",
    "function f(a) { for (;;) {} for (const x of a) {} for (const k in a) {} while (a) {} do {} while (a); }",
    6,
    5,
  ],
  ["nested loops", "function f(a) { for (const x of a) { for (const y of x) { if (y) {} } } }", 4, 6],
  ["switch: cases with a test", "function f(a) { switch (a) { case 1: return 1; case 2: return 2; default: return 0; } }", 3, 1],
  ["if inside a switch case is nested", "function f(a, b) { switch (a) { case 1: if (b) {} break; } }", 3, 3],
  ["catch", "function f(a) { try { a(); } catch (e) { if (e) {} } finally { a(); } }", 3, 3],
  [
    "labelled break and continue",
    "function f(a) { outer: for (const x of a) { for (const y of x) { if (y) continue outer; if (!y) break outer; } } }",
    5,
    11,
  ],
  ["unlabelled break", "function f(a) { while (a) { break; } }", 2, 1],
  ["default parameters", "function f(a = 1, b = 2) {}", 3, 0],
  ["destructuring defaults", "function f({ a = 1, b: [c = 2] = [] }) { const { d = 3 } = a; }", 5, 0],
  ["logical assignment", "function f(a, b) { a &&= b; a ||= b; a ??= b; a += b; }", 4, 0],
  ["optional chain links", "function f(o) { return o?.a?.b?.() + o?.c.d; }", 5, 0],
  ["recursion adds nothing", "function f(n) { return n <= 1 ? 1 : n * f(n - 1); }", 2, 1],
  ["jsx short-circuit adds no cognitive", "function f({ a, b }) { return <div>{a && <i />}{a && b && <b />}</div>; }", 4, 0],
  ["jsx mixed operators count", "function f({ a, b }) { return <div>{a && b || <b />}</div>; }", 3, 1],
  ["jsx ternary counts", "function f({ a }) { return <div>{a ? <i /> : null}</div>; }", 2, 1],
  ["&& outside a JSX container counts", "function f({ a }) { const x = a && <i />; return x; }", 2, 1],
  // TypeScript's AST has parentheses and uses literals as assignment targets; ESTree has neither.
  [
    "destructuring assignment defaults",
    "function f(a, b, c, d) { [b = 1, [c = 2]] = a; ({ b = 3, c: d = 4 } = a); for ([b = 5] of a) {} }",
    7,
    1,
  ],
  ["an array literal that is not assigned to holds no defaults", "function f(a, b) { a = [b = 1]; return [b = 2]; }", 1, 0],
  ["parenthesized operands stay one sequence", "function f(a, b, c) { return ((a && b)) && c; }", 3, 1],
  ["optional call and element chains", "function f(o, k) { return o?.[k]?.(1)?.b.c?.(); }", 5, 0],
  ["parenthesized jsx short-circuit adds no cognitive", "function f({ a, b }) { return <div>{(a && b)}</div>; }", 2, 0],
];

describe("analyzeJavaScript scores", () => {
  it.each(SNIPPETS)("%s", (_description, code, cyclomatic, cognitive) => {
    expect(scores("snippet.jsx", code)).toEqual([cyclomatic, cognitive]);
  });

  it("scores nested functions separately; nesting restarts in each function", () => {
    const code = [
      "function outer(a) {",
      "  if (a) {}",
      "  function inner(b) { if (b) { if (a) {} } }",
      "  return inner;",
      "}",
    ].join("\n");
    const results = analyzeJavaScript("a.js", code);
    expect([only(results, "outer").cyclomatic, only(results, "outer").cognitive]).toEqual([2, 1]);
    expect([only(results, "inner").cyclomatic, only(results, "inner").cognitive]).toEqual([3, 3]);
  });

  it("third-level functions are scored on their own nesting too", () => {
    const code = "function a() { function b() { function c(x) { if (x) {} } return c; } return b; }";
    expect(scores("a.js", code, "c")).toEqual([2, 1]);
    expect(scores("a.js", code, "b")).toEqual([1, 0]);
  });

  it("a function in a ternary branch leaves its enclosing function one level deeper (sonarjs behaviour)", () => {
    const code = "function f(a) { const g = a ? () => 1 : null; if (a) {} return g; }";
    expect(scores("a.js", code)).toEqual([3, 3]);
    expect(scores("a.js", code, "<anonymous>")).toEqual([1, 0]);
  });

  it("class field initializers and static blocks are code paths of their own", () => {
    const code = "class A { x = a || b; y = () => { if (c) {} }; static { if (d) {} } }";
    const results = analyzeJavaScript("a.js", code);
    const byColumn = results.map((r) => [r.name, r.column, r.cyclomatic, r.cognitive]);
    expect(byColumn).toEqual([
      ["x", 15, 2, 0], // initializer `a || b`
      ["y", 23, 2, 1], // arrow function, reported at the field like ESLint does
      ["y", 27, 1, 0], // its initializer code path
      ["static block", 48, 2, 0], // sonarjs has no score for static blocks
    ]);
  });

  it("branches of a static block count toward the enclosing function's cognitive score", () => {
    const code = "function f() { return class { static { if (a) {} } }; }";
    expect(scores("a.js", code)).toEqual([1, 1]);
    expect(scores("a.js", code, "static block")).toEqual([2, 0]);
  });
});

describe("analyzeJavaScript on TypeScript-only syntax", () => {
  it("scores enum initializers and satisfies expressions where they appear", () => {
    const code = "function f(x) { enum E { A = a || b, B = c ? 1 : 2 } return (x satisfies X) ?? E.A; }";
    expect(scores("a.ts", code)).toEqual([4, 1]);
  });

  it("keeps the ternary-branch nesting quirk through parentheses", () => {
    const code = "function f(a) { const g = a ? (() => 1) : null; if (a) {} return g; }";
    expect(scores("a.ts", code)).toEqual([3, 3]);
  });

  it("counts default values in type signatures, as ESTree has AssignmentPatterns there", () => {
    expect(scores("a.ts", "function f() { type F = (a = 1) => void; interface I { m(b = 2): void } }")).toEqual([3, 0]);
  });

  it("reports class members at the member (decorators included) and field values at the value", () => {
    const code = [
      "class A {",
      "  @dec(a || b) method() {}",
      "  get value() { return 1; }",
      "  set value(v) {}",
      "  static make = () => 1;",
      "  field = (c ?? d);",
      "  constructor(public p = 1) {}",
      "}",
      "const f = (function () {});",
      "obj.g = (() => 1);",
    ].join("\n");
    const rows = analyzeJavaScript("a.ts", code).map((r) => [r.name, r.line, r.column, r.endColumn, r.cyclomatic]);
    expect(rows).toEqual([
      ["method", 2, 3, 27, 1], // the decorator's `||` belongs to the enclosing code path
      ["get value", 3, 3, 28, 1],
      ["set value", 4, 3, 18, 1],
      ["make", 5, 3, 24, 1], // the arrow, reported at the field
      ["make", 5, 17, 24, 1], // the field's initializer code path
      ["field", 6, 12, 18, 2], // inside the parentheses, like ESTree ranges
      ["constructor", 7, 3, 31, 2],
      ["f", 9, 12, 26, 1],
      ["obj.g", 10, 13, 17, 1],
    ]);
  });
});

describe("analyzeJavaScript names and positions", () => {
  it("reports ESLint's 1-based line and column of the function head", () => {
    const code = [
      "const f = (a) => a;", // `=>` at column 15
      "class A {",
      "  foo() {}",
      "  get bar() { return 1; }",
      "  static { }",
      "  #p() {}",
      "  [Symbol.iterator]() {}",
      "  field = 1;",
      "}",
      "obj.x = function () {};",
      "[1].map(function () {});",
      "export default async function named() {}",
      "const g = async x /* => */ =>",
      "  x;",
    ].join("\n");
    const rows = analyzeJavaScript("a.ts", code).map((r) => [r.name, r.line, r.column, r.endLine]);
    expect(rows).toEqual([
      ["f", 1, 15, 1],
      ["foo", 3, 3, 3],
      ["get bar", 4, 3, 4],
      ["static block", 5, 3, 5],
      ["#p", 6, 3, 6],
      ["[Symbol.iterator]", 7, 3, 7],
      ["field", 8, 11, 8],
      ["obj.x", 10, 9, 10],
      ["<anonymous>", 11, 9, 11],
      ["named", 12, 16, 12],
      ["g", 13, 28, 14],
    ]);
  });

  it("does not count a byte-order mark in columns", () => {
    const [fn] = analyzeJavaScript("a.js", "\uFEFFconst f = () => 1;");
    expect([fn.line, fn.column]).toEqual([1, 14]);
  });

  it("parses TypeScript generics in .ts and JSX in .tsx", () => {
    expect(scores("a.ts", "const f = <T,>(x: T): T => (x as any) ?? x;")).toEqual([2, 0]);
    expect(scores("a.ts", "function f<T>(x: T) { return <any>x || 1; }")).toEqual([2, 0]);
    expect(scores("a.tsx", "const f = (x?: { a?: number }) => <b>{x?.a && <i />}</b>;")).toEqual([3, 0]);
  });

  it("throws a ParseError with the position of a syntax error", () => {
    let caught: unknown;
    try {
      analyzeJavaScript("src/broken.ts", "function ok() {}\nconst x = (1;\nok();\n");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ParseError);
    const error = caught as ParseError;
    expect(error.line).toBe(2);
    expect(error.message).toMatch(/^src\/broken\.ts:2:\d+: /);
  });

  it("handles long operator chains", () => {
    const code = `function f(a) { return ${Array.from({ length: 500 }, () => "a").join(" && ")}; }`;
    expect(scores("a.js", code)).toEqual([500, 1]);
  });

  it("analyses deeply nested source without crashing the process (the native parser gets a large stack)", () => {
    // Each of these crashes the process with a segmentation fault when parsed on an 8 MB stack.
    expect(analyzeJavaScript("deep.js", `x = ${"(".repeat(20000)}1${")".repeat(20000)};`)).toEqual([]);
    const chain = (n: number) => `function f(a) {\n  if (a) {}${" else if (a) {}".repeat(n)}\n}\n`;
    expect(scores("chain.js", chain(2000))).toEqual([2002, 2001]);
    expect(scores("chain.js", chain(10000))).toEqual([10002, 10001]);
  });

  it("rejects an assignment to something that is not a target, as ESLint's parser does", () => {
    expect(() => analyzeJavaScript("a.js", "function f(a, b) {\n  [b] += a;\n}\n")).toThrow(ParseError);
  });

  it("reports source nested beyond any parser's reach as a ParseError", () => {
    const code = `x = ${"(".repeat(200000)}1${")".repeat(200000)};`;
    expect(() => analyzeJavaScript("deep.js", code)).toThrow(ParseError);
  });
});

describe("the nesting estimate that guards the native parser", () => {
  it("reads a file with a long run of identifier characters (an inlined base64 asset) without quadratic backtracking", () => {
    // Quadratic, this estimate took minutes for a 512 KB run; linear it is a few milliseconds, far inside the test timeout.
    const code = `export const logo = "${"QUJD".repeat(256 * 1024)}";\nexport function f(a) { return a ? 1 : 2; }\n`;
    expect(nestingEstimate(code)).toBeLessThan(SAFE_NESTING);
    expect(scores("asset.js", code)).toEqual([2, 1]);
  });

  it("still counts a chain of labels as nesting", () => {
    const labels = Array.from({ length: 300 }, (_, i) => `l${i}: `).join("");
    expect(nestingEstimate(`${labels}x;`)).toBeGreaterThan(1000);
    expect(nestingEstimate("a ? b : c")).toBeLessThan(10);
  });
});
