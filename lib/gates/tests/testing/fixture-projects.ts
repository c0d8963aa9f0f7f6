/**
 * Real projects in miniature for the tests gate's own tests and its benchmark: a TypeScript package on
 * vitest (vitest.config.mts), a jest project, a mocha project (express-style script), an ava project and
 * a src-layout Python package on pytest whose older copy is installed in the checkout's venv. Each comes
 * with an innocent change, a breaking one, one that makes a test flaky and one that hangs.
 *
 * The flaky test fails on its first run in a checkout when the seed file is odd (a stand-in for a timing
 * test): the change that bumps the seed fails once, then passes on the rerun; the base never fails.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createTempRepo, type TempRepo } from "../../../testing/git-repo";

export type FixtureKind = "vitest" | "jest" | "mocha" | "ava" | "pytest";

export interface FixtureProject {
  kind: FixtureKind;
  repo: TempRepo;
  /** The project's own test command, run directly (the bench's reference). */
  directCommand: string;
  innocent: Record<string, string>;
  breaking: Record<string, string>;
  /** Tests the breaking change fails, with a fragment of each assertion message and the file. */
  broken: Array<{ test: string; message: string; file: string }>;
  flaky: Record<string, string>;
  flakyTest: string;
  hang: Record<string, string>;
}

/** Gatehouse's own node_modules (the fixtures link it, as a checkout with its dev dependencies installed). */
const APP_NODE_MODULES = [path.resolve(__dirname, "../../../../node_modules"), path.resolve("node_modules")].find((d) =>
  fs.existsSync(path.join(d, "vitest/package.json")),
)!;

const JS_FLAKY = (header: string, assertFalse: string) => `${header}
const fs = require("node:fs");

describe("clock", () => {
  it("ticks", () => {
    const seed = Number(fs.readFileSync("flaky-seed.txt", "utf8"));
    const first = !fs.existsSync(".flaky-ran");
    fs.writeFileSync(".flaky-ran", "1");
    ${assertFalse}
  });
});
`;

function withNodeModules(files: Record<string, string>, prefix: string): TempRepo {
  const repo = createTempRepo({ ".gitignore": "node_modules\n.flaky-ran\n", "flaky-seed.txt": "2\n", ...files }, prefix);
  fs.symlinkSync(APP_NODE_MODULES, path.join(repo.dir, "node_modules"), "dir");
  return repo;
}

/** The change that makes the flaky test fail once (an odd seed), the same in every project. */
const FLAKY_CHANGE: Record<string, string> = { "flaky-seed.txt": "3\n" };

/** What differs between the JavaScript runner projects; the rest is built by runnerProject. */
interface JsRunner extends Omit<FixtureProject, "repo" | "flaky"> {
  kind: Exclude<FixtureKind, "pytest">;
  /** package.json: `name`, `private` and `scripts.test` always; `type` and the runner's own section when given. */
  packageName: string;
  moduleType?: "module";
  testScript: string;
  packageExtra?: Record<string, unknown>;
}

/** A JavaScript project on `runner`: its package.json, `files`, Gatehouse's node_modules linked in. */
function runnerProject(runner: JsRunner, files: Record<string, string>): FixtureProject {
  const { packageName, moduleType, testScript, packageExtra, ...project } = runner;
  const packageJson = { name: packageName, private: true, ...(moduleType ? { type: moduleType } : {}), scripts: { test: testScript }, ...packageExtra };
  const repo = withNodeModules({ "package.json": JSON.stringify(packageJson, null, 2), ...files }, `gatehouse-fixture-${runner.kind}-`);
  return { ...project, repo, flaky: FLAKY_CHANGE };
}

const SLUG = `export function slugify(s: string): string {
  return s.trim().toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}
`;

export function vitestProject(): FixtureProject {
  return runnerProject(
    {
      kind: "vitest",
      packageName: "slugs",
      moduleType: "module",
      testScript: "vitest run",
      directCommand: "npx vitest run",
      innocent: { "README.md": "# slugs\n\nSlugs for URLs.\n" },
      breaking: { "src/slug.ts": SLUG.replace('"-")', '"_")') },
      broken: [
        { test: "slugify > joins words with dashes", message: "expected 'hello_world' to be 'hello-world'", file: "test/slug.test.ts" },
        { test: "slugify > trims dashes", message: "expected '_a_' to be 'a'", file: "test/slug.test.ts" },
      ],
      flakyTest: "clock > ticks",
      hang: { "src/slug.ts": SLUG.replace("return s.trim()", "for (;;) {}\n  return s.trim()") },
    },
    {
      "vitest.config.mts": 'import { defineConfig } from "vitest/config";\n\nexport default defineConfig({ test: { include: ["test/**/*.test.ts"] } });\n',
      "tsconfig.json": JSON.stringify({ compilerOptions: { target: "ES2022", module: "ESNext", moduleResolution: "Bundler", strict: true } }),
      "src/slug.ts": SLUG,
      "test/slug.test.ts":
        'import { describe, expect, it } from "vitest";\nimport { slugify } from "../src/slug";\n\n' +
        'describe("slugify", () => {\n  it("lowercases words", () => {\n    expect(slugify("Hello")).toBe("hello");\n  });\n\n' +
        '  it("joins words with dashes", () => {\n    expect(slugify("Hello World")).toBe("hello-world");\n  });\n\n' +
        '  it("trims dashes", () => {\n    expect(slugify(" -a- ")).toBe("a");\n  });\n});\n',
      "test/clock.test.ts": JS_FLAKY('import { describe, expect, it } from "vitest";\nimport { createRequire } from "node:module";\nconst require = createRequire(import.meta.url);', "expect(first && seed % 2 === 1).toBe(false);"),
    },
  );
}

const SUM = `function sum(items) {
  return items.reduce((a, b) => a + b, 0);
}

module.exports = { sum };
`;

export function jestProject(): FixtureProject {
  return runnerProject(
    {
      kind: "jest",
      packageName: "cart",
      testScript: "jest",
      packageExtra: { jest: { testEnvironment: "node" } },
      directCommand: "npx jest",
      innocent: { "README.md": "cart\n" },
      breaking: { "src/sum.js": SUM.replace("(a, b) => a + b, 0", "(a, b) => a + b, 1") },
      broken: [
        { test: "sum > adds prices", message: "Expected: 6 Received: 7", file: "test/sum.test.js" },
        { test: "sum > is zero for an empty cart", message: "Expected: 0 Received: 1", file: "test/sum.test.js" },
      ],
      flakyTest: "clock > ticks",
      hang: { "src/sum.js": SUM.replace("return items", "while (items) {}\n  return items") },
    },
    {
      "src/sum.js": SUM,
      "test/sum.test.js":
        'const { sum } = require("../src/sum");\n\ndescribe("sum", () => {\n  test("adds prices", () => {\n    expect(sum([1, 2, 3])).toBe(6);\n  });\n\n' +
        '  test("is zero for an empty cart", () => {\n    expect(sum([])).toBe(0);\n  });\n});\n',
      "test/clock.test.js": JS_FLAKY("", "expect(first && seed % 2 === 1).toBe(false);"),
    },
  );
}

const ROUTER = `function match(route, path) {
  const keys = [];
  const pattern = route.replace(/:(\\w+)/g, (_, k) => {
    keys.push(k);
    return "([^/]+)";
  });
  const m = new RegExp("^" + pattern + "$").exec(path);
  if (!m) return null;
  return Object.fromEntries(keys.map((k, i) => [k, decodeURIComponent(m[i + 1])]));
}

module.exports = { match };
`;

export function mochaProject(): FixtureProject {
  return runnerProject(
    {
      kind: "mocha",
      packageName: "router",
      testScript: "mocha --require test/support/env --reporter spec --check-leaks test/",
      directCommand: "npx mocha --require test/support/env --reporter spec --check-leaks test/",
      innocent: { "History.md": "\nunreleased\n" },
      breaking: { "lib/router.js": ROUTER.replace("decodeURIComponent(m[i + 1])", "m[i + 1]") },
      broken: [{ test: "router > match() > decodes params", message: "Expected values to be strictly deep-equal", file: "test/router.js" }],
      flakyTest: "clock > ticks",
      hang: { "lib/router.js": ROUTER.replace("const keys = [];", "const keys = [];\n  for (;;) {}") },
    },
    {
      "test/support/env.js": "process.env.NODE_ENV = 'test';\n",
      "lib/router.js": ROUTER,
      "test/router.js":
        'const assert = require("node:assert");\nconst { match } = require("../lib/router");\n\n' +
        'describe("router", () => {\n  describe("match()", () => {\n    it("reads params", () => {\n      assert.deepStrictEqual(match("/users/:id", "/users/42"), { id: "42" });\n    });\n\n' +
        '    it("decodes params", () => {\n      assert.deepStrictEqual(match("/f/:name", "/f/a%20b"), { name: "a b" });\n    });\n\n' +
        '    it("rejects other paths", () => {\n      assert.strictEqual(match("/users/:id", "/posts/1"), null);\n    });\n  });\n});\n',
      "test/clock.js": JS_FLAKY('const assert = require("node:assert");', "assert.strictEqual(first && seed % 2 === 1, false);"),
    },
  );
}

export function avaProject(): FixtureProject {
  const math = "export const double = (n) => n * 2;\n";
  return runnerProject(
    {
      kind: "ava",
      packageName: "numbers",
      moduleType: "module",
      testScript: "ava",
      packageExtra: { ava: { timeout: "2m" } },
      directCommand: "npx ava",
      innocent: { "README.md": "numbers\n" },
      breaking: { "src/math.js": "export const double = (n) => n * 3;\n" },
      broken: [{ test: "math › doubles", message: "Difference (- actual, + expected): - 6 + 4", file: "test/math.test.js" }],
      flakyTest: "clock › ticks",
      hang: { "src/math.js": "export const double = (n) => {\n  for (;;) {}\n};\n" },
    },
    {
      "src/math.js": math,
      "test/math.test.js": 'import test from "ava";\nimport { double } from "../src/math.js";\n\ntest("doubles", (t) => {\n  t.is(double(2), 4);\n});\n\ntest("doubles zero", (t) => {\n  t.is(double(0), 0);\n});\n',
      "test/clock.test.js":
        'import test from "ava";\nimport fs from "node:fs";\n\ntest("ticks", (t) => {\n  const seed = Number(fs.readFileSync("flaky-seed.txt", "utf8"));\n' +
        '  const first = !fs.existsSync(".flaky-ran");\n  fs.writeFileSync(".flaky-ran", "1");\n  t.false(first && seed % 2 === 1);\n});\n',
    },
  );
}

const TEXTKIT = `def shout(text):
    return text.upper() + "!"


def title_case(text):
    return " ".join(w[:1].upper() + w[1:] for w in text.split(" "))
`;

/**
 * src layout, pytest configured in pyproject.toml without `pythonpath`; the checkout's .venv (made with
 * --system-site-packages, so pytest comes from the host) has an older textkit installed without
 * `title_case`: tests that import it from site-packages fail to collect.
 */
export function pytestProject(): FixtureProject {
  const repo = createTempRepo(
    {
      ".gitignore": ".venv/\n.flaky-ran\n__pycache__/\n",
      "flaky-seed.txt": "2\n",
      "pyproject.toml": '[project]\nname = "textkit"\nversion = "2.0.0"\n\n[tool.setuptools.packages.find]\nwhere = ["src"]\n\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\n',
      "src/textkit/__init__.py": TEXTKIT,
      "tests/test_textkit.py":
        "from textkit import shout, title_case\n\n\ndef test_shout():\n    assert shout(\"hi\") == \"HI!\"\n\n\n" +
        "class TestTitleCase:\n    def test_words(self):\n        assert title_case(\"hello big world\") == \"Hello Big World\"\n\n" +
        "    def test_empty(self):\n        assert title_case(\"\") == \"\"\n",
      "tests/test_clock.py":
        "import os\n\n\ndef test_ticks():\n    seed = int(open(\"flaky-seed.txt\").read())\n    first = not os.path.exists(\".flaky-ran\")\n" +
        "    open(\".flaky-ran\", \"w\").write(\"1\")\n    assert not (first and seed % 2 == 1)\n",
    },
    "gatehouse-fixture-pytest-",
  );
  const venv = path.join(repo.dir, ".venv");
  execFileSync("python3", ["-m", "venv", "--system-site-packages", "--without-pip", venv], { stdio: "ignore" });
  const site = execFileSync(path.join(venv, "bin/python"), ["-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], { encoding: "utf8" }).trim();
  fs.mkdirSync(path.join(site, "textkit"), { recursive: true });
  fs.writeFileSync(path.join(site, "textkit/__init__.py"), '# textkit 1.0, installed\n\ndef shout(text):\n    return text.upper() + "!"\n');
  return {
    kind: "pytest",
    repo,
    directCommand: "PYTHONPATH=src .venv/bin/python -m pytest -q -p no:cacheprovider",
    innocent: { "README.md": "textkit\n" },
    breaking: { "src/textkit/__init__.py": TEXTKIT.replace('w[:1].upper() + w[1:]', "w.capitalize() if len(w) > 3 else w") },
    broken: [{ test: "tests/test_textkit.py::TestTitleCase::test_words", message: "assert 'Hello big World' == 'Hello Big World'", file: "tests/test_textkit.py" }],
    flaky: FLAKY_CHANGE,
    flakyTest: "tests/test_clock.py::test_ticks",
    hang: { "src/textkit/__init__.py": TEXTKIT.replace('    return text.upper() + "!"', '    while True:\n        pass') },
  };
}
