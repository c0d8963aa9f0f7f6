/**
 * Toolchain trees the sandbox must show read-only, found from PATH: an interpreter installed under a home
 * directory (pyenv, nvm, cargo…) or /opt is exposed as that tree only, never the home directory itself.
 */
import fs from "node:fs";
import path from "node:path";

export interface Toolchains {
  /** Host directories to bind read-only at the same path. */
  trees: string[];
  /** Variables the trees need (pyenv's shims find their root from PYENV_ROOT). */
  env: Record<string, string>;
}

/** Already visible (/usr and its merged-usr links) or never exposed. */
const SKIP_ROOTS = ["/usr", "/bin", "/sbin", "/lib", "/lib64", "/etc", "/var", "/run", "/proc", "/sys", "/dev", "/tmp", "/boot"];
/** Trees a toolchain under a home directory uses besides its own (rustup proxies in ~/.cargo/bin). */
const COMPANIONS: Record<string, string[]> = { ".cargo": [".rustup"] };
/** Inside these, only the parts that hold programs (~/.local/share may hold keyrings). */
const PARTIAL: Record<string, string[]> = { ".local": ["bin", "lib"] };

function under(p: string, dir: string): boolean {
  return p === dir || p.startsWith(dir.endsWith("/") ? dir : `${dir}/`);
}

function realDir(p: string): string | null {
  try {
    const real = fs.realpathSync(p);
    return fs.statSync(real).isDirectory() ? real : null;
  } catch {
    return null;
  }
}

/** The tree a real directory belongs to, or null when it is already visible or must stay hidden. */
export function treeOf(dir: string, hidden: string[]): string[] {
  if (dir === "/" || SKIP_ROOTS.some((r) => under(dir, r))) return [];
  if (hidden.some((h) => under(dir, h) || under(h, dir))) return [];
  const parts = dir.split("/").filter(Boolean);
  const homeDepth = parts[0] === "root" ? 1 : parts[0] === "home" ? 2 : 0;
  if (homeDepth > 0) {
    if (parts.length <= homeDepth) return []; // the home directory itself
    const home = `/${parts.slice(0, homeDepth).join("/")}`;
    const top = parts[homeDepth];
    if (PARTIAL[top]) return PARTIAL[top].map((p) => path.join(home, top, p)).filter((p) => realDir(p) === p);
    const trees = [path.join(home, top)];
    for (const c of COMPANIONS[top] ?? []) if (realDir(path.join(home, c))) trees.push(path.join(home, c));
    return trees;
  }
  if (parts[0] === "opt" && parts.length >= 2) return [`/opt/${parts[1]}`];
  // Elsewhere: a `bin` directory brings its prefix (lib/, share/ next to it), anything else itself.
  if (parts.length >= 2 && parts[parts.length - 1] === "bin") return [path.dirname(dir)];
  return [dir];
}

/** Directories whose symlinked programs may point into a toolchain elsewhere (/usr/local/bin/node → /opt/…). */
function linkTargets(dir: string): string[] {
  if (!under(dir, "/usr/local")) return [];
  const out: string[] = [];
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names.slice(0, 2000)) {
    const p = path.join(dir, name);
    try {
      if (!fs.lstatSync(p).isSymbolicLink()) continue;
      const target = path.dirname(fs.realpathSync(p));
      if (!under(target, "/usr")) out.push(target);
    } catch {
      // dangling link
    }
  }
  return out;
}

/** Removes trees contained in other trees. */
function outermost(dirs: string[]): string[] {
  const sorted = [...new Set(dirs)].sort((a, b) => a.length - b.length);
  return sorted.filter((d, i) => !sorted.slice(0, i).some((o) => under(d, o)));
}

export function discoverToolchains(pathEnv: string | undefined, hidden: string[]): Toolchains {
  const trees: string[] = [];
  const hiddenReal = hidden.map((h) => realDir(h) ?? h);
  for (const entry of (pathEnv ?? "").split(":")) {
    if (!entry.startsWith("/")) continue;
    const dir = realDir(entry);
    if (!dir) continue;
    for (const d of [dir, ...linkTargets(dir)]) trees.push(...treeOf(d, hiddenReal));
  }
  const result = outermost(trees);
  const env: Record<string, string> = {};
  const pyenv = result.find((t) => path.basename(t) === ".pyenv");
  if (pyenv) env.PYENV_ROOT = pyenv;
  return { trees: result, env };
}
