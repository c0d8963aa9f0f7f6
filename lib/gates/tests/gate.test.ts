import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTempRepo, extraWorktrees, type TempRepo } from "../../testing/git-repo";
import { DEFAULT_POLICY, type GateInput, type GatePolicy } from "../types";
import type { BaselineCache } from "./baseline-cache";
import { createTestsGate, testsGate } from "./gate";
import { probeSandbox, readSandboxConfig } from "../../sandbox";
import type { TestRunSummary } from "./types";

const repos: TempRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) {
    // Every gate run must leave the repository without extra worktrees.
    expect(extraWorktrees(r)).toEqual([]);
    r.remove();
  }
});

function nodeRepo(tests: Record<string, string>, extra: Record<string, string> = {}): TempRepo {
  const r = createTempRepo({
    "package.json": JSON.stringify({ name: "fixture", private: true, scripts: { test: "node --test" } }),
    "src/url.mjs": "export const encode = (s) => s.replace(/ /g, '%20');\n",
    ...tests,
    ...extra,
  });
  repos.push(r);
  return r;
}

const URL_TESTS = `import test from "node:test";
import assert from "node:assert";
import { encode } from "../src/url.mjs";
test("encodes spaces", () => assert.strictEqual(encode("a b"), "a%20b"));
test("keeps letters", () => assert.strictEqual(encode("ab"), "ab"));
test("empty string", () => assert.strictEqual(encode(""), ""));
`;

function input(r: TempRepo, diff: string, policy: Partial<GatePolicy> = {}): GateInput {
  return { repoDir: r.dir, baseCommit: "HEAD", diff, files: [], policy: { ...DEFAULT_POLICY, ...policy } };
}

/** Processes whose command line or working directory mention `needle` (via /proc). */
function processesMentioning(needle: string): string[] {
  const found: string[] = [];
  for (const pid of fs.readdirSync("/proc").filter((e) => /^\d+$/.test(e))) {
    if (Number(pid) === process.pid) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
      if (cmdline.includes(needle)) found.push(`${pid}: ${cmdline}`);
    } catch {
      // gone
    }
    try {
      const cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
      if (cwd.includes(needle)) found.push(`${pid} (cwd ${cwd})`);
    } catch {
      // zombie or gone
    }
  }
  return found;
}

let bwrapAvailable = false;
beforeAll(async () => {
  const probe = await probeSandbox();
  bwrapAvailable = probe.ok && probe.isolation === "bwrap";
});

describe("tests gate", () => {
  it("reports the test a change breaks as newly failing", async () => {
    const r = nodeRepo({ "test/url.test.mjs": URL_TESTS });
    const diff = r.diff({ "src/url.mjs": "export const encode = (s) => s;\n" });
    const res = await testsGate.run(input(r, diff));
    expect(res).toMatchObject({
      gate: "tests",
      status: "fail",
      passed: 2,
      failed: 1,
      baselineFailed: 0,
      newlyFailing: ["encodes spaces"],
      total: 3,
      timedOut: false,
      sandbox: bwrapAvailable ? "bwrap" : "none",
      parsedFrom: "tap",
    });
    expect(res.score).toBeCloseTo(66.7, 1);
    expect(res.summary).toContain("encodes spaces");
    expect(res.findings).toEqual([expect.objectContaining({ kind: "newly-failing", test: "encodes spaces" })]);
    expect(String(res.log)).toContain("not ok 1 - encodes spaces");
    // The user's checkout is untouched.
    expect(fs.readFileSync(path.join(r.dir, "src/url.mjs"), "utf8")).toContain("%20");
  });

  it("passes a harmless change and counts a test that already failed at base without calling it new", async () => {
    const r = nodeRepo({
      "test/url.test.mjs": URL_TESTS + 'test("legacy bug", () => assert.fail("known"));\n',
    });
    const diff = r.diff({ "README.md": "docs only\n" });
    const strict = await testsGate.run(input(r, diff));
    expect(strict).toMatchObject({ status: "fail", passed: 3, failed: 1, baselineFailed: 1, newlyFailing: [] });
    expect(strict.findings).toEqual([expect.objectContaining({ kind: "already-failing", test: "legacy bug" })]);
    const lenient = await testsGate.run(input(r, diff, { minTestPassRate: 70 }));
    expect(lenient).toMatchObject({ status: "pass", score: 75, baselineFailed: 1, newlyFailing: [] });
  });

  it("runs python unittest and names the failing test", async () => {
    const r = createTempRepo({
      "calc.py": "def add(a, b):\n    return a + b\n",
      "tests/test_calc.py":
        "import unittest\nfrom calc import add\n\nclass TestCalc(unittest.TestCase):\n" +
        "    def test_add(self):\n        self.assertEqual(add(2, 3), 5)\n\n" +
        "    def test_zero(self):\n        self.assertEqual(add(0, 0), 0)\n",
    });
    repos.push(r);
    const diff = r.diff({ "calc.py": "def add(a, b):\n    return a * b\n" });
    const res = await testsGate.run(input(r, diff, { testCommand: "python3 -m unittest discover -v -s tests" }));
    expect(res).toMatchObject({
      status: "fail",
      parsedFrom: "unittest",
      passed: 1,
      failed: 1,
      newlyFailing: ["test_calc.TestCalc.test_add"],
    });
  });

  it("detects pytest for a python tests/ folder and reads its JUnit report", async () => {
    const r = createTempRepo({
      "calc.py": "def add(a, b):\n    return a + b\n",
      "tests/test_calc.py": "from calc import add\n\ndef test_add():\n    assert add(2, 3) == 5\n\ndef test_neg():\n    assert add(-1, 1) == 0\n",
      "pytest.ini": "[pytest]\npythonpath = .\n",
    });
    repos.push(r);
    const diff = r.diff({ "calc.py": "def add(a, b):\n    return a - b\n" });
    const res = await testsGate.run(input(r, diff));
    expect(res.command).toMatch(/pytest/);
    expect(res).toMatchObject({ status: "fail", parsedFrom: "junit", passed: 0, failed: 2 });
    expect(res.newlyFailing).toEqual(["tests/test_calc.py::test_add", "tests/test_calc.py::test_neg"]);
    expect(res.findings).toContainEqual({
      kind: "newly-failing",
      test: "tests/test_calc.py::test_add",
      message: "assert -1 == 5 + where -1 = add(2, 3)",
      file: "tests/test_calc.py",
      line: 4,
    });
  });

  it("prefers a JUnit file the command writes over its console output", async () => {
    const r = createTempRepo({
      "run.mjs":
        'import fs from "node:fs";\n' +
        "const bad = fs.readFileSync('flag.txt', 'utf8').trim() === 'bad';\n" +
        "fs.writeFileSync('reports/junit.xml', `<testsuites><testsuite name=\"s\">" +
        '<testcase classname="s" name="first"/>' +
        '<testcase classname="s" name="second">${bad ? "<failure message=\\"x\\"/>" : ""}</testcase>' +
        "</testsuite></testsuites>`);\n" +
        "console.log('done');\nprocess.exit(bad ? 1 : 0);\n",
      "flag.txt": "good\n",
      "reports/.keep": "",
    });
    repos.push(r);
    const diff = r.diff({ "flag.txt": "bad\n" });
    const res = await testsGate.run(input(r, diff, { testCommand: "node run.mjs" }));
    expect(res).toMatchObject({ status: "fail", parsedFrom: "junit", passed: 1, failed: 1, newlyFailing: ["s > second"] });
  });

  it("falls back to the exit code when the output is not parseable, and says so", async () => {
    const r = createTempRepo({ "check.sh": "echo checking\ngrep -q fine status.txt\n", "status.txt": "fine\n" });
    repos.push(r);
    const gate = createTestsGate();
    const good = await gate.run(input(r, r.diff({ "notes.txt": "x\n" }), { testCommand: "sh check.sh" }));
    expect(good).toMatchObject({ status: "pass", parsedFrom: "exit-code", passed: 1, failed: 0 });
    expect(good.summary).toContain("judged by the exit code");
    const bad = await gate.run(input(r, r.diff({ "status.txt": "broken\n" }), { testCommand: "sh check.sh" }));
    expect(bad).toMatchObject({ status: "fail", parsedFrom: "exit-code", passed: 0, failed: 1 });
    // A made-up name is never a newly failing test; the failed command is its own finding.
    expect(bad.newlyFailing).toEqual([]);
    expect(bad.findings).toEqual([expect.objectContaining({ kind: "run-failed", test: "(test command exited with code 1)" })]);
  });

  it("ends an infinite loop at the time limit as a failure, with no process left behind", async () => {
    const token = `loop${Date.now()}${Math.floor(Math.random() * 1e6)}`;
    const r = nodeRepo({ "test/url.test.mjs": URL_TESTS });
    const diff = r.diff({
      [`test/${token}.test.mjs`]:
        'import test from "node:test";\nimport { spawn } from "node:child_process";\n' +
        // A child in its own session escapes the process group; the gate must still end it.
        `test("hangs", () => { spawn("sleep", ["300"], { detached: true, stdio: "ignore" }).unref(); console.log("CWD=" + process.cwd()); for (;;) {} });\n`,
    });
    for (const sandbox of ["auto", "none"] as const) {
      const sandboxConfig = { ...readSandboxConfig(), ...(sandbox === "none" ? { mode: "off" as const } : {}) };
      const gate = createTestsGate({ sandboxConfig, timeoutMs: 4000, baseline: false });
      const res = await gate.run(input(r, diff));
      expect(res).toMatchObject({ status: "fail", timedOut: true, sandbox: sandbox === "none" ? "none" : bwrapAvailable ? "bwrap" : "none" });
      expect(res.summary).toMatch(/stopped after \d/);
      const cwd = /CWD=(\S+)/.exec(String(res.log))?.[1];
      expect(cwd, "the looping test printed its working directory").toBeTruthy();
      expect(processesMentioning(token)).toEqual([]);
      expect(processesMentioning(cwd!)).toEqual([]);
    }
  });

  it("scrubs the environment: no API keys or tokens reach the tests", async () => {
    const saved = { ...process.env };
    process.env.OPENAI_API_KEY = "sk-leak-check-123";
    process.env.GITHUB_TOKEN = "ghp-leak-check-456";
    process.env.DATABASE_URL = "postgres://leak-check";
    try {
      const r = nodeRepo({
        "test/env.test.mjs":
          'import test from "node:test";\nimport assert from "node:assert";\n' +
          'test("sees no secrets", () => {\n  console.log("KEY=" + process.env.OPENAI_API_KEY);\n' +
          "  assert.strictEqual(process.env.OPENAI_API_KEY, undefined);\n  assert.strictEqual(process.env.GITHUB_TOKEN, undefined);\n" +
          "  assert.strictEqual(process.env.DATABASE_URL, undefined);\n  assert.strictEqual(process.env.CI, 'true');\n});\n",
      });
      const res = await createTestsGate({ baseline: false }).run(input(r, r.diff({ "README.md": "x\n" })));
      expect(res).toMatchObject({ status: "pass", passed: 1, failed: 0 });
      expect(String(res.log)).toContain("KEY=undefined");
      expect(String(res.log)).not.toContain("sk-leak-check");
    } finally {
      process.env = saved;
    }
  });

  it("links the checkout's node_modules into the worktree", async () => {
    const r = nodeRepo(
      {
        "test/dep.test.mjs":
          'import test from "node:test";\nimport assert from "node:assert";\nimport { answer } from "tiny-dep";\n' +
          'test("uses an installed dependency", () => assert.strictEqual(answer, 42));\n',
      },
      { ".gitignore": "node_modules/\n" },
    );
    fs.mkdirSync(path.join(r.dir, "node_modules/tiny-dep"), { recursive: true });
    fs.writeFileSync(path.join(r.dir, "node_modules/tiny-dep/package.json"), JSON.stringify({ name: "tiny-dep", type: "module", main: "index.js" }));
    fs.writeFileSync(path.join(r.dir, "node_modules/tiny-dep/index.js"), "export const answer = 42;\n");
    const res = await createTestsGate({ baseline: false }).run(input(r, r.diff({ "README.md": "x\n" })));
    expect(res).toMatchObject({ status: "pass", passed: 1, failed: 0 });
    expect(fs.readdirSync(path.join(r.dir, "node_modules"))).toEqual(["tiny-dep"]);
  });

  it("skips without a test command, errors when the patch does not apply or the runner cannot start", async () => {
    const plain = createTempRepo({ "notes.txt": "hello\n" });
    repos.push(plain);
    const skipped = await testsGate.run(input(plain, plain.diff({ "notes.txt": "hi\n" })));
    expect(skipped).toMatchObject({ status: "skipped" });

    const broken = await testsGate.run(input(plain, "--- a/notes.txt\n+++ b/notes.txt\n@@ -1 +1 @@\n-nope\n+x\n"));
    expect(broken.status).toBe("error");
    expect(broken.summary).toMatch(/does not apply/);

    const missing = await testsGate.run(input(plain, plain.diff({ "notes.txt": "hi\n" }), { testCommand: "no-such-runner-xyz --all" }));
    expect(missing.status).toBe("error");
    expect(missing.summary).toMatch(/did not run at the base commit and with the change: the test runner could not start: .*no-such-runner-xyz: not found/);
    expect(missing.summary).toMatch(/likely fix: install the project's test dependencies/);
  });

  it("fails closed when bwrap is missing: error with the fix, and the tests do not run", async () => {
    const marker = `ran-${Date.now()}`;
    const r = nodeRepo({ "test/url.test.mjs": URL_TESTS + `import fs from "node:fs";\nfs.writeFileSync("/tmp/${marker}", "x");\n` });
    const res = await createTestsGate({ sandboxConfig: { ...readSandboxConfig(), bwrap: "/nonexistent/bwrap" }, baseline: false }).run(
      input(r, r.diff({ "README.md": "x\n" })),
    );
    expect(res).toMatchObject({ status: "error", sandboxError: { reason: expect.stringMatching(/not installed/), fix: expect.stringMatching(/install bubblewrap/) } });
    expect(res.summary).toMatch(/sandbox unavailable.*install bubblewrap/);
    expect(fs.existsSync(`/tmp/${marker}`)).toBe(false);
  });

  it("caches baseline runs through the injected cache", async () => {
    const store = new Map<string, TestRunSummary>();
    let sets = 0;
    const cache: BaselineCache = {
      get: async (k) => store.get(k),
      set: async (k, v) => {
        sets += 1;
        store.set(k, v);
      },
    };
    const r = nodeRepo({ "test/url.test.mjs": URL_TESTS + 'test("legacy bug", () => assert.fail("known"));\n' });
    const gate = createTestsGate({ cache });
    const first = await gate.run(input(r, r.diff({ "a.txt": "1\n" })));
    const second = await gate.run(input(r, r.diff({ "src/url.mjs": "export const encode = (s) => s;\n" })));
    expect(sets).toBe(1);
    expect([...store.values()][0]).toMatchObject({ failed: 1, failedNames: ["legacy bug"] });
    expect(first).toMatchObject({ baselineFailed: 1, newlyFailing: [] });
    expect(second).toMatchObject({ baselineFailed: 1, newlyFailing: ["encodes spaces"] });
  });
});

describe("tests gate sandbox", () => {
  let server: http.Server;
  let port = 0;
  let hits = 0;
  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      hits += 1;
      res.end("reachable");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("denies network access inside bwrap (the same test reaches the host without the sandbox)", async () => {
    if (!bwrapAvailable) {
      // Without bwrap nothing runs: the gate fails closed.
      const r = nodeRepo({ "test/url.test.mjs": URL_TESTS });
      const res = await testsGate.run(input(r, r.diff({ "README.md": "x\n" })));
      expect(res.status).toBe("error");
      return;
    }
    const r = nodeRepo({
      "test/net.test.mjs":
        'import test from "node:test";\nimport assert from "node:assert";\n' +
        `test("reaches the host", async () => {\n  const res = await fetch("http://127.0.0.1:${port}/");\n  assert.strictEqual(await res.text(), "reachable");\n});\n`,
    });
    const diff = r.diff({ "README.md": "x\n" });
    const sandboxed = await createTestsGate({ baseline: false }).run(input(r, diff));
    expect(sandboxed).toMatchObject({ sandbox: "bwrap", status: "fail", failed: 1, newlyFailing: ["reaches the host"] });
    expect(hits).toBe(0);
    const open = await createTestsGate({ baseline: false, sandboxConfig: { ...readSandboxConfig(), mode: "off" } }).run(input(r, diff));
    expect(open).toMatchObject({ sandbox: "none", status: "pass", passed: 1 });
    expect(open.summary).toMatch(/not sandboxed \(GATEHOUSE_SANDBOX=off/);
    expect(hits).toBe(1);
  });
});
