import { describe, expect, it } from "vitest";
import { lineFindings } from "./line-findings";

describe("lineFindings", () => {
  it("places dependency, complexity and error-contract findings on their lines", () => {
    const out = lineFindings(
      [
        { gate: "dependencies", findings: [{ ecosystem: "npm", package: "lodahs", kind: "not-found", file: "src/a.ts", line: 3, message: "lodahs does not exist in the npm registry" }] },
        {
          gate: "complexity",
          findings: [
            { file: "src/a.ts", function: "parse", line: 10, cyclomaticBefore: 4, cyclomatic: 12, cognitiveBefore: 3, cognitive: 9 },
            { file: "src/b.ts", function: "fresh", line: 2, cyclomaticBefore: null, cyclomatic: 5, cognitiveBefore: null, cognitive: 4 },
          ],
        },
        {
          gate: "error-contract",
          findings: [
            { file: "src/a.ts", line: 7, kind: "changed", entryKind: "message", functionName: "parse", before: "bad input", after: "invalid input", consumers: [{ file: "test/a.test.ts", line: 20, broken: true }] },
            {
              file: "src/c.ts",
              line: 4,
              kind: "removed",
              before: "gone",
              after: null,
              consumers: [{ file: "History.md", line: 9, broken: true, informational: true }],
            },
          ],
        },
        { gate: "tests", findings: [{ kind: "newly-failing", test: "x", message: "y" }] },
        { gate: "dependencies", findings: [{ nonsense: true }] },
        {
          gate: "dependencies",
          findings: [
            { ecosystem: "npm", package: "lodash.merge", kind: "undeclared", file: "src/d.ts", line: 1, message: "m", blocking: true },
            { ecosystem: "npm", package: "lodash.merge", kind: "undeclared", file: "test/d.test.ts", line: 1, message: "m" },
          ],
        },
      ],
      10,
    );
    expect(out.map((f) => `${f.file}:${f.line}:${f.gate}`)).toEqual([
      "src/a.ts:3:dependencies",
      "src/a.ts:7:error-contract",
      "src/a.ts:10:complexity",
      "src/b.ts:2:complexity",
      "src/c.ts:4:error-contract",
      "src/d.ts:1:dependencies",
      "test/d.test.ts:1:dependencies",
    ]);
    const [dep, contract, over, fresh, removed, runtimeUndeclared, testUndeclared] = out;
    expect([runtimeUndeclared?.severity, testUndeclared?.severity]).toEqual(["error", "warning"]);
    expect(dep).toMatchObject({ severity: "error", title: "hallucinated import: lodahs", message: "lodahs does not exist in the npm registry" });
    expect(contract.message).toBe('error message "bad input" → "invalid input"; used by test/a.test.ts:20');
    expect(contract.consumers).toEqual([{ file: "test/a.test.ts", line: 20, broken: true, text: undefined }]);
    expect(contract.severity).toBe("error");
    expect(over).toMatchObject({ severity: "error", kind: "over-threshold", badge: "cyclomatic 4→12, cognitive 3→9" });
    expect(fresh).toMatchObject({ severity: "warning", badge: "cyclomatic new→5, cognitive new→4" });
    // a changelog mention never breaks, whatever the report says
    expect(removed).toMatchObject({ side: "before", severity: "warning", needle: "gone" });
    expect(removed.consumers).toEqual([{ file: "History.md", line: 9, broken: false, text: undefined, informational: true }]);
    expect([dep.needle, contract.needle, over.needle]).toEqual(["lodahs", "invalid input", "parse"]);
    // Every finding carries the label drawn at the end of its line, not only the ones with scores.
    expect(out.map((f) => f.badge)).toEqual([
      "hallucinated import: lodahs",
      "error message changed in parse: 1 consumer",
      "cyclomatic 4→12, cognitive 3→9",
      "cyclomatic new→5, cognitive new→4",
      "error message removed: 1 consumer",
      "undeclared dependency: lodash.merge",
      "undeclared dependency: lodash.merge",
    ]);
  });

  it("shows the gate's verdict and message for complexity findings", () => {
    const [crossed, grew] = lineFindings([
      {
        gate: "complexity",
        findings: [
          { file: "src/q.ts", function: "parseQuery", line: 4, cyclomaticBefore: 5, cyclomatic: 9, cognitiveBefore: 8, cognitive: 36, verdict: "crossed", severity: "fail", message: "parseQuery: cognitive 8→36 > 10" },
          { file: "src/r.js", function: "send", line: 9, cyclomaticBefore: 22, cyclomatic: 23, cognitiveBefore: 9, cognitive: 9, verdict: "grew-over-threshold", severity: "warn", message: "send: cyclomatic 22→23 > 10" },
        ],
      },
    ]);
    expect(crossed).toMatchObject({ severity: "error", kind: "crossed", title: "parseQuery: cognitive 8→36 > 10", message: "parseQuery: cognitive 8→36 > 10" });
    expect(grew).toMatchObject({ severity: "warning", kind: "grew-over-threshold", message: "send: cyclomatic 22→23 > 10" });
  });

  it("places static-analysis findings with tool, rule and columns; file-less ones are left to the panel", () => {
    const out = lineFindings([
      {
        gate: "static-analysis",
        findings: [
          { kind: "introduced", tool: "tsc", toolLabel: "tsc", rule: "TS2339", message: "Property 'email' does not exist on type 'User'.", severity: "error", file: "src/app.ts", line: 4, column: 29, inventedMember: true },
          { kind: "introduced", tool: "eslint", toolLabel: "eslint", rule: "no-shadow", message: "'x' is already declared", severity: "warning", file: "lib/a.js", line: 2, column: 12, endLine: 2, endColumn: 13, inventedMember: false },
          { kind: "introduced", tool: "tsc", toolLabel: "tsc", rule: "TS18003", message: "No inputs", severity: "error", file: null, line: null, column: null, inventedMember: false },
        ],
      },
    ]);
    expect(out).toHaveLength(2);
    const [shadow, invented] = out;
    expect(invented).toMatchObject({ gate: "static-analysis", severity: "error", kind: "invented-member", title: "tsc TS2339 (invented member)", badge: "tsc TS2339", column: 29 });
    expect(invented!.message).toBe("tsc TS2339: Property 'email' does not exist on type 'User'.");
    expect(shadow).toMatchObject({ severity: "warning", kind: "no-shadow", column: 12, endColumn: 13 });
  });
});
