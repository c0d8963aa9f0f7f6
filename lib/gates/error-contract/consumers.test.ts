import { afterEach, describe, expect, it } from "vitest";
import { findConsumers, type ConsumerTarget } from "./consumers";
import { createGateRepo as createRepo, type GateTestRepo as TestRepo } from "../../testing/gate-repo";

const repos: TestRepo[] = [];
function repo(files: Record<string, string | Buffer>): TestRepo {
  const created = createRepo(files);
  repos.push(created);
  return created;
}
afterEach(() => {
  for (const created of repos.splice(0)) created.cleanup();
});

const INVALID_URL: ConsumerTarget = { id: "m", kind: "message", before: "Invalid URL", after: "Malformed URI structure" };

async function consumersOf(r: TestRepo, target: ConsumerTarget, overrides?: Map<string, string | null>) {
  const { consumers } = await findConsumers(r.dir, r.commit, [target], { overrides });
  return (consumers.get(target.id) ?? []).map(({ file, line, match, broken }) => `${file}:${line} ${match}${broken ? "" : " (still matches)"}`);
}

describe("findConsumers", () => {
  it("finds regexes in JS tests, Python tests and config rules in several flavours", async () => {
    const r = repo({
      "test/a.test.ts": [
        'expect(f).toThrow(/invalid url/i);', // 1
        'assert.throws(f, new RegExp("^Invalid URL$"));', // 2
        "expect(f).toThrow(/.*/);", // 3 trivial
        'const re = /[A-Z][a-z]+ [A-Z]+/;', // 4 no literal word
      ].join("\n"),
      "tests/test_a.py": [
        "import re, pytest", // 1
        'def test_a():', // 2
        '    with pytest.raises(ValueError, match="(?i)INVALID\\\\s+URL"):', // 3
        "        f()", // 4
        '    assert re.search(r"Invalid (?P<what>URL)", msg)', // 5
        '    self.assertRaisesRegex(ValueError, r"^Invalid URL$", f)', // 6
      ].join("\n"),
      "ops/promtail.yaml": [
        "pipeline_stages:", // 1
        "  - match:", // 2
        "      selector: '{app=\"web\"}'", // 3
        "  - regex:", // 4
        "      expression: 'level=error msg=\"(?P<msg>Invalid URL)\"'", // 5
        "  - drop:", // 6
        "      regex: '(Invalid URL'", // 7 does not compile
        "      pattern: 'Invalid URL'", // 8
      ].join("\n"),
      "ops/prom.rules": [
        "groups:", // 1
        "- name: a", // 2
        "  rules:", // 3
        '  - expr: sum(rate(errors_total{message=~"Invalid"}[5m])) > 0', // 4 anchored: does not match
        '  - expr: sum(rate(errors_total{message=~"Invalid.*"}[5m])) > 0', // 5
      ].join("\n"),
      "dashboards/web.json": '{\n  "targets": [\n    { "expr": "sum(count_over_time({app=\\"web\\"} |~ \\"Invalid URL\\" [5m]))" }\n  ]\n}\n',
    });
    expect(await consumersOf(r, INVALID_URL)).toEqual([
      "dashboards/web.json:3 regex",
      "ops/prom.rules:5 regex",
      // The message occurs literally in these lines; the second one's regex does not compile and is not used.
      "ops/promtail.yaml:5 literal",
      "ops/promtail.yaml:7 literal",
      "ops/promtail.yaml:8 regex",
      "test/a.test.ts:1 regex",
      "test/a.test.ts:2 regex",
      "tests/test_a.py:3 regex",
      "tests/test_a.py:5 regex",
      "tests/test_a.py:6 regex",
    ]);
  });

  it("tells broken consumers from ones that still match the new message", async () => {
    const r = repo({
      "test/a.test.ts": 'expect(f).toThrow(/Invalid URL|Malformed URI/);\nexpect(f).toThrow("Invalid URL");\n',
      "docs/errors.md": "# Errors\n\nInvalid URL: the input is not absolute.\n",
    });
    expect(await consumersOf(r, INVALID_URL)).toEqual(["docs/errors.md:3 literal", "test/a.test.ts:1 regex (still matches)", "test/a.test.ts:2 literal"]);
    const widened: ConsumerTarget = { ...INVALID_URL, after: "Invalid URL: missing scheme" };
    expect(await consumersOf(r, widened)).toEqual([
      "docs/errors.md:3 literal (still matches)",
      "test/a.test.ts:1 regex (still matches)",
      "test/a.test.ts:2 literal (still matches)",
    ]);
  });

  it("finds distinctive fragments in tests and docs, not single common words", async () => {
    const target: ConsumerTarget = { id: "db", kind: "message", before: "Could not connect to the payment database: {…}", after: null };
    const r = repo({
      "test/pay.test.ts": 'expect(err.message).toContain("payment database");\nexpect(err.message).toContain("database");\n',
      "docs/runbook.md": "# Runbook\n\nWhen you see *connect to the payment database* errors, restart the pooler.\nThe database is fine.\n",
      "src/other.ts": 'export const label = "Payment settings";\n',
    });
    expect(await consumersOf(r, target)).toEqual(["docs/runbook.md:3 fragment", "test/pay.test.ts:1 fragment"]);
  });

  it("matches a short whole message only as a whole, with word boundaries", async () => {
    const target: ConsumerTarget = { id: "s", kind: "message", before: "Not found", after: "No such item" };
    const r = repo({
      "test/a.test.ts": 'expect(res.body.error).toBe("Not found");\nconst s = "Not founded";\n',
      "README.md": "Returns Not found when missing.\nNot foundation.\n",
    });
    expect(await consumersOf(r, target)).toEqual(["README.md:1 literal", "test/a.test.ts:1 literal"]);
  });

  it("finds consumers of error codes and custom error classes", async () => {
    const r = repo({
      "test/a.test.ts": 'import { BadUrlError } from "../src/url";\nexpect(f).toThrow(BadUrlError);\nexpect(e.code).toBe("E_BAD_URL");\nconst other = "E_BAD_URL_2";\n',
      "tests/test_b.py": "from app import BadUrlError\n\nwith pytest.raises(BadUrlError):\n    pass\n",
      "docs/codes.md": "| E_BAD_URL | bad url |\n",
    });
    const code: ConsumerTarget = { id: "c", kind: "code", before: "E_BAD_URL", after: "E_URL" };
    expect(await consumersOf(r, code)).toEqual(["docs/codes.md:1 literal", "test/a.test.ts:3 literal"]);
    const cls: ConsumerTarget = { id: "k", kind: "class", before: "BadUrlError", after: "UrlError" };
    expect(await consumersOf(r, cls)).toEqual([
      "test/a.test.ts:1 literal",
      "test/a.test.ts:2 literal",
      "tests/test_b.py:1 literal",
      "tests/test_b.py:3 literal",
    ]);
  });

  it("skips node_modules, lockfiles, binaries, large files and other producers of the same message", async () => {
    const r = repo({
      "node_modules/lib/index.js": 'expect(f).toThrow("Invalid URL");\n',
      "package-lock.json": '{ "note": "Invalid URL" }\n',
      "assets/blob.bin": Buffer.concat([Buffer.from("Invalid URL"), Buffer.from([0, 1, 2])]),
      "data/big.txt": `${"x".repeat(1024 * 1024)}\nInvalid URL\n`,
      "src/other.ts": 'export function g() {\n  throw new Error("Invalid URL");\n}\n',
      "test/keep.test.ts": 'expect(f).toThrow("Invalid URL");\n',
    });
    const { consumers, stats } = await findConsumers(r.dir, r.commit, [INVALID_URL]);
    expect(consumers.get("m")?.map((c) => `${c.file}:${c.line}`)).toEqual(["test/keep.test.ts:1"]);
    expect(stats).toMatchObject({ skippedPath: 2, skippedBinary: 1, skippedLarge: 1, filesRead: 2 });
  });

  it("reads changed files at their new text and leaves deleted files out", async () => {
    const r = repo({
      "test/a.test.ts": 'expect(f).toThrow("Invalid URL");\n',
      "test/b.test.ts": 'expect(g).toThrow("Invalid URL");\n',
    });
    const overrides = new Map<string, string | null>([
      ["test/a.test.ts", 'expect(f).toThrow("Malformed URI structure");\n'],
      ["test/b.test.ts", null],
      ["test/c.test.ts", '\nexpect(h).toThrow("Invalid URL");\n'],
    ]);
    expect(await consumersOf(r, INVALID_URL, overrides)).toEqual(["test/c.test.ts:2 literal"]);
  });

  it("searches a 2,000-file repository in a single pass", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 2000; i += 1) {
      files[`src/module${i}.ts`] = `export const value${i} = ${i};\nexport function f${i}() {\n  return "url ${i}";\n}\n`;
    }
    files["src/module7.ts"] += 'expect(() => f()).toThrow("Invalid URL");\n';
    files["src/module1500.ts"] += 'expect(() => f()).toThrow(/Payment gateway timed out/);\n';
    files["src/module1999.ts"] += 'const code = "E_QUOTA";\n';
    const r = repo(files);
    const targets: ConsumerTarget[] = [
      INVALID_URL,
      { id: "p", kind: "message", before: "Payment gateway timed out after {…} ms", after: "Payment gateway timeout" },
      { id: "q", kind: "code", before: "E_QUOTA", after: "E_LIMIT" },
      { id: "n", kind: "message", before: "Nothing refers to this message", after: null },
    ];
    const { consumers, stats } = await findConsumers(r.dir, r.commit, targets);
    expect(consumers.get("m")?.map((c) => `${c.file}:${c.line}`)).toEqual(["src/module7.ts:5"]);
    expect(consumers.get("p")?.map((c) => `${c.file}:${c.line} ${c.match}`)).toEqual(["src/module1500.ts:5 regex"]);
    expect(consumers.get("q")?.map((c) => `${c.file}:${c.line}`)).toEqual(["src/module1999.ts:5"]);
    expect(consumers.get("n")).toEqual([]);
    // One rev-parse, one ls-tree, one cat-file --batch for all files and all targets; every file read once.
    expect(stats.gitProcesses).toBe(3);
    expect(stats.filesListed).toBe(2000);
    expect(stats.filesRead).toBe(2000);
  });

  it("rejects when the commit does not exist", async () => {
    const r = repo({ "a.txt": "x\n" });
    await expect(findConsumers(r.dir, "deadbeef".repeat(5), [INVALID_URL])).rejects.toThrow(/not found/);
  });
});
