/**
 * Error classes a repository defines anywhere (`class BadParameter(UsageError)`, `class PathError extends TypeError`),
 * so that `BadParameter(…)` in another file is read as an error site although its name does not say "Error".
 */
import { runGit } from "../../patch/git";
import { ERROR_CLASS_NAME, lastNameOf } from "./error-names";

const PY_CLASS = /^\s*class\s+([A-Za-z_]\w*)\s*\(([^)]*)/;
const JS_CLASS = /\bclass\s+([A-Za-z_$][\w$]*)(?:\s*<[^>{]*>)?\s+extends\s+([A-Za-z_$][\w$.]*)/;

/** Class → base names from `class …` lines of Python and JS/TS sources. */
export function classHeritage(lines: Iterable<string>): Map<string, string[]> {
  const heritage = new Map<string, string[]>();
  for (const line of lines) {
    const python = PY_CLASS.exec(line);
    const js = python ? null : JS_CLASS.exec(line);
    const match = python ?? js;
    if (!match) continue;
    const bases = (match[2] ?? "")
      .split(",")
      .map((base) => base.trim())
      .filter((base) => base !== "" && !base.includes("="))
      .map((base) => lastNameOf(base.replace(/\[.*$/, "")));
    heritage.set(match[1] as string, [...(heritage.get(match[1] as string) ?? []), ...bases]);
  }
  return heritage;
}

/** Classes that inherit, directly or not, from something named like an error (or BaseException). */
export function errorClassesOf(heritage: ReadonlyMap<string, string[]>): Set<string> {
  const found = new Set<string>();
  const isError = (name: string): boolean => ERROR_CLASS_NAME.test(name) || name === "BaseException" || found.has(name);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [name, bases] of heritage) {
      if (!found.has(name) && bases.some(isError)) {
        found.add(name);
        grew = true;
      }
    }
  }
  return found;
}

/**
 * The repository's error classes at `commit` (one `git grep`). Best effort: a failing grep yields an empty set, as
 * each file's own classes are still found by the extractors.
 */
export async function repoErrorClasses(repoDir: string, commit: string, signal?: AbortSignal): Promise<Set<string>> {
  const pathspecs = ["*.py", "*.pyi", "*.js", "*.jsx", "*.ts", "*.tsx", "*.mjs", "*.cjs", "*.mts", "*.cts"];
  const res = await runGit(["grep", "-h", "-I", "-E", "^[[:space:]]*(export[[:space:]]+)?(default[[:space:]]+)?(abstract[[:space:]]+)?class[[:space:]]", commit, "--", ...pathspecs], {
    cwd: repoDir,
    signal,
  }).catch(() => undefined);
  if (!res || res.code !== 0) return new Set();
  return errorClassesOf(classHeritage(res.stdout.toString("utf8").split("\n")));
}
