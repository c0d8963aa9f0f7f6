import { describe, expect, it } from "vitest";
import type { GateResult } from "../types";
import { overallStatus, toJson, toSarif, toText } from "./index";

const RESULTS: GateResult[] = [
  {
    gate: "tests",
    status: "fail",
    score: 71.4,
    summary: "10/14 tests passed (71.4%); 1 newly failing: encodes spaces",
    durationMs: 1834.6,
    findings: [
      { kind: "newly-failing", test: "encodes spaces", message: "fails after the change" },
      { kind: "already-failing", test: "legacy", message: "also fails at the base commit" },
    ],
    passed: 10,
    failed: 4,
    baselineFailed: 3,
    newlyFailing: ["encodes spaces"],
    total: 14,
    sandbox: "bwrap",
    timedOut: false,
  },
  {
    gate: "dependencies",
    status: "fail",
    summary: "1 package not found",
    durationMs: 12,
    findings: [
      { ecosystem: "npm", package: "axios-v2", kind: "not-found", file: "src/a b.ts", line: 3, message: "axios-v2 is not in the npm registry" },
    ],
  },
  {
    gate: "complexity",
    status: "warn",
    score: 12,
    summary: "1 function over the threshold",
    durationMs: 40,
    findings: [
      { file: "src/a.ts", function: "encode", line: 10, cyclomaticBefore: 4, cyclomatic: 12, cognitiveBefore: 3, cognitive: 15 },
      { file: "src/b.ts", function: "fresh", line: 1, cyclomaticBefore: null, cyclomatic: 11, cognitiveBefore: null, cognitive: 9 },
    ],
  },
  {
    gate: "error-contract",
    status: "error",
    summary: "cannot parse src/url.js:14",
    durationMs: 5,
    findings: [
      {
        file: "src/url.js",
        line: 14,
        kind: "changed",
        before: "Invalid URL",
        after: "Malformed URI structure",
        consumers: [{ file: "test/url.test.js", line: 8 }],
      },
    ],
  },
];

describe("toJson", () => {
  it("follows the CLI contract, extras kept", () => {
    const json = JSON.parse(JSON.stringify(toJson(RESULTS)));
    expect(Object.keys(json)).toEqual(["gates"]);
    expect(json.gates.map((g: { gate: string }) => g.gate)).toEqual(["tests", "dependencies", "complexity", "error-contract"]);
    expect(json.gates[0]).toMatchObject({
      gate: "tests",
      status: "fail",
      summary: expect.any(String),
      durationMs: 1835,
      passed: 10,
      failed: 4,
      baselineFailed: 3,
      newlyFailing: ["encodes spaces"],
    });
    expect(json.gates[1]).not.toHaveProperty("score");
    expect(json.gates[1].findings[0]).toEqual(RESULTS[1].findings[0]);
    expect(json.gates[3].findings[0].consumers).toEqual([{ file: "test/url.test.js", line: 8 }]);
  });
});

describe("toText", () => {
  it("prints an aligned row per gate with its findings underneath, no colour unless asked", () => {
    const text = toText(RESULTS, { color: false });
    expect(text).not.toMatch(/\u001b\[/);
    const lines = text.split("\n");
    const rows = ["GATE", "tests", "dependencies", "complexity", "error-contract"].map((g) => lines.find((l) => l.startsWith(`${g} `))!);
    // STATUS column starts at the same offset in every row
    const statusCol = rows.map((r, i) => r.indexOf(i === 0 ? "STATUS" : RESULTS[i - 1].status.toUpperCase()));
    expect(new Set(statusCol).size).toBe(1);
    const testsRow = lines.indexOf(rows[1]);
    expect(lines[testsRow + 1]).toMatch(/^\s{4}\S+ \[newly-failing\] encodes spaces: fails after the change$/);
    expect(text).toContain("src/a b.ts:3  [not-found] axios-v2 is not in the npm registry");
    expect(text).toContain("src/a.ts:10  [complexity-increase] encode: cyclomatic 4 → 12, cognitive 3 → 15");
    expect(text).toContain("fresh (new): cyclomatic 11, cognitive 9");
    expect(text).toContain('error text changed: "Invalid URL" → "Malformed URI structure"; relied on at test/url.test.js:8');
    const split = toText(
      [{ ...RESULTS[3], findings: [{ ...(RESULTS[3].findings[0] as object), consumers: [
        { file: "test/a.js", line: 1, broken: true },
        { file: "test/b.js", line: 2, broken: false },
        { file: "History.md", line: 3, broken: false, informational: true },
      ] }] }],
      { color: false },
    );
    expect(split).toContain("; breaks test/a.js:1; still matched at test/b.js:2; mentioned at History.md:3");
    expect(text).toMatch(/overall: FAIL \(2 fail, 1 error, 1 warn\)/);
  });

  it("colours statuses on request", () => {
    const text = toText(RESULTS, { color: true });
    expect(text).toContain("\u001b[31mFAIL");
    expect(text).toContain("\u001b[33mWARN");
  });

  it("caps long finding lists", () => {
    const many: GateResult = { ...RESULTS[2], findings: Array.from({ length: 30 }, () => RESULTS[2].findings[0]) };
    expect(toText([many], { maxFindings: 5 })).toContain("… and 25 more");
  });
});

describe("complexity findings", () => {
  it("print the gate's message naming the measure, with a kind per verdict", () => {
    const text = toText(
      [
        {
          gate: "complexity",
          status: "fail",
          summary: "parseQuery: cognitive 8→36 > 10 (thresholds cyclomatic 10, cognitive 10)",
          durationMs: 3,
          findings: [
            { file: "src/q.ts", function: "parseQuery", line: 4, cyclomaticBefore: 5, cyclomatic: 9, cognitiveBefore: 8, cognitive: 36, verdict: "crossed", severity: "fail", message: "parseQuery: cognitive 8→36 > 10" },
            { file: "lib/response.js", function: "send", line: 90, cyclomaticBefore: 22, cyclomatic: 23, cognitiveBefore: 9, cognitive: 9, verdict: "grew-over-threshold", severity: "warn", message: "send: cyclomatic 22→23 > 10" },
          ],
        },
      ],
      { color: false },
    );
    expect(text).toContain("src/q.ts:4  [threshold-crossed] parseQuery: cognitive 8→36 > 10");
    expect(text).toContain("lib/response.js:90  [complexity-increase] send: cyclomatic 22→23 > 10");
  });
});

describe("overallStatus", () => {
  it("ranks fail over error over warn over pass", () => {
    expect(overallStatus(RESULTS)).toBe("fail");
    expect(overallStatus(RESULTS.slice(2))).toBe("error");
    expect(overallStatus([RESULTS[2]])).toBe("warn");
    expect(overallStatus([{ ...RESULTS[2], status: "pass" }, { ...RESULTS[1], status: "skipped" }])).toBe("pass");
    expect(overallStatus([])).toBe("skipped");
  });
});

/** Checks the SARIF 2.1.0 schema's required properties and value constraints for what we emit. */
function assertSarif21(log: any): void {
  expect(log.version).toBe("2.1.0");
  expect(typeof log.$schema).toBe("string");
  expect(Array.isArray(log.runs)).toBe(true);
  for (const run of log.runs) {
    expect(typeof run.tool.driver.name).toBe("string");
    const rules = run.tool.driver.rules ?? [];
    const ids = rules.map((r: any) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of rules) {
      expect(typeof rule.id).toBe("string");
      if (rule.shortDescription) expect(typeof rule.shortDescription.text).toBe("string");
      if (rule.defaultConfiguration) expect(["none", "note", "warning", "error"]).toContain(rule.defaultConfiguration.level);
    }
    for (const inv of run.invocations ?? []) expect(typeof inv.executionSuccessful).toBe("boolean");
    for (const result of run.results ?? []) {
      expect(typeof result.message.text === "string" || typeof result.message.id === "string").toBe(true);
      expect(["none", "note", "warning", "error"]).toContain(result.level);
      if (result.ruleIndex !== undefined) {
        expect(Number.isInteger(result.ruleIndex) && result.ruleIndex >= 0).toBe(true);
        expect(rules[result.ruleIndex].id).toBe(result.ruleId);
      }
      for (const loc of [...(result.locations ?? []), ...(result.relatedLocations ?? [])]) {
        const phys = loc.physicalLocation;
        expect(phys.artifactLocation ?? phys.address).toBeDefined();
        // uri must be a valid URI reference
        expect(() => new URL(phys.artifactLocation.uri, "file:///repo/")).not.toThrow();
        expect(phys.artifactLocation.uri).not.toMatch(/\s/);
        if (phys.region) expect(Number.isInteger(phys.region.startLine) && phys.region.startLine >= 1).toBe(true);
      }
      const relatedIds = (result.relatedLocations ?? []).map((l: any) => l.id);
      expect(new Set(relatedIds).size).toBe(relatedIds.length);
    }
  }
}

describe("toSarif", () => {
  it("is a valid SARIF 2.1.0 log with rules per gate/kind, levels and locations", () => {
    const log = JSON.parse(JSON.stringify(toSarif(RESULTS, { toolVersion: "0.1.0" })));
    assertSarif21(log);
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0];
    expect(run.tool.driver).toMatchObject({ name: "gatehouse", version: "0.1.0" });
    expect(run.tool.driver.rules.map((r: any) => r.id)).toEqual([
      "tests/newly-failing",
      "tests/already-failing",
      "dependencies/not-found",
      "complexity/complexity-increase",
      "complexity/new-complex-function",
      "error-contract/changed",
      "error-contract/gate-error",
    ]);
    const byRule = (id: string) => run.results.filter((r: any) => r.ruleId === id);
    expect(byRule("tests/newly-failing")[0]).toMatchObject({ level: "error", message: { text: "encodes spaces: fails after the change" } });
    expect(byRule("tests/newly-failing")[0].locations).toBeUndefined();
    expect(byRule("tests/already-failing")[0].level).toBe("note");
    expect(byRule("dependencies/not-found")[0]).toMatchObject({
      level: "error",
      locations: [{ physicalLocation: { artifactLocation: { uri: "src/a%20b.ts" }, region: { startLine: 3 } } }],
    });
    expect(byRule("complexity/complexity-increase")[0].level).toBe("warning");
    expect(byRule("error-contract/changed")[0].relatedLocations).toEqual([
      expect.objectContaining({ id: 1, physicalLocation: expect.objectContaining({ region: { startLine: 8 } }) }),
    ]);
    expect(byRule("error-contract/gate-error")[0]).toMatchObject({ level: "error", message: { text: "error-contract: cannot parse src/url.js:14" } });
    expect(run.invocations).toEqual([{ executionSuccessful: false }]);
  });

  it("places failing tests at their file:line with the assertion message; flaky tests are warnings", () => {
    const tests: GateResult = {
      gate: "tests",
      status: "fail",
      summary: "1/3 tests passed",
      durationMs: 5,
      findings: [
        { kind: "newly-failing", test: "url > encodes spaces", message: "AssertionError: expected 'a b' to be 'a%20b'", file: "test/url.test.ts", line: 7 },
        { kind: "flaky", test: "clock > ticks", message: "did not fail on every run (not counted as failing)", file: "test/clock.test.ts", line: 3 },
      ],
    };
    const log = toSarif([tests]);
    assertSarif21(JSON.parse(JSON.stringify(log)));
    const [failing, flaky] = log.runs[0].results;
    expect(failing).toMatchObject({
      ruleId: "tests/newly-failing",
      level: "error",
      message: { text: "url > encodes spaces: AssertionError: expected 'a b' to be 'a%20b'" },
      locations: [{ physicalLocation: { artifactLocation: { uri: "test/url.test.ts" }, region: { startLine: 7 } } }],
    });
    expect(flaky).toMatchObject({ ruleId: "tests/flaky", level: "warning" });
    const text = toText([tests]);
    expect(text).toContain("test/url.test.ts:7  [newly-failing] url > encodes spaces: AssertionError: expected 'a b' to be 'a%20b'");
    expect(text).toContain("test/clock.test.ts:3  [flaky] clock > ticks");
  });

  it("carries static-analysis findings with their own level, tool/rule id and column", () => {
    const sa: GateResult = {
      gate: "static-analysis",
      status: "fail",
      summary: "2 new problems",
      durationMs: 3,
      findings: [
        { kind: "introduced", tool: "tsc", toolLabel: "tsc", rule: "TS2339", message: "Property 'email' does not exist", severity: "error", file: "src/app.ts", line: 4, column: 29, inventedMember: true },
        { kind: "introduced", tool: "eslint", toolLabel: "eslint", rule: "no-shadow", message: "'x' shadows", severity: "warning", file: "a.js", line: 2, column: 12, inventedMember: false },
      ],
    };
    const log = JSON.parse(JSON.stringify(toSarif([sa])));
    assertSarif21(log);
    expect(log.runs[0].results.map((r: any) => [r.ruleId, r.level])).toEqual([
      ["static-analysis/tsc/TS2339", "error"],
      ["static-analysis/eslint/no-shadow", "warning"],
    ]);
    expect(log.runs[0].results[0].locations[0].physicalLocation.region).toEqual({ startLine: 4, startColumn: 29 });
    expect(toText([sa])).toContain("src/app.ts:4  [tsc/TS2339] tsc TS2339: Property 'email' does not exist");
  });

  it("reports a failed gate without findings as one gate-level result", () => {
    const log = toSarif([{ gate: "tests", status: "fail", summary: "timed out", durationMs: 1, findings: [] }]);
    assertSarif21(JSON.parse(JSON.stringify(log)));
    expect(log.runs[0].results).toEqual([expect.objectContaining({ ruleId: "tests/gate-fail", level: "error" })]);
    expect(toSarif([]).runs[0].results).toEqual([]);
  });
});
