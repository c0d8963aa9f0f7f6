/**
 * Oracle test: on real-world sources from installed packages (and hand-written edge cases), the
 * analyzer must report exactly what ESLint 9's `complexity` rule and eslint-plugin-sonarjs'
 * `cognitive-complexity` report, function by function (matched by ESLint's line:column).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeJavaScript } from "./javascript";
import { runOracle, type OracleEntry } from "./test-support/eslint-oracle";

const ROOT = path.resolve(__dirname, "../../..");

const REAL_WORLD_FILES = [
  // CommonJS, classes, regex-heavy
  "node_modules/semver/classes/range.js",
  "node_modules/semver/ranges/subset.js",
  // long hand-written state machines with labelled loops
  "node_modules/picomatch/lib/parse.js",
  "node_modules/picomatch/lib/scan.js",
  // event-emitter style class, callbacks
  "node_modules/pg/lib/client.js",
  // compiled TypeScript (tslib helpers, optional chaining)
  "node_modules/diff/libcjs/patch/apply.js",
  "node_modules/minisearch/dist/es/index.js",
  "node_modules/zod/v4/core/schemas.js",
  "node_modules/next-auth/core/lib/oauth/checks.js",
  // modern ESM build
  "node_modules/marked/lib/marked.esm.js",
  "node_modules/@tanstack/query-core/build/modern/query.js",
  "node_modules/recharts/es6/util/ChartUtils.js",
  // TypeScript sources
  "node_modules/next-auth/src/core/lib/cookie.ts",
  "node_modules/@tanstack/react-query/src/useBaseQuery.ts",
  "node_modules/effect/src/internal/fiberRuntime.ts",
  // TSX sources
  "node_modules/next-auth/src/core/pages/signin.tsx",
  "node_modules/next-auth/src/react/index.tsx",
  "node_modules/@tanstack/react-query/src/HydrationBoundary.tsx",
  "node_modules/react-redux/src/components/Provider.tsx",
];

const EDGE_CASE_FILES = [
  "lib/gates/complexity/fixtures/edge-cases.js",
  "lib/gates/complexity/fixtures/edge-cases.jsx",
  "lib/gates/complexity/fixtures/edge-cases.tsx",
  "lib/gates/complexity/fixtures/edge-cases-ts-ast.ts",
];

const oracleCache = new Map<string, OracleEntry[]>();

function oracle(file: string): OracleEntry[] {
  let entries = oracleCache.get(file);
  if (!entries) {
    entries = runOracle(file, readFileSync(path.join(ROOT, file), "utf8"));
    oracleCache.set(file, entries);
  }
  return entries;
}

function compare(file: string) {
  const text = readFileSync(path.join(ROOT, file), "utf8");
  const expected = oracle(file).map((e) => ({
    line: e.line,
    column: e.column,
    cyclomatic: e.cyclomatic,
    // sonarjs has no score for class field initializers and static blocks; the analyzer gives them 0.
    cognitive: e.cognitive ?? 0,
  }));
  const actual = analyzeJavaScript(file, text).map((f) => ({
    line: f.line,
    column: f.column,
    cyclomatic: f.cyclomatic,
    cognitive: f.cognitive,
  }));
  return { expected, actual };
}

describe("analyzeJavaScript agrees with ESLint complexity and sonarjs cognitive-complexity", () => {
  it.each(REAL_WORLD_FILES)("%s", (file) => {
    expect(existsSync(path.join(ROOT, file)), `${file} is installed`).toBe(true);
    const { expected, actual } = compare(file);
    expect(expected.length).toBeGreaterThan(3);
    expect(actual).toEqual(expected);
  });

  it.each(EDGE_CASE_FILES)("%s", (file) => {
    const { expected, actual } = compare(file);
    expect(actual).toEqual(expected);
  });

  it("the sample exercises high scores and every kind of code path", () => {
    const all = [...REAL_WORLD_FILES, ...EDGE_CASE_FILES].flatMap((file) => oracle(file));
    expect(Math.max(...all.map((e) => e.cyclomatic))).toBeGreaterThan(20);
    expect(Math.max(...all.map((e) => e.cognitive ?? 0))).toBeGreaterThan(30);
    expect(new Set(all.map((e) => e.kind))).toEqual(
      new Set(["function", "class field initializer", "class static block"]),
    );
  });
});
