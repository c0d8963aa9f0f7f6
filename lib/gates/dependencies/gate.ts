import { z } from "zod";
import type { Gate, GateInput, GatePolicy, GateResult, GateStatus } from "../types";
import { MemoryRegistryCache, type RegistryCache } from "./cache";
import { collectPackageChecks, isRelevantFile } from "./collect-usages";
import { evaluatePackage, matchRange } from "./evaluate";
import { isJsLikeFile } from "./js-imports";
import { loadJsLocalContext, pythonLocalModules } from "./local-modules";
import { RegistryClient, type LookupResult } from "./registry-client";
import { loadRepoSnapshot } from "./repo-snapshot";
import type { DependencyFinding, DependencyFindingKind, Ecosystem, PackageCheck } from "./types";

export type { DependencyFinding, DependencyFindingKind, Ecosystem } from "./types";
export type { CachedEntry, RegistryCache } from "./cache";
export { MemoryRegistryCache } from "./cache";

export interface DependencyGateOptions {
  /** npm registry URL; default NPM_CONFIG_REGISTRY, then `npm config get registry`. */
  npmRegistry?: string;
  /**
   * Base URL of a PyPI-compatible JSON API. Default: pip's own configuration — PIP_INDEX_URL (without its
   * `/simple/`), PIP_EXTRA_INDEX_URL, pip.conf files, `pip config list`; `file://` simple indexes are read from disk.
   */
  pypiBaseUrl?: string;
  /** Command printing pip's configuration (default `python3 -m pip config list`); null = never run pip. */
  pipConfigCommand?: readonly string[] | null;
  cache?: RegistryCache;
  /** Registry requests in flight at once (default 8). */
  concurrency?: number;
  /** Per-request timeout (default 5000 ms). */
  timeoutMs?: number;
  /** Retries after a network error, timeout, 429 or 5xx (default 2). */
  retries?: number;
  /** First retry delay, doubled on each retry (default 200 ms). */
  retryBaseDelayMs?: number;
  now?: () => Date;
}

const OptionsSchema = z.object({
  npmRegistry: z.url().optional(),
  pypiBaseUrl: z.url().optional(),
  pipConfigCommand: z.array(z.string().min(1)).min(1).nullable().optional(),
  cache: z
    .custom<RegistryCache>(
      (value) =>
        typeof value === "object" &&
        value !== null &&
        typeof (value as RegistryCache).get === "function" &&
        typeof (value as RegistryCache).set === "function",
      { message: "cache must implement get/set" },
    )
    .optional(),
  concurrency: z.int().min(1).max(64).default(8),
  timeoutMs: z.int().min(1).max(600_000).default(5_000),
  retries: z.int().min(0).max(10).default(2),
  retryBaseDelayMs: z.int().min(0).max(60_000).default(200),
  now: z.custom<() => Date>((value) => typeof value === "function", { message: "now must be a function" }).optional(),
});

/** One cache per process for gates and benchmarks created without their own. */
const sharedCache = new MemoryRegistryCache();

type ParsedOptions = { ok: true; client: RegistryClient; now: () => Date } | { ok: false; reason: string };

function buildClient(options: DependencyGateOptions | undefined): ParsedOptions {
  const parsed = OptionsSchema.safeParse(options ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `invalid options: ${issue?.path.join(".")}: ${issue?.message}` };
  }
  const now = parsed.data.now ?? (() => new Date());
  const client = new RegistryClient({
    npmRegistry: parsed.data.npmRegistry,
    pypiBaseUrl: parsed.data.pypiBaseUrl,
    pipConfigCommand: parsed.data.pipConfigCommand,
    cache: parsed.data.cache ?? sharedCache,
    concurrency: parsed.data.concurrency,
    timeoutMs: parsed.data.timeoutMs,
    retries: parsed.data.retries,
    retryBaseDelayMs: parsed.data.retryBaseDelayMs,
    now,
  });
  return { ok: true, client, now };
}

const FAILING: ReadonlySet<DependencyFindingKind> = new Set(["not-found", "version-not-found"]);
const KIND_ORDER: DependencyFindingKind[] = ["not-found", "version-not-found", "undeclared", "deprecated", "suspicious"];

interface RegistryError {
  ecosystem: Ecosystem;
  package: string;
  registry: string;
  reason: string;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

function describeErrors(errors: readonly RegistryError[]): string {
  const groups = new Map<string, string[]>();
  for (const error of errors) {
    const key = `${error.registry}: ${error.reason}`;
    groups.set(key, [...(groups.get(key) ?? []), error.package]);
  }
  const parts = [...groups].map(([key, names]) => `${key} (${names.slice(0, 5).join(", ")}${names.length > 5 ? ", …" : ""})`);
  return `could not check ${plural(errors.length, "package")}: ${parts.join("; ")}`;
}

function describeFindings(findings: readonly DependencyFinding[]): string {
  const counts = KIND_ORDER.map((kind) => {
    const names = findings.filter((f) => f.kind === kind).map((f) => f.package);
    return names.length ? `${kind}: ${names.slice(0, 5).join(", ")}${names.length > 5 ? ", …" : ""}` : "";
  }).filter(Boolean);
  return counts.join("; ");
}

/**
 * Which findings fail the gate: unknown packages and versions always; an undeclared package in runtime code unless
 * the policy lowers it to a warning (in tests and type-checking code it is a warning).
 */
function isBlocking(finding: DependencyFinding, policy: GatePolicy | undefined): boolean {
  if (FAILING.has(finding.kind)) return true;
  return finding.kind === "undeclared" && finding.context === "runtime" && (policy?.undeclaredDependencies ?? "fail") === "fail";
}

function statusOf(findings: readonly DependencyFinding[], errors: readonly RegistryError[]): GateStatus {
  if (errors.length) return "error";
  if (findings.some((f) => f.blocking)) return "fail";
  return findings.length ? "warn" : "pass";
}

function result(
  status: GateStatus,
  summary: string,
  findings: DependencyFinding[],
  started: number,
  extra: Record<string, unknown> = {},
): GateResult<DependencyFinding> {
  return { gate: "dependencies", status, summary, findings, durationMs: Math.round(performance.now() - started), ...extra };
}

async function runGate(input: GateInput, built: ParsedOptions, started: number): Promise<GateResult<DependencyFinding>> {
  if (!built.ok) return result("error", built.reason, [], started);
  const relevant = input.files.filter(isRelevantFile);
  if (relevant.length === 0) return result("skipped", "no changed code or manifest file", [], started);
  if (input.signal?.aborted) return result("error", "aborted before checking dependencies", [], started);

  const snapshot = await loadRepoSnapshot(input.repoDir, input.baseCommit, input.files, input.signal);
  let checks: PackageCheck[];
  try {
    // package.json entries naming workspace packages are skipped too, so manifests need the JS context.
    const needsJs = relevant.some((file) => isJsLikeFile(file.path) || file.path.endsWith("package.json"));
    const js = needsJs
      ? await loadJsLocalContext(snapshot)
      : { workspaceNames: new Set<string>(), pathAliases: [], baseUrlRoots: new Set<string>() };
    checks = await collectPackageChecks(input.files, { snapshot, js, python: pythonLocalModules(snapshot) });
  } finally {
    snapshot.close();
  }
  if (checks.length === 0) {
    return result("pass", "no new third-party package in the change", [], started, { packagesChecked: 0 });
  }

  const lookups = await Promise.all(checks.map((check) => built.client.lookup(check.ecosystem, check.name, input.signal)));
  if (input.signal?.aborted) return result("error", "aborted while querying registries", [], started);

  const fileOrder = new Map(input.files.map((file, index) => [file.path, index]));
  const now = built.now();
  const findings: DependencyFinding[] = [];
  const errors: RegistryError[] = [];
  let fromCache = 0;
  checks.forEach((check: PackageCheck, index) => {
    const lookup: LookupResult = lookups[index];
    if (!lookup.ok) {
      errors.push({ ecosystem: check.ecosystem, package: check.name, registry: lookup.registry, reason: lookup.reason });
      return;
    }
    if (lookup.fromCache) fromCache++;
    for (const found of evaluatePackage(check, lookup.entry, { now, fileOrder })) {
      findings.push(isBlocking(found, input.policy) ? { ...found, blocking: true } : found);
    }
  });
  findings.sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      (fileOrder.get(a.file) ?? 0) - (fileOrder.get(b.file) ?? 0) ||
      a.line - b.line,
  );

  const status = statusOf(findings, errors);
  const checked = plural(checks.length, "new package");
  const summary =
    status === "error"
      ? [describeErrors(errors), describeFindings(findings)].filter(Boolean).join("; ")
      : status === "pass"
        ? `${checked} checked, all published`
        : `${checked} checked — ${describeFindings(findings)}`;
  return result(status, summary, findings, started, {
    packagesChecked: checks.length,
    lookupsFromCache: fromCache,
    registryErrors: errors,
  });
}

/** The hallucinated-package gate: every package a change starts using must exist in its registry. */
export function createDependenciesGate(options?: DependencyGateOptions): Gate {
  const built = buildClient(options);
  return {
    name: "dependencies",
    async run(input: GateInput): Promise<GateResult> {
      const started = performance.now();
      try {
        return await runGate(input, built, started);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return result("error", `dependencies gate failed: ${reason}`, [], started);
      }
    },
  };
}

/** Default gate: configured registries, default limits, the process-wide in-memory cache. */
export const dependenciesGate: Gate = createDependenciesGate();

export interface PackageRequest {
  ecosystem?: Ecosystem;
  name: string;
  /** Optional range to resolve (npm semver / PEP 440). */
  range?: string;
}

export interface PackageResolution {
  ecosystem: Ecosystem;
  name: string;
  status: "found" | "not-found" | "version-not-found" | "error";
  /** dist-tags.latest (npm) / info.version (PyPI). */
  latest?: string;
  /** Highest version satisfying `range`, when one was asked. */
  resolved?: string;
  versionCount?: number;
  created?: string;
  fromCache: boolean;
  error?: string;
}

/**
 * Resolves packages with the gate's registry client (same concurrency limit, retries and cache). Used by the
 * benchmark to compare with `npm view`. Never throws: failures come back as `status: "error"`.
 */
export async function resolvePackages(
  requests: ReadonlyArray<string | PackageRequest>,
  options?: DependencyGateOptions & { signal?: AbortSignal },
): Promise<PackageResolution[]> {
  const built = buildClient(options); // the schema drops `signal`
  const normalized = requests.map((request) =>
    typeof request === "string" ? { ecosystem: "npm" as const, name: request } : { ecosystem: request.ecosystem ?? "npm", ...request },
  );
  if (!built.ok) {
    return normalized.map((r) => ({ ecosystem: r.ecosystem, name: r.name, status: "error", fromCache: false, error: built.reason }));
  }
  return Promise.all(
    normalized.map(async (request): Promise<PackageResolution> => {
      const base = { ecosystem: request.ecosystem, name: request.name };
      const lookup = await built.client.lookup(request.ecosystem, request.name, options?.signal).catch(
        (error: unknown): LookupResult => ({ ok: false, registry: request.ecosystem, reason: String(error) }),
      );
      if (!lookup.ok) return { ...base, status: "error", fromCache: false, error: `${lookup.registry}: ${lookup.reason}` };
      const entry = lookup.entry;
      if (entry.kind === "not-found") return { ...base, status: "not-found", fromCache: lookup.fromCache };
      const resolution: PackageResolution = {
        ...base,
        status: "found",
        latest: entry.distTags.latest,
        versionCount: entry.versions.length,
        created: entry.created,
        fromCache: lookup.fromCache,
      };
      if (request.range !== undefined) {
        const match = matchRange(request.ecosystem, entry, request.range);
        if (match.ok) resolution.resolved = match.version;
        else resolution.status = "version-not-found";
      }
      return resolution;
    }),
  );
}
