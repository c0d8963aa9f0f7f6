import { describe, expect, it } from "vitest";
import { parseEslintJson } from "./eslint";
import { parseFlake8Output, parseMypyOutput, parsePyflakesOutput, parseRuffJson } from "./python";
import { parseSarif, sarifUriToPath } from "./sarif";
import { parseTscOutput } from "./tsc";

describe("tsc output", () => {
  it("reads located and project-level diagnostics with their elaboration lines", () => {
    const out = [
      "src/App.tsx(4,62): error TS2322: Type '{ title: string; subtitle: string; }' is not assignable to type 'IntrinsicAttributes & CardProps'.",
      "  Property 'subtitle' does not exist on type 'IntrinsicAttributes & CardProps'.",
      "src/a b.ts(6,20): error TS2551: Property 'titel' does not exist on type 'CardProps'. Did you mean 'title'?",
      "error TS18003: No inputs were found in config file 'tsconfig.json'.",
    ].join("\n");
    const d = parseTscOutput(out);
    expect(d.map((x) => [x.file, x.line, x.column, x.rule])).toEqual([
      ["src/App.tsx", 4, 62, "TS2322"],
      ["src/a b.ts", 6, 20, "TS2551"],
      [null, null, null, "TS18003"],
    ]);
    expect(d[0]!.message).toContain("\nProperty 'subtitle' does not exist");
  });
});

describe("ESLint JSON", () => {
  it("maps severities, keeps parse errors, drops 'file ignored' notices", () => {
    const json = JSON.stringify([
      { filePath: "/w/a.js", messages: [
        { ruleId: "no-undef", severity: 2, message: "'y' is not defined.", line: 2, column: 28, endLine: 2, endColumn: 29 },
        { ruleId: "no-shadow", severity: 1, message: "'x' is already declared in the upper scope on line 1 column 7.", line: 2, column: 12 },
        { ruleId: null, fatal: true, severity: 2, message: "Parsing error: Unexpected token", line: 5, column: 1 },
      ] },
      { filePath: "/w/dist/b.js", messages: [{ ruleId: null, severity: 1, message: "File ignored because of a matching ignore pattern." }] },
    ]);
    expect(parseEslintJson(json).map((d) => `${d.rule}:${d.severity}`)).toEqual(["no-undef:error", "no-shadow:warning", "parse-error:error"]);
    expect(() => parseEslintJson("Oops! Something went wrong")).toThrow(/no JSON/);
  });
});

describe("Python analysers", () => {
  it("mypy: errors with codes, notes dropped", () => {
    const d = parseMypyOutput('a.py:8:20: error: "User" has no attribute "nmae"  [attr-defined]\na.py:8:20: note: See docs\na.py:9: error: Name "x" is not defined  [name-defined]\n');
    expect(d.map((x) => [x.line, x.column, x.rule, x.message])).toEqual([
      [8, 20, "attr-defined", '"User" has no attribute "nmae"'],
      [9, null, "name-defined", 'Name "x" is not defined'],
    ]);
  });
  it("flake8 and ruff: codes, errors only for code that cannot run", () => {
    expect(parseFlake8Output("a.py:1:1: F401 'os' imported but unused\na.py:8:29: F821 undefined name 'missing'\n").map((d) => `${d.rule}:${d.severity}`)).toEqual([
      "F401:warning",
      "F821:error",
    ]);
    const ruff = JSON.stringify([{ code: "F821", message: "Undefined name `x`", filename: "/w/a.py", location: { row: 3, column: 5 }, end_location: { row: 3, column: 6 } }]);
    expect(parseRuffJson(ruff)[0]).toMatchObject({ tool: "ruff", rule: "F821", severity: "error", line: 3, column: 5, endColumn: 6 });
  });
  it("pyflakes: the rule is the message without names", () => {
    expect(parsePyflakesOutput("a.py:8:29: undefined name 'missing'\na.py:1:1: 'os' imported but unused\n").map((d) => `${d.rule}|${d.severity}`)).toEqual([
      "undefined name %s|error",
      "%s imported but unused|warning",
    ]);
  });
});

describe("SARIF", () => {
  it("reads rule ids (also by index), levels (rule default, else warning), locations and fingerprints", () => {
    const log = {
      version: "2.1.0",
      runs: [
        {
          tool: { driver: { name: "semgrep", rules: [{ id: "py.eval", defaultConfiguration: { level: "error" } }] } },
          results: [
            { ruleIndex: 0, message: { text: "eval" }, locations: [{ physicalLocation: { artifactLocation: { uri: "file:///w/src/a%20b.py" }, region: { startLine: 3, startColumn: 2 } } }], partialFingerprints: { h: "1" } },
            { ruleId: "other", message: { text: "hm" } },
            { ruleId: "ok", kind: "pass", message: { text: "fine" } },
          ],
        },
      ],
    };
    const { diagnostics, drivers } = parseSarif(JSON.stringify(log));
    expect(drivers).toEqual(["semgrep"]);
    expect(diagnostics).toEqual([
      expect.objectContaining({ rule: "py.eval", severity: "error", file: "/w/src/a b.py", line: 3, column: 2, partialFingerprints: { h: "1" } }),
      expect.objectContaining({ rule: "other", severity: "warning", file: null }),
    ]);
    expect(() => parseSarif("{}")).toThrow(/not a SARIF log/);
    expect(sarifUriToPath("src/x.js")).toBe("src/x.js");
  });
});
