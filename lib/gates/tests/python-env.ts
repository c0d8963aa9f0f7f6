/**
 * Python the way the project runs it: the checkout's virtualenv (if any) in front of PATH, and for a src
 * layout the worktree's `src/` in front of the import path, so the tests import the code under test and
 * never an older copy installed in site-packages.
 */
import fs from "node:fs";
import path from "node:path";

export interface PythonSetup {
  /** Variables for the run (PATH with the venv's bin first, PYTHONPATH with src/ first). */
  env: Record<string, string>;
  /** The checkout's venv to show inside the worktree (the run's writes into it must not persist). */
  venv?: { source: string; target: string };
  srcLayout: boolean;
}

const VENV_NAMES = [".venv", "venv"];

export function pythonSetup(repoDir: string, worktreeDir: string, basePath: string): PythonSetup {
  const env: Record<string, string> = {};
  let venv: PythonSetup["venv"];
  for (const name of VENV_NAMES) {
    const source = path.join(repoDir, name);
    if (!fs.existsSync(path.join(source, "pyvenv.cfg")) || fs.existsSync(path.join(worktreeDir, name))) continue;
    venv = { source: fs.realpathSync(source), target: path.join(worktreeDir, name) };
    env.PATH = `${path.join(venv.target, "bin")}:${basePath}`;
    env.VIRTUAL_ENV = venv.target;
    break;
  }
  const srcLayout = isSrcLayout(worktreeDir);
  if (srcLayout && !pytestSetsPythonpath(worktreeDir)) env.PYTHONPATH = path.join(worktreeDir, "src");
  return { env, ...(venv ? { venv } : {}), srcLayout };
}

/** `src/<pkg>/__init__.py`, or setuptools told to find packages under src. */
export function isSrcLayout(dir: string): boolean {
  const src = path.join(dir, "src");
  try {
    if (fs.readdirSync(src, { withFileTypes: true }).some((e) => e.isDirectory() && fs.existsSync(path.join(src, e.name, "__init__.py")))) return true;
  } catch {
    return false;
  }
  const pyproject = readText(path.join(dir, "pyproject.toml"));
  if (/package-dir\s*=\s*\{[^}]*["']src["']/.test(pyproject) || /where\s*=\s*\[\s*["']src["']/.test(pyproject)) return true;
  return /package_dir\s*=\s*\n?\s*=\s*src/.test(readText(path.join(dir, "setup.cfg")));
}

/** pytest's own `pythonpath` ini option already puts the right directory first. */
function pytestSetsPythonpath(dir: string): boolean {
  const ini = [readText(path.join(dir, "pytest.ini")), readText(path.join(dir, "pyproject.toml")), readText(path.join(dir, "setup.cfg")), readText(path.join(dir, "tox.ini"))];
  return ini.some((t) => /^\s*pythonpath\s*=\s*.*\bsrc\b/m.test(t));
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return "";
  }
}
