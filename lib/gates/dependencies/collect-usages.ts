import type { ChangedFile } from "../types";
import { NpmDeclarations, PythonDeclarations } from "./declarations";
import { isJsLikeFile, jsImports } from "./js-imports";
import { extractPythonImports, isPythonFile } from "./extract-python-imports";
import { classifyJsSpecifier, typesPackageFor, type JsLocalContext } from "./js-specifiers";
import type { PythonLocalModules } from "./local-modules";
import { changedManifestEntries, manifestKindOf } from "./manifests";
import { acceptedDistributions, distributionForModule, normalizePypiName } from "./python-distributions";
import { PYTHON_STDLIB_MODULES } from "./python-stdlib";
import type { RepoSnapshot } from "./repo-snapshot";
import type { Ecosystem, PackageCheck, UsageContext } from "./types";
import { isTestPath } from "../path-roles";

/**
 * Modules only a type checker reads: stubs, and typing tests (`tests/typing/…`, `typing_*.py` under tests) that
 * mypy/pyright check and nobody runs.
 */
export function isTypingOnlyModule(path: string): boolean {
  if (/\.pyi$/i.test(path) || /\.d\.[cm]?ts$/i.test(path)) return true;
  return isTestPath(path) && (/(^|\/)(typing|types|type_tests|typecheck)\//.test(path) || /(^|\/)typing_[^/]*\.py$/.test(path));
}

export function usageContext(path: string, typeOnly: boolean): UsageContext {
  if (typeOnly || isTypingOnlyModule(path)) return "typing";
  return isTestPath(path) ? "test" : "runtime";
}

/**
 * Typing helpers every type checker installs (mypy and pyright require typing_extensions, mypy mypy_extensions):
 * typing-only code may import them when a type checker is declared in any group.
 */
const TYPING_HELPERS = new Set(["typing-extensions", "mypy-extensions"]);
const TYPE_CHECKERS = new Set(["mypy", "pyright", "basedpyright", "pyre-check", "pytype"]);

export function isRelevantFile(file: ChangedFile): boolean {
  if (file.after === null || file.binary) return false;
  if (file.path.split("/").some((part) => part === "node_modules" || part === "site-packages")) return false;
  return isJsLikeFile(file.path) || isPythonFile(file.path) || manifestKindOf(file.path) !== undefined;
}

interface CodeImport {
  name: string;
  line: number;
  importName?: string;
  typeOnly: boolean;
}

async function jsPackages(path: string, text: string, context: JsLocalContext): Promise<CodeImport[]> {
  return (await jsImports(path, text)).flatMap((usage) => {
    const classified = classifyJsSpecifier(usage.specifier, context);
    return classified.kind === "package"
      ? [{ name: classified.name, line: usage.line, typeOnly: usage.typeOnly === true }]
      : [];
  });
}

function pythonPackages(path: string, text: string, local: PythonLocalModules): CodeImport[] {
  return extractPythonImports(text).flatMap((usage) => {
    const top = usage.specifier.split(".")[0];
    if (PYTHON_STDLIB_MODULES.has(top) || local.isFirstParty(top, path)) return [];
    return [{ name: distributionForModule(usage.specifier), line: usage.line, importName: usage.specifier, typeOnly: usage.typeOnly === true }];
  });
}

/** Accumulates package checks keyed by ecosystem + registry name, keeping usages in the order they were seen. */
class CheckSet {
  private readonly checks = new Map<string, PackageCheck>();

  get(ecosystem: Ecosystem, name: string): PackageCheck {
    const key = `${ecosystem}:${ecosystem === "pypi" ? normalizePypiName(name) : name}`;
    let check = this.checks.get(key);
    if (!check) {
      check = { ecosystem, name, usages: [], ranges: [] };
      this.checks.set(key, check);
    }
    return check;
  }

  list(): PackageCheck[] {
    return [...this.checks.values()];
  }
}

export interface CollectContext {
  snapshot: RepoSnapshot;
  js: JsLocalContext;
  python: PythonLocalModules;
}

/**
 * The packages a change introduces: imports in changed code that the file did not have before (same package),
 * and manifest entries that are new or whose range changed.
 */
export async function collectPackageChecks(files: readonly ChangedFile[], context: CollectContext): Promise<PackageCheck[]> {
  const checks = new CheckSet();
  const npmDeclarations = new NpmDeclarations(context.snapshot);
  const pythonDeclarations = new PythonDeclarations(context.snapshot);
  for (const file of files) {
    if (!isRelevantFile(file) || file.after === null) continue;
    const manifestKind = manifestKindOf(file.path);
    if (manifestKind) {
      for (const entry of changedManifestEntries(manifestKind, file.before, file.after)) {
        if (entry.external) continue; // git/URL/path/workspace specs: not the registry's
        if (entry.ecosystem === "npm" && context.js.workspaceNames.has(entry.aliasOf ?? entry.name)) continue;
        const check = checks.get(entry.ecosystem, entry.aliasOf ?? entry.name);
        if (entry.checkable) check.ranges.push({ file: file.path, line: entry.line, range: entry.range });
        else check.usages.push({ file: file.path, line: entry.line, declared: true });
      }
      continue;
    }
    const python = isPythonFile(file.path);
    const extract = async (text: string): Promise<CodeImport[]> =>
      python ? pythonPackages(file.path, text, context.python) : jsPackages(file.path, text, context.js);
    const before = new Set(file.before === null ? [] : (await extract(file.before)).map((usage) => usage.name));
    const fresh = (await extract(file.after)).filter((usage) => !before.has(usage.name));
    for (const usage of fresh) {
      const context = usageContext(file.path, usage.typeOnly);
      if (python) {
        const accepted = acceptedDistributions(usage.importName ?? usage.name);
        let declaration = await pythonDeclarations.lookup(file.path, accepted);
        if (declaration.external) continue;
        if (!declaration.declared && context === "typing" && TYPING_HELPERS.has(normalizePypiName(usage.name))) {
          // tests/typing/x.py: `from typing_extensions import assert_type`, installed with the declared mypy.
          const checker = await pythonDeclarations.lookup(file.path, TYPE_CHECKERS);
          if (checker.declared) declaration = { declared: true };
        }
        checks.get("pypi", usage.name).usages.push({
          file: file.path,
          line: usage.line,
          importName: usage.importName,
          declared: declaration.declared,
          declaredRange: declaration.range,
          context,
        });
        continue;
      }
      let name = usage.name;
      let declaration = await npmDeclarations.lookup(file.path, name);
      if (!declaration.declared && usage.typeOnly) {
        // A type-only import is satisfied by its @types package; then that is the package to verify.
        const typesDeclaration = await npmDeclarations.lookup(file.path, typesPackageFor(name));
        if (typesDeclaration.declared) [name, declaration] = [typesPackageFor(name), typesDeclaration];
      }
      if (declaration.external) continue;
      if (declaration.aliasOf) name = declaration.aliasOf;
      checks.get("npm", name).usages.push({
        file: file.path,
        line: usage.line,
        importName: usage.name,
        declared: declaration.declared,
        declaredRange: declaration.range,
        context,
      });
    }
  }
  return checks.list();
}
