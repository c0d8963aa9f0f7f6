/** What a repository path is for, as the gates need it: test code, changelogs, product code. */

const TEST_DIRS = new Set(["test", "tests", "__tests__", "spec", "specs", "__mocks__", "e2e", "testing"]);

/**
 * Test code: files under a test directory (`test/`, `tests/`, `__tests__/`, `spec/`, `e2e/`…) and files named like
 * tests (`*.test.ts`, `*.spec.js`, `test_x.py`, `x_test.py`, `conftest.py`).
 */
export function isTestPath(path: string): boolean {
  const segments = path.split("/");
  const base = (segments.pop() ?? "").toLowerCase();
  if (segments.some((segment) => TEST_DIRS.has(segment.toLowerCase()))) return true;
  return /\.(?:test|spec|e2e)\.[cm]?[jt]sx?$/.test(base) || /^test_.*\.pyi?$/.test(base) || /_test\.pyi?$/.test(base) || base === "conftest.py";
}

/** History.md, CHANGELOG, CHANGES.rst, NEWS.txt…: records of the past, in any case and with any extension. */
export function isChangelogPath(path: string): boolean {
  const base = path.slice(path.lastIndexOf("/") + 1);
  return /^(?:history|change[-_]?log|changes|news|release[-_]?notes)(?:\.[\w.]+)?$/i.test(base);
}
