import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  parseJest,
  parseJestJson,
  parseJunitXml,
  parseNodeSpec,
  parsePytest,
  parseTap,
  parseTestOutput,
  parseUnittest,
  parseVitest,
} from "./index";

// Fixtures are real runner output captured on this machine (node 20 node:test, vitest 3, python 3.11
// unittest, pytest 9); Jest's are written after its documented format (Jest is not installed here).
const fixture = (name: string) => fs.readFileSync(path.join(__dirname, "fixtures", name), "utf8");

describe("runner output parsers", () => {
  it("node:test TAP: counts leaf tests only, names nested tests by suite path", () => {
    expect(parseTap(fixture("node-tap.txt"))).toMatchObject({
      format: "tap",
      passed: 4,
      failed: 2,
      skipped: 2,
      failedNames: ["encodes spaces", "suite one > inner fails"],
    });
  });

  it("node:test spec reporter, ignoring the repeated failing-tests section", () => {
    expect(parseNodeSpec(fixture("node-spec.txt"))).toMatchObject({
      format: "node-spec",
      passed: 4,
      failed: 2,
      skipped: 2,
      failedNames: ["encodes spaces", "suite one > inner fails"],
    });
  });

  it("plain TAP with a bail out", () => {
    expect(parseTap("TAP version 13\n1..3\nok 1 - a\nnot ok 2 - b\nok 3 - c # skip later\n")).toMatchObject({
      passed: 1,
      failed: 1,
      skipped: 1,
      failedNames: ["b"],
    });
    expect(parseTap("TAP version 13\n1..3\nBail out! db missing\n")).toMatchObject({ failed: 1 });
    expect(parseTap("nothing to see\n")).toBeNull();
  });

  it("vitest default reporter (with colours)", () => {
    expect(parseVitest(fixture("vitest-default.txt"))).toMatchObject({
      format: "vitest",
      passed: 3,
      failed: 2,
      skipped: 1,
      failedNames: ["encodes spaces", "suite one > inner fails"],
    });
  });

  it("vitest and jest JSON reports", () => {
    expect(parseJestJson(fixture("vitest-json.txt"))).toMatchObject({
      format: "jest-json",
      passed: 3,
      failed: 2,
      skipped: 1,
      failedNames: ["encodes spaces", "suite one > inner fails"],
    });
    expect(parseJestJson(`> npm test\n\n${fixture("jest-json.txt")}\n`)).toMatchObject({
      format: "jest-json",
      passed: 2,
      failed: 1,
      skipped: 0,
      failedNames: ["url > encodes spaces"],
    });
  });

  it("jest text summary", () => {
    expect(parseJest(fixture("jest-text.txt"))).toMatchObject({
      format: "jest",
      passed: 3,
      failed: 1,
      skipped: 1,
      failedNames: ["url > encodes spaces"],
    });
  });

  it("pytest -rA and -v", () => {
    const expected = {
      format: "pytest",
      passed: 2,
      failed: 2,
      skipped: 1,
      failedNames: ["tests/test_x.py::TestX::test_b", "tests/test_x.py::TestX::test_c"],
    };
    expect(parsePytest(fixture("pytest-ra.txt"))).toMatchObject(expected);
    expect(parsePytest(fixture("pytest-verbose.txt"))).toMatchObject(expected);
  });

  it("python unittest, plain and verbose; older '(mod.Class)' ids", () => {
    const expected = {
      format: "unittest",
      passed: 1,
      failed: 2,
      skipped: 1,
      failedNames: ["tests.test_x.TestX.test_c", "tests.test_x.TestX.test_b"],
    };
    expect(parseUnittest(fixture("unittest.txt"))).toMatchObject(expected);
    expect(parseUnittest(fixture("unittest-verbose.txt"))).toMatchObject(expected);
    expect(parseUnittest("FAIL: test_b (m.T)\n---\nRan 3 tests in 0.1s\n\nFAILED (failures=1)\n")).toMatchObject({
      passed: 2,
      failed: 1,
      failedNames: ["m.T.test_b"],
    });
    expect(parseUnittest("Ran 3 tests in 0.1s\n\nOK\n")).toMatchObject({ passed: 3, failed: 0 });
  });

  it("JUnit XML", () => {
    expect(parseJunitXml(fixture("pytest-junit.xml"))).toMatchObject({
      format: "junit",
      passed: 2,
      failed: 2,
      skipped: 1,
      failedNames: ["tests.test_x.TestX > test_b", "tests.test_x.TestX > test_c"],
    });
    expect(parseJunitXml('<testsuite><testcase name="a &amp; b"><error/></testcase></testsuite>')).toMatchObject({
      failed: 1,
      failedNames: ["a & b"],
    });
  });

  it("parseTestOutput picks the matching format, null when nothing is recognisable", () => {
    expect(parseTestOutput(fixture("node-tap.txt"))?.format).toBe("tap");
    expect(parseTestOutput("", fixture("unittest.txt"))?.format).toBe("unittest");
    expect(parseTestOutput(fixture("pytest-ra.txt"))?.format).toBe("pytest");
    expect(parseTestOutput(fixture("vitest-json.txt"))?.format).toBe("jest-json");
    expect(parseTestOutput(fixture("vitest-default.txt"))?.format).toBe("vitest");
    expect(parseTestOutput("hello\nall good\n")).toBeNull();
  });
});
