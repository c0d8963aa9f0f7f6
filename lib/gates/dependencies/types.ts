/** Types shared by the modules of the dependencies gate. */

export type Ecosystem = "npm" | "pypi";

export type DependencyFindingKind = "not-found" | "version-not-found" | "undeclared" | "deprecated" | "suspicious";

/** One finding: one per package and kind, located at the package's first usage. */
export interface DependencyFinding {
  ecosystem: Ecosystem;
  package: string;
  kind: DependencyFindingKind;
  file: string;
  line: number;
  message: string;
  /** Where an undeclared package is used: product code that runs, test code, or type checking only. */
  context?: UsageContext;
  /** This finding fails the gate (not-found, version-not-found; undeclared in runtime code unless the policy says warn). */
  blocking?: boolean;
}

/** runtime = product code that runs; test = test code; typing = `if TYPE_CHECKING:`, type-only imports, stubs, typing tests. */
export type UsageContext = "runtime" | "test" | "typing";

/** An import of a package found in source code. */
export interface ImportUsage {
  /** Module specifier as written (`lodash/merge`, `yaml`, `google.protobuf.json_format`). */
  specifier: string;
  line: number;
  /** `import type …` / `typeof import("x")`: needs only type declarations. */
  typeOnly?: boolean;
}

/** A dependency declared by a manifest entry (package.json, requirements*.txt, pyproject.toml). */
export interface ManifestEntry {
  ecosystem: Ecosystem;
  /** Name as declared (npm) / as written (PyPI; compare with `normalizePypiName`). */
  name: string;
  /** Version range as written; "" when none. */
  range: string;
  /** The range is a PEP 440 specifier / npm semver range that can be checked against published versions. */
  checkable: boolean;
  line: number;
  /** npm `npm:other@range` alias: the package actually installed. */
  aliasOf?: string;
  /** Installed from elsewhere than the registry (git, URL, path, workspace): nothing to ask the registry. */
  external?: boolean;
}

/** Something the registry must be asked about, with where the change uses it. */
export interface PackageCheck {
  ecosystem: Ecosystem;
  /** Registry name (npm name / PyPI distribution name). */
  name: string;
  usages: Array<{ file: string; line: number; importName?: string; declared: boolean; declaredRange?: string; context?: UsageContext }>;
  /** Ranges from manifest entries the change added or modified. */
  ranges: Array<{ file: string; line: number; range: string }>;
}
