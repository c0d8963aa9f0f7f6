/**
 * How to run the project's test command so the gate can read it: which runner it is (from the command or
 * the package.json script it names), the machine-readable reporter added beside the project's own
 * (without changing which tests run), the report files to read, and how to rerun only some tests.
 */
import fs from "node:fs";
import path from "node:path";
import { PYTEST_JUNIT_FILE } from "./detect-command";
import { MOCHA_INNER_ENV, MOCHA_JSON_FILE, MOCHA_REPORTER_FILE, MOCHA_REPORTER_SOURCE } from "./mocha-reporter";
import { parseJestJson, parseJunitXml, parseMochaJson } from "./parsers";
import type { TestReport } from "./types";

export type RunnerKind = "vitest" | "jest" | "mocha" | "ava" | "node-test" | "pytest" | "unittest" | "other";

export interface ReportFile {
  /** File name inside the run's $HOME. */
  file: string;
  parse(text: string): TestReport | null;
}

export interface TestPlan {
  runner: RunnerKind;
  /** The project's command, as configured or detected (the baseline cache key). */
  command: string;
  /** What the shell runs: the command with our reporter options. */
  exec: string;
  env: Record<string, string>;
  /** Files written into $HOME before the run (e.g. the mocha reporter). */
  homeFiles: Record<string, string>;
  /** Reports the run writes into $HOME, preferred over console output. */
  reports: ReportFile[];
  /** A command that runs only the named tests, or null when the runner cannot select them (rerun the suite). */
  select(names: string[]): string | null;
}

const VITEST_JSON = "gatehouse-vitest.json";
const JEST_JSON = "gatehouse-jest.json";

/** npm/yarn/pnpm invocations of a package.json script: `npm test`, `npm run test`, `yarn test`… */
const SCRIPT_CALL = /^\s*(npm|yarn|pnpm)\s+(?:(?:run|run-script)\s+)?(test|t|[\w:-]+)\s*$/;

export function planTestRun(worktreeDir: string, command: string): TestPlan {
  const scriptCall = SCRIPT_CALL.exec(command);
  let script = command;
  let passArgs = (args: string) => `${command} ${args}`;
  if (scriptCall) {
    const name = scriptCall[2] === "t" ? "test" : scriptCall[2];
    const body = readScripts(worktreeDir)[name];
    if (typeof body !== "string") return plain(command);
    script = body;
    // npm and pnpm pass arguments after "--" to the script; yarn passes them as they are.
    passArgs = (args: string) => `${command}${scriptCall[1] === "yarn" ? "" : " --"} ${args}`;
  }
  const segments = script.split(/&&|;|\|\|/);
  const last = segments[segments.length - 1];
  const runner = runnerOf(last);
  const earlier = segments.slice(0, -1).map(runnerOf).find((r) => r !== "other");
  if (runner === "other") return { ...plain(command), runner: earlier ?? "other" };

  const plan: TestPlan = { ...plain(command), runner };
  const append = (args: string[]) => passArgs(args.join(" "));
  switch (runner) {
    case "vitest": {
      const own = /(^|\s)--reporter[=\s]/.test(last) ? [] : ["--reporter=default"];
      plan.exec = append([...own, "--reporter=json", `--outputFile.json="$HOME/${VITEST_JSON}"`]);
      plan.reports = [{ file: VITEST_JSON, parse: parseJestJson }];
      plan.select = (names) => append([...own, `-t ${shellQuote(namePattern(names))}`, "--reporter=json", `--outputFile.json="$HOME/${VITEST_JSON}"`]);
      break;
    }
    case "jest": {
      const json = ["--json", `--outputFile="$HOME/${JEST_JSON}"`, "--testLocationInResults"];
      plan.exec = append(json);
      plan.reports = [{ file: JEST_JSON, parse: parseJestJson }];
      plan.select = (names) => append([...json, `-t ${shellQuote(namePattern(names))}`]);
      break;
    }
    case "mocha": {
      const reporter = [`--reporter="$HOME/${MOCHA_REPORTER_FILE}"`];
      plan.exec = append(reporter);
      plan.env = { [MOCHA_INNER_ENV]: mochaReporterOf(worktreeDir, last) };
      plan.homeFiles = { [MOCHA_REPORTER_FILE]: MOCHA_REPORTER_SOURCE };
      plan.reports = [{ file: MOCHA_JSON_FILE, parse: parseMochaJson }];
      plan.select = (names) => append([...reporter, `--grep ${shellQuote(namePattern(names))}`]);
      break;
    }
    case "pytest": {
      const junit = [...(/(^|\s)-rA\b/.test(last) ? [] : ["-rA"]), "-o junit_family=xunit1", `--junitxml="$HOME/${PYTEST_JUNIT_FILE}"`];
      const ours = last.includes(PYTEST_JUNIT_FILE);
      plan.exec = ours ? command : append(junit);
      plan.reports = [{ file: PYTEST_JUNIT_FILE, parse: parseJunitXml }];
      // Node ids select exactly; anything else (a collection error's file) means rerun the suite.
      plan.select = (names) =>
        names.every((n) => n.includes("::")) ? `${plan.exec} ${names.map(shellQuote).join(" ")}` : null;
      break;
    }
    // node:test: reporter flags appended after the file patterns would be read as patterns, so its console
    // output (TAP with diagnostics, or spec) is parsed. ava: its console output is parsed.
    default:
      break;
  }
  return plan;
}

function plain(command: string): TestPlan {
  return { runner: "other", command, exec: command, env: {}, homeFiles: {}, reports: [], select: () => null };
}

/** The runner a shell segment starts, past env assignments and wrappers (npx, cross-env, nyc, c8). */
export function runnerOf(segment: string): RunnerKind {
  const words = segment.trim().split(/\s+/).filter(Boolean);
  let i = 0;
  const skipOptions = () => {
    while (i < words.length && words[i].startsWith("-")) i += 1;
  };
  for (;;) {
    const w = words[i];
    if (w === undefined) return "other";
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) i += 1;
    else if (["npx", "cross-env", "exec", "env", "time"].includes(w)) i += 1;
    else if (["nyc", "c8"].includes(path.basename(w))) {
      i += 1;
      skipOptions();
    } else break;
  }
  const bin = path.basename(words[i]);
  const rest = words.slice(i + 1);
  if (bin === "vitest") return "vitest";
  if (bin === "jest") return "jest";
  if (bin === "mocha" || bin === "_mocha") return "mocha";
  if (bin === "ava") return "ava";
  if (bin === "pytest" || bin === "py.test") return "pytest";
  if (/^python(\d(\.\d+)?)?$/.test(bin)) {
    const m = rest.indexOf("-m");
    if (m >= 0 && rest[m + 1] === "pytest") return "pytest";
    if (m >= 0 && rest[m + 1] === "unittest") return "unittest";
    return "other";
  }
  if ((bin === "node" || bin === "tsx") && rest.includes("--test")) return "node-test";
  return "other";
}

/** An unanchored-start regex matching the full names (suite titles and test title joined by spaces). */
function namePattern(names: string[]): string {
  const escaped = names.map((n) => n.split(" > ").join(" ").replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return `(${escaped.join("|")})$`;
}

export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The project's mocha reporter: `--reporter X`/`-R X` in the script, else `.mocharc`, else spec. */
function mochaReporterOf(dir: string, segment: string): string {
  const flag = /(?:^|\s)(?:--reporter|-R)(?:=|\s+)(["']?)([^\s"']+)\1/.exec(segment);
  if (flag) return flag[2];
  for (const name of [".mocharc.json", ".mocharc.jsonc", ".mocharc.yml", ".mocharc.yaml", ".mocharc.js", ".mocharc.cjs"]) {
    const text = readText(path.join(dir, name));
    const m = /["']?reporter["']?\s*[:=]\s*["']?([\w@/.-]+)/.exec(text);
    if (m) return m[1];
  }
  return "spec";
}

function readScripts(dir: string): Record<string, unknown> {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { scripts?: Record<string, unknown> };
    return pkg.scripts ?? {};
  } catch {
    return {};
  }
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return "";
  }
}
