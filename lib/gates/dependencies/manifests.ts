import semver from "semver";
import { z } from "zod";
import { poetryConstraintToSpecifiers } from "./poetry-constraint";
import { normalizePypiName } from "./python-distributions";
import { parseRequirement } from "./python-requirement";
import { setupCfgEntries, setupPyEntries } from "./setuptools-manifests";
import { parseToml, tomlGet, type TomlTable, type TomlValue } from "./toml-lite";
import type { ManifestEntry } from "./types";

export type ManifestKind = "package.json" | "requirements" | "pyproject" | "pipfile" | "setup.cfg" | "setup.py";

export function manifestKindOf(path: string): ManifestKind | undefined {
  const base = path.split("/").pop() ?? "";
  if (base === "package.json") return path.split("/").includes("node_modules") ? undefined : "package.json";
  if (base === "pyproject.toml") return "pyproject";
  if (base === "Pipfile") return "pipfile";
  if (base === "setup.cfg" || base === "setup.py") return base;
  if (/^requirements.*\.txt$/i.test(base)) return "requirements";
  if (/\.txt$/i.test(base) && path.split("/").slice(-2, -1)[0] === "requirements") return "requirements";
  return undefined;
}

export const NPM_DEPENDENCY_SECTIONS = [
  "dependencies",
  "devDependencies",
  "peerDependencies",
  "optionalDependencies",
] as const;

const PackageJsonSchema = z.looseObject({
  name: z.string().optional(),
  workspaces: z.union([z.array(z.string()), z.looseObject({ packages: z.array(z.string()).optional() })]).optional(),
  dependencies: z.record(z.string(), z.string()).optional(),
  devDependencies: z.record(z.string(), z.string()).optional(),
  peerDependencies: z.record(z.string(), z.string()).optional(),
  optionalDependencies: z.record(z.string(), z.string()).optional(),
});
export type PackageJson = z.infer<typeof PackageJsonSchema>;

/** Parses package.json text; undefined when it is not JSON of the expected shape. */
export function parsePackageJson(text: string): PackageJson | undefined {
  try {
    const parsed = PackageJsonSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function workspacePatterns(pkg: PackageJson): string[] {
  if (!pkg.workspaces) return [];
  return Array.isArray(pkg.workspaces) ? pkg.workspaces : (pkg.workspaces.packages ?? []);
}

function lineOfKey(text: string, section: string, key: string): number {
  const sectionAt = text.indexOf(`"${section}"`);
  const quoted = JSON.stringify(key);
  let at = text.indexOf(quoted, sectionAt < 0 ? 0 : sectionAt);
  if (at < 0) at = text.indexOf(quoted);
  return at < 0 ? 1 : text.slice(0, at).split("\n").length;
}

/** What an npm dependency spec asks the registry for; undefined for specs that do not use the registry. */
export function npmRegistrySpec(name: string, spec: string): { name: string; range: string; checkable: boolean } | undefined {
  const trimmed = spec.trim();
  if (trimmed.startsWith("npm:")) {
    const target = trimmed.slice(4);
    const at = target.lastIndexOf("@");
    return at > 0
      ? { name: target.slice(0, at), range: target.slice(at + 1), checkable: true }
      : { name: target, range: "", checkable: true };
  }
  // file:, link:, workspace:, git+…, http(s):, github:, portal:, patch:, and `user/repo` shorthands.
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed) || (/^[^@\s/]+\/[^\s]+$/.test(trimmed) && !semver.validRange(trimmed))) {
    return undefined;
  }
  if (/^(\.{1,2}\/|\/|~\/)/.test(trimmed)) return undefined; // local paths (`~1.2` is a range, `~/x` a path)
  return { name, range: trimmed, checkable: true };
}

export function packageJsonEntries(text: string): ManifestEntry[] {
  const pkg = parsePackageJson(text);
  if (!pkg) return [];
  const entries: ManifestEntry[] = [];
  for (const section of NPM_DEPENDENCY_SECTIONS) {
    for (const [name, spec] of Object.entries(pkg[section] ?? {})) {
      const line = lineOfKey(text, section, name);
      const target = npmRegistrySpec(name, spec);
      if (!target) {
        entries.push({ ecosystem: "npm", name, range: spec, checkable: false, line, external: true });
        continue;
      }
      const entry: ManifestEntry = { ecosystem: "npm", name, range: target.range, checkable: target.checkable, line };
      if (target.name !== name) entry.aliasOf = target.name;
      entries.push(entry);
    }
  }
  return entries;
}

/** requirements*.txt: one requirement per line; options (`-r`, `-c`, `-e`, `--index-url`), URLs and paths skipped. */
export function requirementsEntries(text: string): ManifestEntry[] {
  const entries: ManifestEntry[] = [];
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const startLine = i + 1;
    let content = lines[i];
    while (content.endsWith("\\") && i + 1 < lines.length) content = content.slice(0, -1) + " " + lines[++i];
    const requirement = content
      .replace(/(^|\s)#.*$/, "")
      .replace(/\s--?[a-z][\w-]*(=\S+|\s+\S+)?/gi, " ") // per-requirement options such as --hash=…
      .trim();
    if (!requirement || requirement.startsWith("-") || /^(\.|\/|[a-z][a-z0-9+.-]*:\/\/)/i.test(requirement)) continue;
    if (/^(git|hg|svn|bzr)\+/i.test(requirement)) continue;
    const entry = parseRequirement(requirement, startLine);
    if (entry) entries.push(entry);
  }
  return entries;
}

/** A version given as a string or as a table's `version`; a table pointing at git/path/file/url is external. */
function versionSpec(value: TomlValue): { spec: string } | "external" | undefined {
  if (value.type === "string") return { spec: value.value };
  if (value.type !== "table") return undefined;
  const version = value.entries.get("version");
  if (version?.type === "string") return { spec: version.value };
  if (["path", "git", "url", "file"].some((key) => value.entries.has(key))) return "external";
  return { spec: "*" };
}

function externalEntry(name: string, line: number): ManifestEntry {
  return { ecosystem: "pypi", name, range: "", checkable: false, line, external: true };
}

function poetryEntry(name: string, value: TomlValue): ManifestEntry | undefined {
  if (name.toLowerCase() === "python") return undefined;
  // Multiple-constraint form: a list of inline tables; checked as unknown ranges (declared only).
  if (value.type === "array") return { ecosystem: "pypi", name, range: "", checkable: false, line: value.line };
  const version = versionSpec(value);
  if (version === undefined) return undefined;
  if (version === "external") return externalEntry(name, value.line);
  const checkable = poetryConstraintToSpecifiers(version.spec) !== undefined;
  return { ecosystem: "pypi", name, range: `poetry:${version.spec}`, checkable, line: value.line };
}

/** A manifest that is not valid TOML declares nothing (the gate does not guess). */
function parseTomlOrNull(text: string): TomlTable | null {
  try {
    return parseToml(text);
  } catch {
    return null;
  }
}

function stringItems(value: TomlValue | undefined): Array<{ value: string; line: number }> {
  if (value?.type !== "array") return [];
  return value.items.flatMap((item) => (item.type === "string" ? [{ value: item.value, line: item.line }] : []));
}

function tableEntries(value: TomlValue | undefined): Array<[string, TomlValue]> {
  return value?.type === "table" ? [...value.entries] : [];
}

/**
 * pyproject.toml: [project].dependencies, [project.optional-dependencies], [dependency-groups],
 * [tool.poetry.dependencies], [tool.poetry.dev-dependencies], [tool.poetry.group.*.dependencies].
 * Poetry ranges are prefixed `poetry:` because their syntax (`^`, `~`) differs from PEP 440.
 */
export function pyprojectEntries(text: string): ManifestEntry[] {
  const doc = parseTomlOrNull(text);
  if (!doc) return [];
  const entries: ManifestEntry[] = [];
  const addRequirements = (items: Array<{ value: string; line: number }>): void => {
    for (const item of items) {
      const entry = parseRequirement(item.value, item.line);
      if (entry) entries.push(entry);
    }
  };
  addRequirements(stringItems(tomlGet(doc, ["project", "dependencies"])));
  for (const [, group] of tableEntries(tomlGet(doc, ["project", "optional-dependencies"]))) {
    addRequirements(stringItems(group));
  }
  for (const [, group] of tableEntries(tomlGet(doc, ["dependency-groups"]))) addRequirements(stringItems(group));
  const poetryTables = [tomlGet(doc, ["tool", "poetry", "dependencies"]), tomlGet(doc, ["tool", "poetry", "dev-dependencies"])];
  for (const [, group] of tableEntries(tomlGet(doc, ["tool", "poetry", "group"]))) {
    if (group.type === "table") poetryTables.push(group.entries.get("dependencies"));
  }
  for (const table of poetryTables) {
    for (const [name, value] of tableEntries(table)) {
      const entry = poetryEntry(name, value);
      if (entry) entries.push(entry);
    }
  }
  return entries;
}

/** One Pipfile entry: `"*"`, a PEP 440 specifier string, or a table with `version` (or git/path/file/url). */
function pipfileEntry(name: string, value: TomlValue): ManifestEntry | undefined {
  const version = versionSpec(value);
  if (version === undefined) return undefined;
  if (version === "external") return externalEntry(name, value.line);
  const spec = version.spec.trim();
  return parseRequirement(spec === "*" ? name : `${name}${spec}`, value.line);
}

/** Pipfile (pipenv): [packages] and [dev-packages]. */
export function pipfileEntries(text: string): ManifestEntry[] {
  const doc = parseTomlOrNull(text);
  if (!doc) return [];
  const entries: ManifestEntry[] = [];
  for (const section of ["packages", "dev-packages"]) {
    for (const [name, value] of tableEntries(tomlGet(doc, [section]))) {
      const entry = pipfileEntry(name, value);
      if (entry) entries.push(entry);
    }
  }
  return entries;
}

export function manifestEntries(kind: ManifestKind, text: string): ManifestEntry[] {
  if (kind === "package.json") return packageJsonEntries(text);
  if (kind === "requirements") return requirementsEntries(text);
  if (kind === "pipfile") return pipfileEntries(text);
  if (kind === "setup.cfg") return setupCfgEntries(text);
  if (kind === "setup.py") return setupPyEntries(text);
  return pyprojectEntries(text);
}

function entryKey(entry: ManifestEntry): string {
  return entry.ecosystem === "pypi" ? normalizePypiName(entry.name) : entry.name;
}

/** Entries of `after` that are new or whose range changed compared with `before`. */
export function changedManifestEntries(kind: ManifestKind, before: string | null, after: string): ManifestEntry[] {
  const previous = new Map<string, Set<string>>();
  for (const entry of before === null ? [] : manifestEntries(kind, before)) {
    const ranges = previous.get(entryKey(entry)) ?? new Set<string>();
    ranges.add(entry.range);
    previous.set(entryKey(entry), ranges);
  }
  return manifestEntries(kind, after).filter((entry) => !previous.get(entryKey(entry))?.has(entry.range));
}
