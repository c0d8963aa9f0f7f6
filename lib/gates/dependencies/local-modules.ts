import picomatch from "picomatch";
import { z } from "zod";
import { pathAliasFromKey, type JsLocalContext, type PathAlias } from "./js-specifiers";
import { parsePackageJson, workspacePatterns } from "./manifests";
import type { RepoSnapshot } from "./repo-snapshot";

function dirOf(filePath: string): string {
  const slash = filePath.lastIndexOf("/");
  return slash < 0 ? "" : filePath.slice(0, slash);
}

function join(dir: string, child: string): string {
  const parts = (dir ? `${dir}/${child}` : child).split("/");
  const out: string[] = [];
  for (const part of parts) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return out.join("/");
}

function basename(filePath: string): string {
  return filePath.slice(filePath.lastIndexOf("/") + 1);
}

/** `packages:` list of a pnpm-workspace.yaml (the only key read; simple `- 'glob'` items). */
function pnpmWorkspacePatterns(text: string): string[] {
  const patterns: string[] = [];
  let inPackages = false;
  for (const line of text.split(/\r?\n/)) {
    if (/^packages\s*:/.test(line)) inPackages = true;
    else if (/^\S/.test(line)) inPackages = false;
    else if (inPackages) {
      const item = /^\s*-\s*["']?([^"'#]+?)["']?\s*(#.*)?$/.exec(line);
      if (item && !item[1].startsWith("!")) patterns.push(item[1].trim());
    }
  }
  return patterns;
}

/** Names of the packages listed by the root package.json `workspaces` / pnpm-workspace.yaml (and the root's own). */
async function workspaceNames(snapshot: RepoSnapshot): Promise<Set<string>> {
  const names = new Set<string>();
  const patterns: string[] = [];
  const root = snapshot.paths.has("package.json") ? parsePackageJson((await snapshot.read("package.json")) ?? "") : undefined;
  if (root) patterns.push(...workspacePatterns(root));
  if (snapshot.paths.has("pnpm-workspace.yaml")) {
    patterns.push(...pnpmWorkspacePatterns((await snapshot.read("pnpm-workspace.yaml")) ?? ""));
  }
  if (patterns.length === 0) return names;
  if (root?.name) names.add(root.name); // a workspace root may import itself by name
  const matches = picomatch(patterns.map((pattern) => join("", pattern)));
  const members = [...snapshot.paths].filter((p) => basename(p) === "package.json" && p !== "package.json" && matches(dirOf(p)));
  // Sequential reads: one git process answers them in order anyway.
  for (const manifestPath of members) {
    const name = parsePackageJson((await snapshot.read(manifestPath)) ?? "")?.name;
    if (name) names.add(name);
  }
  return names;
}

const TsConfigSchema = z.looseObject({
  compilerOptions: z
    .looseObject({
      baseUrl: z.string().optional(),
      paths: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
});

function isTsConfig(filePath: string): boolean {
  const name = basename(filePath);
  return (/^tsconfig.*\.json$/.test(name) || name === "jsconfig.json") && !filePath.includes("node_modules/");
}

/**
 * A tsconfig's object: plain JSON as is; otherwise the compiler's own JSONC reader (comments, trailing
 * commas), which is loaded only then.
 */
async function readTsConfigJson(configPath: string, text: string): Promise<unknown> {
  try {
    return JSON.parse(text);
  } catch {
    const ts = (await import("typescript")).default;
    return ts.parseConfigFileTextToJson(configPath, text).config;
  }
}

async function tsConfigAliases(snapshot: RepoSnapshot): Promise<{ aliases: PathAlias[]; baseUrlRoots: Set<string> }> {
  const aliases: PathAlias[] = [];
  const baseUrlRoots = new Set<string>();
  for (const configPath of [...snapshot.paths].filter(isTsConfig)) {
    const text = await snapshot.read(configPath);
    if (text === null) continue;
    const parsed = TsConfigSchema.safeParse(await readTsConfigJson(configPath, text));
    const options = parsed.success ? parsed.data.compilerOptions : undefined;
    if (!options) continue;
    for (const key of Object.keys(options.paths ?? {})) aliases.push(pathAliasFromKey(key));
    if (options.baseUrl !== undefined) {
      const base = join(dirOf(configPath), options.baseUrl);
      const prefix = base ? `${base}/` : "";
      for (const filePath of snapshot.paths) {
        if (!filePath.startsWith(prefix)) continue;
        const first = filePath.slice(prefix.length).split("/")[0];
        baseUrlRoots.add(first.replace(/\.(d\.ts|tsx?|jsx?|mjs|cjs|json)$/, ""));
      }
    }
  }
  return { aliases, baseUrlRoots };
}

/** Workspace package names and tsconfig/jsconfig aliases of the repository. */
export async function loadJsLocalContext(snapshot: RepoSnapshot): Promise<JsLocalContext> {
  const [names, { aliases, baseUrlRoots }] = await Promise.all([workspaceNames(snapshot), tsConfigAliases(snapshot)]);
  return { workspaceNames: names, pathAliases: aliases, baseUrlRoots };
}

/** Decides whether a Python top-level module is the repository's own code. */
export interface PythonLocalModules {
  isFirstParty(topLevel: string, importingFile: string): boolean;
}

/** First-party = a top-level directory or .py file in the repository root or src/, or a sibling of the importer. */
export function pythonLocalModules(snapshot: RepoSnapshot): PythonLocalModules {
  const roots = new Set<string>();
  for (const filePath of snapshot.paths) {
    const parts = filePath.split("/");
    for (const offset of parts[0] === "src" ? [0, 1] : [0]) {
      const rest = parts.slice(offset);
      if (rest.length > 1) roots.add(rest[0]);
      else if (/\.(py|pyi|so|pyd)$/.test(rest[0])) roots.add(rest[0].replace(/\..*$/, ""));
    }
  }
  return {
    isFirstParty(topLevel, importingFile) {
      if (roots.has(topLevel)) return true;
      const sibling = join(dirOf(importingFile), topLevel);
      return snapshot.paths.has(`${sibling}.py`) || snapshot.paths.has(`${sibling}.pyi`) || snapshot.dirs.has(sibling);
    },
  };
}
