/**
 * Every parser on output the real runner produced here and now: vitest, jest, mocha, ava (from npm),
 * node:test, and pytest, each running the same small suite (one pass, one failed assertion, one skip,
 * one nested exception).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MOCHA_INNER_ENV, MOCHA_JSON_FILE, MOCHA_REPORTER_FILE, MOCHA_REPORTER_SOURCE } from "../mocha-reporter";
import { parseAva, parseJestJson, parseJunitXml, parseMocha, parseMochaJson, parseNodeSpec, parseTap, parseTestOutput, parseVitest } from "./index";

const APP_MODULES = path.resolve(__dirname, "../../../../node_modules");
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function project(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-parse-")));
  dirs.push(dir);
  fs.symlinkSync(APP_MODULES, path.join(dir, "node_modules"), "dir");
  for (const [p, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), text);
  }
  return dir;
}

function run(dir: string, argv: string[], env: Record<string, string> = {}) {
  const r = spawnSync(argv[0], argv.slice(1), {
    cwd: dir,
    encoding: "utf8",
    env: { PATH: `${dir}/node_modules/.bin:${process.env.PATH}`, HOME: dir, CI: "true", NODE_ENV: "test", ...env },
    timeout: 120_000,
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

const JS_SUITE = (imports: string, eq: (a: string, b: string) => string, skip: string) => `${imports}
describe("math", () => {
  it("adds", () => { ${eq("1 + 1", "2")} });
  it("subtracts wrongly", () => { ${eq("5 - 3", "3")} });
  ${skip}("skipped one", () => {});
  describe("nested", () => { it("throws", () => { throw new TypeError("boom here"); }); });
});
`;
const nodeAssert = (a: string, b: string) => `assert.strictEqual(${a}, ${b});`;
const expectToBe = (a: string, b: string) => `expect(${a}).toBe(${b});`;

describe("parsers on real runner output", () => {
  it("vitest: JSON reporter beside the default one, and the default reporter alone", () => {
    const dir = project({
      "package.json": '{"type":"module"}',
      "vitest.config.mts": 'import { defineConfig } from "vitest/config";\nexport default defineConfig({ test: { include: ["test/**/*.test.ts"] } });\n',
      "test/math.test.ts": JS_SUITE('import { describe, it, expect } from "vitest";', expectToBe, "it.skip"),
    });
    const out = run(dir, ["vitest", "run", "--reporter=default", "--reporter=json", "--outputFile.json=report.json"]);
    expect(out.status).toBe(1);
    const json = parseJestJson(fs.readFileSync(path.join(dir, "report.json"), "utf8"));
    expect(json).toMatchObject({ format: "jest-json", passed: 1, failed: 2, skipped: 1, passedNames: ["math > adds"] });
    expect(json?.failures).toEqual([
      { name: "math > subtracts wrongly", message: "AssertionError: expected 2 to be 3 // Object.is equality", file: `${dir}/test/math.test.ts`, line: 4 },
      { name: "math > nested > throws", message: "TypeError: boom here", file: `${dir}/test/math.test.ts`, line: 6 },
    ]);
    expect(parseVitest(out.stdout)).toMatchObject({ passed: 1, failed: 2, skipped: 1, failedNames: ["math > subtracts wrongly", "math > nested > throws"] });
  });

  it("jest: --json --outputFile with locations", () => {
    const dir = project({ "package.json": "{}", "test/math.test.js": JS_SUITE("", expectToBe, "it.skip") });
    const out = run(dir, ["jest", "--json", "--outputFile=report.json", "--testLocationInResults"]);
    expect(out.status).toBe(1);
    const json = parseJestJson(fs.readFileSync(path.join(dir, "report.json"), "utf8"));
    expect(json).toMatchObject({ passed: 1, failed: 2, skipped: 1, failedNames: ["math > subtracts wrongly", "math > nested > throws"] });
    expect(json?.failures?.[0]).toEqual({
      name: "math > subtracts wrongly",
      message: "Error: expect(received).toBe(expected) // Object.is equality Expected: 3 Received: 2",
      file: `${dir}/test/math.test.js`,
      line: 4,
    });
    expect(json?.failures?.[1]).toMatchObject({ message: "TypeError: boom here", line: 6 });
    // The console summary says the same.
    expect(parseTestOutput(out.stdout, out.stderr)).toMatchObject({ format: "jest", passed: 1, failed: 2, skipped: 1 });
  });

  it("jest: a test file that cannot load is a load failure with its cause", () => {
    const dir = project({ "package.json": "{}", "test/a.test.js": 'require("./missing-module");\nit("never", () => {});\n' });
    run(dir, ["jest", "--json", "--outputFile=report.json"]);
    const json = parseJestJson(fs.readFileSync(path.join(dir, "report.json"), "utf8"));
    expect(json?.failures).toEqual([
      expect.objectContaining({ name: `${dir}/test/a.test.js (failed to run)`, loadError: true, message: expect.stringContaining("Cannot find module './missing-module'") }),
    ]);
  });

  it("mocha: spec console, mocha's json reporter, and our reporter (spec on the console + JSON with title paths)", () => {
    const dir = project({ "package.json": "{}", "test/math.test.js": JS_SUITE('const assert = require("node:assert");', nodeAssert, "it.skip") });
    const spec = run(dir, ["mocha", "test/"]);
    expect(spec.status).toBe(2);
    const fromSpec = parseMocha(spec.stdout);
    expect(fromSpec).toMatchObject({ format: "mocha", passed: 1, failed: 2, skipped: 1, failedNames: ["math > subtracts wrongly", "math > nested > throws"] });
    expect(fromSpec?.failures?.[0]).toMatchObject({ file: "test/math.test.js", line: 4 });
    expect(fromSpec?.failures?.[0].message).toMatch(/^AssertionError \[ERR_ASSERTION\]: Expected values to be strictly equal: 2 !== 3/);
    expect(parseTestOutput(spec.stdout, spec.stderr)?.format).toBe("mocha");

    const json = run(dir, ["mocha", "--reporter", "json", "test/"]);
    expect(parseMochaJson(json.stdout)).toMatchObject({ format: "mocha-json", passed: 1, failed: 2, skipped: 1, failedNames: ["math subtracts wrongly", "math nested throws"] });

    fs.writeFileSync(path.join(dir, MOCHA_REPORTER_FILE), MOCHA_REPORTER_SOURCE);
    const ours = run(dir, ["mocha", "--reporter", "dot", "test/", "--reporter", path.join(dir, MOCHA_REPORTER_FILE)], { [MOCHA_INNER_ENV]: "dot" });
    expect(ours.status).toBe(2);
    expect(ours.stdout).toContain("2 failing"); // the project's reporter still prints
    const report = parseMochaJson(fs.readFileSync(path.join(dir, MOCHA_JSON_FILE), "utf8"));
    expect(report).toMatchObject({ passed: 1, failed: 2, skipped: 1, failedNames: ["math > subtracts wrongly", "math > nested > throws"], passedNames: ["math > adds"] });
    expect(report?.failures?.[1]).toEqual({ name: "math > nested > throws", message: "TypeError: boom here", file: "test/math.test.js", line: 6 });
  });

  it("ava: default reporter with failure details", () => {
    const dir = project({
      "package.json": '{"type":"module"}',
      "test/math.test.js":
        'import test from "ava";\ntest("adds", (t) => { t.is(1 + 1, 2); });\ntest("subtracts wrongly", (t) => { t.is(5 - 3, 3); });\n' +
        'test.skip("skipped one", (t) => {});\ntest("throws", () => { throw new TypeError("boom here"); });\n',
    });
    const out = run(dir, ["ava"]);
    expect(out.status).toBe(1);
    const report = parseAva(out.stdout + out.stderr);
    expect(report).toMatchObject({ format: "ava", passed: 1, failed: 2, skipped: 1, failedNames: ["subtracts wrongly", "throws"] });
    expect(report?.failures?.[0]).toEqual({ name: "subtracts wrongly", message: "Difference (- actual, + expected): - 2 + 3", file: "test/math.test.js", line: 3 });
    expect(report?.failures?.[1]).toMatchObject({ name: "throws", line: 5 });
    expect(report?.failures?.[1].message).toContain("boom here");
    expect(parseTestOutput(out.stdout, out.stderr)?.format).toBe("ava");
  });

  it("node:test: TAP diagnostics and the spec reporter", () => {
    const dir = project({
      "test/math.test.mjs": JS_SUITE('import { describe, it } from "node:test";\nimport assert from "node:assert";', nodeAssert, "it.skip"),
    });
    const tap = run(dir, ["node", "--test", "--test-reporter=tap"]);
    const report = parseTap(tap.stdout);
    expect(report).toMatchObject({ passed: 1, failed: 2, skipped: 1, failedNames: ["math > subtracts wrongly", "math > nested > throws"] });
    expect(report?.failures?.[0]).toEqual({
      name: "math > subtracts wrongly",
      message: "AssertionError: Expected values to be strictly equal: 2 !== 3",
      file: `${dir}/test/math.test.mjs`,
      line: 5,
    });
    expect(report?.failures?.[1]).toMatchObject({ name: "math > nested > throws", message: "TypeError: boom here", line: 7 });
    const spec = run(dir, ["node", "--test", "--test-reporter=spec"]);
    expect(parseNodeSpec(spec.stdout)).toMatchObject({ passed: 1, failed: 2, skipped: 1, failedNames: ["math > subtracts wrongly", "math > nested > throws"] });
  });

  it("pytest: xunit1 JUnit with node ids, messages and lines; a collection error is a load failure", () => {
    const dir = project({
      "tests/test_math.py":
        "import pytest\n\nclass TestMath:\n    def test_adds(self):\n        assert 1 + 1 == 2\n\n    def test_subtracts_wrongly(self):\n" +
        "        assert 5 - 3 == 3\n\n    @pytest.mark.skip(reason='no')\n    def test_skipped(self):\n        pass\n\n\ndef test_throws():\n    raise TypeError('boom here')\n",
    });
    run(dir, ["python3", "-m", "pytest", "-p", "no:cacheprovider", "-o", "junit_family=xunit1", "--junitxml=report.xml"]);
    const report = parseJunitXml(fs.readFileSync(path.join(dir, "report.xml"), "utf8"));
    expect(report).toMatchObject({
      passed: 1,
      failed: 2,
      skipped: 1,
      failedNames: ["tests/test_math.py::TestMath::test_subtracts_wrongly", "tests/test_math.py::test_throws"],
      passedNames: ["tests/test_math.py::TestMath::test_adds"],
    });
    expect(report?.failures).toEqual([
      { name: "tests/test_math.py::TestMath::test_subtracts_wrongly", message: "assert (5 - 3) == 3", file: "tests/test_math.py", line: 8 },
      { name: "tests/test_math.py::test_throws", message: "TypeError: boom here", file: "tests/test_math.py", line: 16 },
    ]);

    fs.writeFileSync(path.join(dir, "tests/test_broken.py"), "from nowhere_pkg import thing\n");
    run(dir, ["python3", "-m", "pytest", "-p", "no:cacheprovider", "-o", "junit_family=xunit1", "--junitxml=report.xml"]);
    const broken = parseJunitXml(fs.readFileSync(path.join(dir, "report.xml"), "utf8"));
    expect(broken).toMatchObject({ passed: 0, failed: 1 });
    expect(broken?.failures?.[0]).toMatchObject({
      name: "tests/test_broken.py",
      loadError: true,
      message: "ModuleNotFoundError: No module named 'nowhere_pkg'",
      file: "tests/test_broken.py",
      line: 1,
    });
  });
});
