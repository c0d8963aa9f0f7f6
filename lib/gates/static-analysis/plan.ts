/**
 * Which of the repository's own analysers to run on one side of a change, and how. A tool runs only
 * when the project uses it (a tsconfig with TypeScript in its dependencies, an ESLint config, a
 * Python tool's config, a SARIF command from Settings) and the change touches files it checks.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { RepoView } from "./repo-view";
import type { SarifCommand, ToolName } from "./types";

export type OutputFormat = "tsc" | "eslint" | "mypy" | "flake8" | "pyflakes" | "ruff" | "sarif";

export interface ToolInvocation {
  /** The same at base and change, e.g. "tsc:packages/web/tsconfig.json", "sarif:semgrep". */
  id: string;
  tool: ToolName;
  label: string;
  /** Run with the worktree root as the working directory. */
  argv: string[];
  env?: Record<string, string>;
  format: OutputFormat;
  /** Mount the checkout's node_modules (copy-on-write) into the worktree. */
  nodeModules: boolean;
  /** Hash of everything besides the commit that decides the output: argv, tool version, config. */
  configKey: string;
  /** Known before running that it cannot run (e.g. configured but not installed). */
  error?: string;
  /** Shown in the report instead of argv. */
  display: string;
}

export interface PlanInput {
  view: RepoView;
  /** Paths the change touches (added, modified, deleted, both sides of a rename). */
  changed: readonly string[];
  /** The user's checkout; its node_modules (if any) holds the JS tools. */
  repoRoot: string;
  sarifCommands?: readonly SarifCommand[];
}

const TS_EXT = /\.(ts|tsx|mts|cts)$/;
const LINT_EXT = /\.(js|jsx|mjs|cjs|ts|tsx|mts|cts|vue|svelte)$/;
const PY_EXT = /\.pyi?$/;
const FLAT_CONFIGS = ["eslint.config.js", "eslint.config.mjs", "eslint.config.cjs", "eslint.config.ts", "eslint.config.mts", "eslint.config.cts"];
const LEGACY_CONFIGS = [".eslintrc.js", ".eslintrc.cjs", ".eslintrc.yaml", ".eslintrc.yml", ".eslintrc.json", ".eslintrc"];

/** Picks the first Python interpreter that can import the tool (the project's venv first); 127 if none can. */
const PYTHON_LAUNCHER =
  'mod="$1"; shift; for py in ./.venv/bin/python ./venv/bin/python /usr/bin/python3 python3; do ' +
  'if command -v "$py" >/dev/null 2>&1 && "$py" -c "import $mod" >/dev/null 2>&1; then exec "$py" -m "$mod" "$@"; fi; done; ' +
  'echo "$mod is not installed (no Python interpreter here can import it)" >&2; exit 127';

const sha = (parts: unknown) => createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 24);

function readJson(text: string | null): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === "object" ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function hasDependency(pkg: Record<string, unknown> | null, name: string): boolean {
  if (!pkg) return false;
  return ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"].some((k) => {
    const deps = pkg[k];
    return !!deps && typeof deps === "object" && name in (deps as Record<string, unknown>);
  });
}

/** Version of an npm package installed in the checkout's node_modules, or null when absent. */
function installedVersion(repoRoot: string, name: string): string | null {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, "node_modules", name, "package.json"), "utf8")) as { version?: string };
    return pkg.version ?? "unknown";
  } catch {
    return null;
  }
}

function ancestors(file: string): string[] {
  const dirs: string[] = [];
  for (let d = path.posix.dirname(file); ; d = path.posix.dirname(d)) {
    dirs.push(d === "." ? "" : d);
    if (d === "." || d === "/" || d === "") break;
  }
  return dirs;
}

const join = (dir: string, name: string) => (dir ? `${dir}/${name}` : name);

/** One `[section]` of an INI file (setup.cfg, tox.ini, mypy.ini), or null. */
function iniSection(text: string | null, name: string): string | null {
  if (!text) return null;
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => l.trim() === `[${name}]`);
  if (start < 0) return null;
  const end = lines.findIndex((l, i) => i > start && /^\s*\[/.test(l));
  return lines.slice(start + 1, end < 0 ? undefined : end).join("\n");
}

async function typescriptPlan(input: PlanInput, rootPkg: Record<string, unknown> | null): Promise<ToolInvocation[]> {
  const { view, changed, repoRoot } = input;
  const configs = new Set<string>();
  for (const file of changed) {
    if (!TS_EXT.test(file) && !/(^|\/)tsconfig[^/]*\.json$/.test(file)) continue;
    const dir = ancestors(file).find((d) => view.paths.has(join(d, "tsconfig.json")));
    if (dir !== undefined) configs.add(join(dir, "tsconfig.json"));
  }
  const out: ToolInvocation[] = [];
  for (const config of [...configs].sort()) {
    const dir = path.posix.dirname(config);
    const localPkg = dir === "." ? rootPkg : readJson(await view.read(join(dir, "package.json")));
    if (!hasDependency(rootPkg, "typescript") && !hasDependency(localPkg, "typescript")) continue;
    const version = installedVersion(repoRoot, "typescript");
    const argv = ["node", "node_modules/typescript/bin/tsc", "--noEmit", "-p", config, "--pretty", "false"];
    out.push({
      id: `tsc:${config}`,
      tool: "tsc",
      label: "tsc",
      argv,
      format: "tsc",
      nodeModules: true,
      configKey: sha([argv, version, await view.read(config)]),
      display: `tsc --noEmit -p ${config}`,
      ...(version ? {} : { error: "typescript is a dependency but is not installed (no node_modules/typescript in the checkout)" }),
    });
  }
  return out;
}

async function eslintPlan(input: PlanInput, rootPkg: Record<string, unknown> | null): Promise<ToolInvocation[]> {
  const { view, changed, repoRoot } = input;
  const flat = FLAT_CONFIGS.find((c) => view.paths.has(c));
  const legacy = flat ? undefined : (LEGACY_CONFIGS.find((c) => view.paths.has(c)) ?? (rootPkg && "eslintConfig" in rootPkg ? "package.json" : undefined));
  const config = flat ?? legacy;
  if (!config) return [];
  const files = changed.filter((f) => LINT_EXT.test(f) && view.paths.has(f)).sort();
  if (files.length === 0) return [];
  const version = installedVersion(repoRoot, "eslint");
  const argv = [
    "node",
    "node_modules/eslint/bin/eslint.js",
    "--format",
    "json",
    "--no-error-on-unmatched-pattern",
    ...(flat ? ["--no-warn-ignored"] : []),
    "--",
    ...files,
  ];
  return [
    {
      id: "eslint",
      tool: "eslint",
      label: "eslint",
      argv,
      ...(flat ? {} : { env: { ESLINT_USE_FLAT_CONFIG: "false" } }),
      format: "eslint",
      nodeModules: true,
      configKey: sha([argv, version, await view.read(config)]),
      display: `eslint (${config}) on ${files.length} file${files.length === 1 ? "" : "s"}`,
      ...(version ? {} : { error: `${config} configures ESLint but eslint is not installed (no node_modules/eslint in the checkout)` }),
    },
  ];
}

async function pythonPlan(input: PlanInput): Promise<ToolInvocation[]> {
  const { view, changed } = input;
  const files = changed.filter((f) => PY_EXT.test(f) && view.paths.has(f)).sort();
  const read = async (p: string) => (view.paths.has(p) ? view.read(p) : null);
  const [pyproject, setupCfg, toxIni, mypyIni, dotMypyIni, dotFlake8, ruffToml, dotRuffToml] = await Promise.all(
    ["pyproject.toml", "setup.cfg", "tox.ini", "mypy.ini", ".mypy.ini", ".flake8", "ruff.toml", ".ruff.toml"].map(read),
  );
  const mypyConfig = mypyIni ?? dotMypyIni ?? (pyproject && /^\[tool\.mypy\]/m.test(pyproject) ? pyproject : null) ?? (iniSection(setupCfg, "mypy") !== null ? setupCfg : null);
  const flake8Config = dotFlake8 ?? (iniSection(setupCfg, "flake8") !== null ? setupCfg : null) ?? (iniSection(toxIni, "flake8") !== null ? toxIni : null);
  const ruffConfig = ruffToml ?? dotRuffToml ?? (pyproject && /^\[tool\.ruff[\].]/m.test(pyproject) ? pyproject : null);
  // pyflakes has no configuration of its own: the project uses it when it names it among its tools.
  const toolLists = [...view.paths].filter((p) => /^(requirements[^/]*\.txt|requirements\/[^/]+\.txt|\.pre-commit-config\.ya?ml|Pipfile|pyproject\.toml|setup\.cfg|tox\.ini)$/.test(p));
  let pyflakesConfig: string | null = null;
  for (const p of toolLists) {
    const text = await read(p);
    if (text && /(^|[^\w-])pyflakes\b/m.test(text)) pyflakesConfig = text;
  }

  const mypyHasFiles = (() => {
    const section = mypyConfig === pyproject && pyproject ? (/^\[tool\.mypy\]([\s\S]*?)(^\[|$(?![\s\S]))/m.exec(pyproject)?.[1] ?? "") : (iniSection(mypyConfig, "mypy") ?? "");
    return /^\s*files\s*=/m.test(section);
  })();

  const out: ToolInvocation[] = [];
  const python = (tool: ToolName, module: string, args: string[], format: OutputFormat, config: string | null, display: string) => {
    const argv = ["/bin/sh", "-c", PYTHON_LAUNCHER, "python-tool", module, ...args];
    out.push({ id: tool, tool, label: tool, argv, format, nodeModules: false, configKey: sha([argv, config]), display });
  };
  if (mypyConfig !== null && (files.length > 0 || mypyHasFiles)) {
    const targets = mypyHasFiles ? [] : files;
    python(
      "mypy",
      "mypy",
      ["--show-column-numbers", "--show-error-codes", "--no-error-summary", "--no-pretty", "--no-color-output", "--hide-error-context", "--cache-dir", "/dev/null", ...targets],
      "mypy",
      mypyConfig,
      mypyHasFiles ? "mypy (files from its config)" : `mypy on ${files.length} file${files.length === 1 ? "" : "s"}`,
    );
  }
  if (files.length === 0) return out;
  const n = `${files.length} file${files.length === 1 ? "" : "s"}`;
  if (ruffConfig !== null) python("ruff", "ruff", ["check", "--output-format=json", "--exit-zero", "--no-cache", "--", ...files], "ruff", ruffConfig, `ruff check on ${n}`);
  if (flake8Config !== null) python("flake8", "flake8", ["--", ...files], "flake8", flake8Config, `flake8 on ${n}`);
  if (pyflakesConfig !== null) python("pyflakes", "pyflakes", files, "pyflakes", pyflakesConfig, `pyflakes on ${n}`);
  return out;
}

function sarifPlan(input: PlanInput): ToolInvocation[] {
  return (input.sarifCommands ?? []).map((c) => ({
    id: `sarif:${c.name}`,
    tool: "sarif" as const,
    label: c.name,
    // The command writes its SARIF log to stdout or to the file named by $GATEHOUSE_SARIF_FILE (in $HOME).
    argv: ["/bin/sh", "-c", `GATEHOUSE_SARIF_FILE="$HOME/gatehouse.sarif"; export GATEHOUSE_SARIF_FILE; ${c.command}`],
    format: "sarif" as const,
    nodeModules: true,
    configKey: sha([c.command]),
    display: `${c.name}: ${c.command}`,
  }));
}

export async function planTools(input: PlanInput): Promise<ToolInvocation[]> {
  const rootPkg = readJson(input.view.paths.has("package.json") ? await input.view.read("package.json") : null);
  const [ts, lint, py] = await Promise.all([typescriptPlan(input, rootPkg), eslintPlan(input, rootPkg), pythonPlan(input)]);
  return [...ts, ...lint, ...py, ...sarifPlan(input)];
}
