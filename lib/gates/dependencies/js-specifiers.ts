import { builtinModules } from "node:module";

/** A tsconfig `paths` key: `@app/*` (prefix + suffix around one `*`) or an exact specifier. */
export interface PathAlias {
  prefix: string;
  suffix: string;
  wildcard: boolean;
}

/** What the repository itself provides under bare specifiers. */
export interface JsLocalContext {
  workspaceNames: ReadonlySet<string>;
  pathAliases: readonly PathAlias[];
  /** First path segments that resolve under a tsconfig `baseUrl` directory. */
  baseUrlRoots: ReadonlySet<string>;
}

export type JsSpecifierClass =
  | { kind: "package"; name: string }
  | { kind: "ignored"; reason: "relative" | "builtin" | "subpath-import" | "url" | "alias" | "workspace" | "invalid" };

const BUILTINS = new Set(builtinModules.map((name) => name.split("/")[0]));
const NPM_NAME_PART = /^[a-z0-9-][a-z0-9._-]*$/i;

export function pathAliasFromKey(key: string): PathAlias {
  const star = key.indexOf("*");
  if (star < 0) return { prefix: key, suffix: "", wildcard: false };
  return { prefix: key.slice(0, star), suffix: key.slice(star + 1), wildcard: true };
}

function matchesAlias(specifier: string, alias: PathAlias): boolean {
  if (!alias.wildcard) return specifier === alias.prefix;
  return (
    specifier.length >= alias.prefix.length + alias.suffix.length &&
    specifier.startsWith(alias.prefix) &&
    specifier.endsWith(alias.suffix)
  );
}

/** `lodash/merge` → `lodash`, `@scope/pkg/sub` → `@scope/pkg`; undefined when it cannot be an npm name. */
export function npmPackageName(specifier: string): string | undefined {
  const parts = specifier.split("/");
  const name = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
  if (!name || name.length > 214) return undefined;
  if (name.startsWith("@")) {
    const [scope, pkg] = [parts[0].slice(1), parts[1] ?? ""];
    return NPM_NAME_PART.test(scope) && NPM_NAME_PART.test(pkg) && !pkg.startsWith(".") ? name : undefined;
  }
  return NPM_NAME_PART.test(name) && !name.startsWith(".") ? name : undefined;
}

/** Decide whether a JS/TS module specifier names an npm package, and which one. */
export function classifyJsSpecifier(specifier: string, context: JsLocalContext): JsSpecifierClass {
  if (specifier.startsWith(".") || specifier.startsWith("/")) return { kind: "ignored", reason: "relative" };
  if (specifier.startsWith("#")) return { kind: "ignored", reason: "subpath-import" };
  if (specifier.startsWith("node:") || specifier.startsWith("bun:")) return { kind: "ignored", reason: "builtin" };
  // Checked before URL schemes: an alias may legitimately contain ":" (e.g. `virtual:` keys).
  if (context.pathAliases.some((alias) => matchesAlias(specifier, alias))) return { kind: "ignored", reason: "alias" };
  if (/^[a-z][a-z0-9+.-]*:/i.test(specifier)) return { kind: "ignored", reason: "url" };
  if (specifier.startsWith("~")) return { kind: "ignored", reason: "alias" };
  const name = npmPackageName(specifier);
  if (!name) return { kind: "ignored", reason: "invalid" };
  if (BUILTINS.has(name)) return { kind: "ignored", reason: "builtin" };
  if (context.workspaceNames.has(name)) return { kind: "ignored", reason: "workspace" };
  if (!name.startsWith("@") && context.baseUrlRoots.has(name)) return { kind: "ignored", reason: "alias" };
  return { kind: "package", name };
}

/** `@types` package that carries the declarations of `name` (`@scope/pkg` → `@types/scope__pkg`). */
export function typesPackageFor(name: string): string {
  return name.startsWith("@") ? `@types/${name.slice(1).replace("/", "__")}` : `@types/${name}`;
}
