import { describe, expect, it } from "vitest";
import { analyzeFile, isAnalyzable } from "./analyze";
import { analyzePython } from "./python";

describe("isAnalyzable", () => {
  it.each([
    ["src/a.js", true],
    ["src/a.jsx", true],
    ["src/a.mjs", true],
    ["src/a.cjs", true],
    ["src/a.ts", true],
    ["src/A.TSX", true],
    ["src/a.mts", true],
    ["src/a.cts", true],
    ["tool.py", true],
    ["types/a.d.ts", false],
    ["README.md", false],
    ["Makefile", false],
    [".js", false],
    ["dir.js/file", false],
  ])("%s → %s", (path, expected) => {
    expect(isAnalyzable(path)).toBe(expected);
  });
});

describe("analyzeFile", () => {
  it("analyzes JavaScript-family files by extension", async () => {
    const code = "function f(a) { return a?.b ? 1 : 2; }";
    for (const path of ["a.js", "a.mts", "a.tsx"]) {
      const [f] = await analyzeFile(path, code);
      expect([f.name, f.cyclomatic, f.cognitive]).toEqual(["f", 3, 1]);
    }
  });

  it("routes .py files to the Python analyzer", async () => {
    const code = "def f(a):\n    if a:\n        return 1\n    return 2\n";
    const settle = (p: Promise<unknown>) =>
      p.then(
        (value) => ({ value }),
        (error: Error) => ({ error: error.message }),
      );
    expect(await settle(analyzeFile("tool.py", code))).toEqual(await settle(analyzePython("tool.py", code)));
  });

  it("rejects files it cannot analyze", async () => {
    await expect(analyzeFile("notes.txt", "x")).rejects.toThrow(/no complexity analyzer/);
  });
});
