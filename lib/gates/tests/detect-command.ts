/** Finds the repository's test command when the policy names none. */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/** npm's placeholder script from `npm init`. */
const NPM_PLACEHOLDER = /no test specified/;

/** JUnit file pytest writes into $HOME when we ran it: a machine-readable report without touching the repo. */
export const PYTEST_JUNIT_FILE = "gatehouse-pytest-junit.xml";

export function detectTestCommand(dir: string): string | null {
  const pkg = readJson(path.join(dir, "package.json"));
  const script = pkg && typeof pkg === "object" ? (pkg as { scripts?: Record<string, unknown> }).scripts?.test : undefined;
  if (typeof script === "string" && script.trim() && !NPM_PLACEHOLDER.test(script)) return "npm test";

  if (hasPytestConfig(dir) || hasPythonTests(dir)) {
    if (pytestAvailable()) return `python3 -m pytest -rA -p no:cacheprovider -o junit_family=xunit1 --junitxml="$HOME/${PYTEST_JUNIT_FILE}"`;
    const testsDir = ["tests", "test"].find((d) => isDir(path.join(dir, d)));
    return testsDir ? `python3 -m unittest discover -v -s ${testsDir}` : "python3 -m unittest discover -v";
  }
  return null;
}

function hasPytestConfig(dir: string): boolean {
  if (fs.existsSync(path.join(dir, "pytest.ini"))) return true;
  if (/^\[tool\.pytest/m.test(readText(path.join(dir, "pyproject.toml")))) return true;
  if (/^\[tool:pytest\]/m.test(readText(path.join(dir, "setup.cfg")))) return true;
  return /^\[pytest\]/m.test(readText(path.join(dir, "tox.ini")));
}

function hasPythonTests(dir: string): boolean {
  return ["tests", "test"].some((d) => {
    try {
      return fs.readdirSync(path.join(dir, d)).some((f) => f.endsWith(".py"));
    } catch {
      return false;
    }
  });
}

let pytestCache: boolean | undefined;
function pytestAvailable(): boolean {
  pytestCache ??= spawnSync("python3", ["-c", "import pytest"], { stdio: "ignore", timeout: 20_000 }).status === 0;
  return pytestCache;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
