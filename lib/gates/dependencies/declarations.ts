import { manifestEntries, manifestKindOf, npmRegistrySpec, NPM_DEPENDENCY_SECTIONS, parsePackageJson } from "./manifests";
import { normalizePypiName } from "./python-distributions";
import type { RepoSnapshot } from "./repo-snapshot";

export interface Declaration {
  declared: boolean;
  /** Range of the declaring entry (npm range / PEP 440 specifier / `poetry:` constraint). */
  range?: string;
  /** Declared as coming from git, a URL, a path or the workspace: not a registry package. */
  external?: boolean;
  /** npm alias (`"x": "npm:y@^1"`): the registry package actually installed. */
  aliasOf?: string;
}

function ancestorDirs(filePath: string): string[] {
  const parts = filePath.split("/").slice(0, -1);
  const dirs: string[] = [];
  for (let i = parts.length; i >= 0; i--) dirs.push(parts.slice(0, i).join("/"));
  return dirs;
}

function inDir(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}

/**
 * Dependencies declared in package.json files (after the change). The nearest package.json to a file decides;
 * ancestors up to the repository root also count, as their (hoisted) dependencies resolve too.
 */
export class NpmDeclarations {
  private readonly cache = new Map<string, Promise<Map<string, string> | undefined>>();

  constructor(private readonly snapshot: RepoSnapshot) {}

  private dependenciesOf(manifestPath: string): Promise<Map<string, string> | undefined> {
    let pending = this.cache.get(manifestPath);
    if (!pending) {
      pending = this.snapshot.read(manifestPath).then((text) => {
        const pkg = text === null ? undefined : parsePackageJson(text);
        if (!pkg) return undefined;
        const deps = new Map<string, string>();
        for (const section of NPM_DEPENDENCY_SECTIONS) {
          for (const [name, range] of Object.entries(pkg[section] ?? {})) if (!deps.has(name)) deps.set(name, range);
        }
        return deps;
      });
      this.cache.set(manifestPath, pending);
    }
    return pending;
  }

  async lookup(file: string, packageName: string): Promise<Declaration> {
    for (const dir of ancestorDirs(file)) {
      const manifestPath = inDir(dir, "package.json");
      if (!this.snapshot.paths.has(manifestPath)) continue;
      const spec = (await this.dependenciesOf(manifestPath))?.get(packageName);
      if (spec === undefined) continue;
      const target = npmRegistrySpec(packageName, spec);
      if (!target) return { declared: true, range: spec, external: true };
      return target.name === packageName
        ? { declared: true, range: target.range }
        : { declared: true, range: target.range, aliasOf: target.name };
    }
    return { declared: false };
  }
}

/**
 * Python dependencies declared in requirements*.txt (also under requirements/), pyproject.toml, Pipfile and setup.cfg/setup.py at the repository
 * root, plus those next to the importing file's ancestors (sub-projects).
 */
export class PythonDeclarations {
  private readonly byDir = new Map<string, Promise<Map<string, Declaration>>>();

  constructor(private readonly snapshot: RepoSnapshot) {}

  private manifestsIn(dir: string): string[] {
    const prefix = dir ? `${dir}/` : "";
    return [...this.snapshot.paths].filter((p) => {
      if (!p.startsWith(prefix)) return false;
      const rest = p.slice(prefix.length);
      const kind = manifestKindOf(p);
      return (kind !== undefined && kind !== "package.json") && (!rest.includes("/") || /^requirements\/[^/]+$/.test(rest));
    });
  }

  private declaredIn(dir: string): Promise<Map<string, Declaration>> {
    let pending = this.byDir.get(dir);
    if (!pending) {
      pending = (async () => {
        const declared = new Map<string, Declaration>();
        for (const manifestPath of this.manifestsIn(dir)) {
          const kind = manifestKindOf(manifestPath);
          const text = await this.snapshot.read(manifestPath);
          if (!kind || text === null) continue;
          for (const entry of manifestEntries(kind, text)) {
            const key = normalizePypiName(entry.name);
            if (!declared.has(key)) declared.set(key, { declared: true, range: entry.range, external: entry.external });
          }
        }
        return declared;
      })();
      this.byDir.set(dir, pending);
    }
    return pending;
  }

  /** `accepted`: normalised distribution names that provide the import. */
  async lookup(file: string, accepted: ReadonlySet<string>): Promise<Declaration> {
    for (const dir of ancestorDirs(file)) {
      const declared = await this.declaredIn(dir);
      for (const name of accepted) {
        const declaration = declared.get(name);
        if (declaration) return declaration;
      }
    }
    return { declared: false };
  }
}
