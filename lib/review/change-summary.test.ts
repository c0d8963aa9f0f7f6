import { describe, expect, it } from "vitest";
import { gateHeadline, summarizeChange } from "./change-summary";

const BEFORE = ["export function add(a: number, b: number) {", "  return a + b;", "}", "", "export const sub = (a: number, b: number) => a - b;", ""].join("\n");
const AFTER = [
  "export function add(a: number, b: number) {",
  "  return a + b + 0;",
  "}",
  "",
  "export function double(a: number) {",
  "  const twice = () => add(a, a);",
  "  return twice();",
  "}",
  "",
  "class Box {",
  "  size() {",
  "    return 1;",
  "  }",
  "}",
  "",
].join("\n");

describe("summarizeChange", () => {
  it("lists the functions a revision adds, changes and removes, with the changed lines", async () => {
    const s = await summarizeChange(
      [
        { path: "src/util.ts", before: BEFORE, after: AFTER },
        { path: "src/new.js", before: null, after: "function hello() {}\n" },
        { path: "tool.py", before: "def f():\n    pass\n", after: "def f():\n    return 1\n" },
        { path: "src/broken.ts", before: "export const a = 1;\n", after: "export function (\n" },
      ],
      [],
    );
    expect(s.files).toEqual({ added: 1, modified: 3, deleted: 0, total: 4 });
    expect(s.functions.map((f) => `${f.kind} ${f.file} ${f.name}@${f.line}`)).toEqual([
      "changed src/util.ts add@1",
      "added src/util.ts double@5",
      "added src/util.ts double > twice@6",
      "added src/util.ts size@11",
      "removed src/util.ts sub@5",
      "added src/new.js hello@1",
    ]);
    expect(s.unparsed).toEqual(["tool.py", "src/broken.ts"]);
    expect(s.additions).toBeGreaterThan(s.deletions);
    expect(s.headline).toBe("No gate results yet");
  });

  it("names warned, skipped and failing gates in the headline", () => {
    expect(
      gateHeadline([
        { gate: "tests", status: "pass", summary: "ok" },
        { gate: "dependencies", status: "fail", summary: "lodahs does not exist" },
        { gate: "complexity", status: "warn", summary: "rose" },
        { gate: "static-analysis", status: "skipped", summary: "no analyser" },
      ]),
    ).toBe("1 of 3 gates pass, 1 warn (complexity), 1 skipped (static-analysis) — dependencies failed: lodahs does not exist");
  });
});
