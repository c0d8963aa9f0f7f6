import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { noIndexConfiguredReason, resolvePipIndexes } from "./pip-config";
import { lookupSimpleIndexDir } from "./simple-index";
import { FOUND_TTL_MS, NOT_FOUND_TTL_MS, type CachedEntry, type RegistryCache } from "./cache";
import { normalizePypiName } from "./python-distributions";
import { ConcurrencyLimiter, fetchRegistryJson } from "./registry-http";
import { summarizeNpmPackument, summarizePypiProject } from "./registry-documents";
import type { Ecosystem } from "./types";

export type LookupResult =
  | { ok: true; entry: CachedEntry; fromCache: boolean }
  | { ok: false; registry: string; reason: string };

export interface RegistryClientConfig {
  /** Explicit npm registry URL; otherwise NPM_CONFIG_REGISTRY, then `npm config get registry`. */
  npmRegistry?: string;
  /** Explicit PyPI base URL (JSON API at `{base}/pypi/{name}/json`); otherwise derived from PIP_INDEX_URL. */
  pypiBaseUrl?: string;
  cache: RegistryCache;
  concurrency: number;
  timeoutMs: number;
  retries: number;
  retryBaseDelayMs: number;
  now: () => Date;
  env?: NodeJS.ProcessEnv;
  /** Command printing pip's configuration when neither env nor pip.conf files name an index; null = never run it. */
  pipConfigCommand?: readonly string[] | null;
}

/** A package index to ask: a JSON API (`{base}/pypi/{name}/json`) or a simple index directory on disk. */
type PypiIndex = { kind: "json"; base: string } | { kind: "simple-dir"; dir: string; url: string };

type PypiIndexes =
  | { ok: true; indexes: PypiIndex[]; /** No index-url: pip would also ask its built-in default. */ defaultImplied: boolean; source: string }
  | { ok: false; reason: string };

function indexFromUrl(url: string): PypiIndex {
  if (url.startsWith("file:")) return { kind: "simple-dir", dir: fileURLToPath(url), url };
  return { kind: "json", base: pypiBaseFromIndexUrl(url) };
}

function withTrailingSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}

let npmConfigRegistry: Promise<string | undefined> | undefined;

/** `npm config get registry`, run once per process. */
function registryFromNpmConfig(): Promise<string | undefined> {
  npmConfigRegistry ??= new Promise((resolve) => {
    execFile("npm", ["config", "get", "registry"], { timeout: 15_000, encoding: "utf8" }, (error, stdout) => {
      const value = stdout?.trim();
      resolve(!error && value && /^https?:\/\//.test(value) ? value : undefined);
    });
  });
  return npmConfigRegistry;
}

/** PIP_INDEX_URL points at the simple index (`…/simple/`); the JSON API lives beside it. */
export function pypiBaseFromIndexUrl(indexUrl: string): string {
  return indexUrl.trim().replace(/\/+$/, "").replace(/\/simple$/, "");
}

/** `@scope/name` is fetched as `@scope%2fname`. */
export function npmPackumentUrl(registry: string, name: string): string {
  return `${withTrailingSlash(registry)}${name.replace("/", "%2f")}`;
}

export function pypiProjectUrl(base: string, name: string): string {
  return `${withTrailingSlash(base)}pypi/${encodeURIComponent(normalizePypiName(name))}/json`;
}

/** Looks packages up in the npm registry and a PyPI-compatible index, through the cache. */
export class RegistryClient {
  private readonly limiter: ConcurrencyLimiter;
  private npmRegistry?: Promise<string | undefined>;
  private pypiIndexes?: Promise<PypiIndexes>;
  private readonly inFlight = new Map<string, { promise: Promise<LookupResult>; signal?: AbortSignal }>();

  constructor(private readonly config: RegistryClientConfig) {
    this.limiter = new ConcurrencyLimiter(config.concurrency);
  }

  resolveNpmRegistry(): Promise<string | undefined> {
    this.npmRegistry ??= (async () => {
      if (this.config.npmRegistry) return this.config.npmRegistry;
      const env = this.config.env ?? process.env;
      const fromEnv = env.NPM_CONFIG_REGISTRY ?? env.npm_config_registry;
      if (fromEnv) return fromEnv;
      return registryFromNpmConfig();
    })();
    return this.npmRegistry;
  }

  /** Explicit pypiBaseUrl, else what pip is configured with (env, pip.conf files, `pip config list`). */
  resolvePypiIndexes(): Promise<PypiIndexes> {
    this.pypiIndexes ??= (async (): Promise<PypiIndexes> => {
      if (this.config.pypiBaseUrl) return { ok: true, indexes: [{ kind: "json", base: this.config.pypiBaseUrl }], defaultImplied: false, source: "pypiBaseUrl" };
      const env = this.config.env ?? process.env;
      const pip = await resolvePipIndexes({ env, pipConfigCommand: this.config.pipConfigCommand });
      if (!pip) return { ok: false, reason: noIndexConfiguredReason(env) };
      const urls = [...(pip.indexUrl ? [pip.indexUrl] : []), ...pip.extraIndexUrls];
      return { ok: true, indexes: urls.map(indexFromUrl), defaultImplied: !pip.indexUrl, source: pip.source };
    })();
    return this.pypiIndexes;
  }

  /**
   * Same package asked twice at once → one request. Only shared under the same abort signal: one run's abort
   * must not fail another run's lookup.
   */
  lookup(ecosystem: Ecosystem, name: string, signal?: AbortSignal): Promise<LookupResult> {
    const key = `${ecosystem}:${ecosystem === "pypi" ? normalizePypiName(name) : name}`;
    const shared = this.inFlight.get(key);
    if (shared && shared.signal === signal) return shared.promise;
    const promise = (ecosystem === "npm" ? this.lookupNpm(name, signal) : this.lookupPypi(name, signal)).finally(() => {
      if (this.inFlight.get(key)?.promise === promise) this.inFlight.delete(key);
    });
    this.inFlight.set(key, { promise, signal });
    return promise;
  }

  private async lookupNpm(name: string, signal?: AbortSignal): Promise<LookupResult> {
    const registry = await this.resolveNpmRegistry();
    if (!registry) return { ok: false, registry: "npm registry", reason: "no npm registry configured" };
    return this.fetchThroughCache(`npm|${withTrailingSlash(registry)}|${name}`, npmPackumentUrl(registry, name), {
      registry: `npm registry ${withTrailingSlash(registry)}`,
      summarize: summarizeNpmPackument,
      signal,
    });
  }

  /**
   * Asks each index pip would use, in order; found in one = found. Not found anywhere is `not-found`, unless pip
   * would also have asked its built-in default index (only extra indexes configured): that one is not assumed, so
   * the lookup is an error saying what to set.
   */
  private async lookupPypi(name: string, signal?: AbortSignal): Promise<LookupResult> {
    const resolved = await this.resolvePypiIndexes();
    if (!resolved.ok) return { ok: false, registry: "PyPI", reason: resolved.reason };
    const normalized = normalizePypiName(name);
    let notFound: LookupResult | undefined;
    let failed: LookupResult | undefined;
    for (const index of resolved.indexes) {
      const result = index.kind === "json"
        ? await this.fetchThroughCache(`pypi|${withTrailingSlash(index.base)}|${normalized}`, pypiProjectUrl(index.base, name), {
          registry: `PyPI index ${withTrailingSlash(index.base)}`,
          summarize: summarizePypiProject,
          signal,
        })
        : await this.lookupSimpleDir(index, normalized);
      if (result.ok && result.entry.kind === "found") return result;
      if (result.ok) notFound ??= result;
      else failed ??= result;
    }
    if (failed) return failed;
    if (resolved.defaultImplied) {
      const asked = resolved.indexes.map((index) => (index.kind === "json" ? index.base : index.url)).join(", ");
      return {
        ok: false,
        registry: "PyPI",
        reason: `not in the extra indexes of ${resolved.source} (${asked}); pip would also ask its default index, which is not configured here — ${noIndexConfiguredReason(this.config.env ?? process.env)}`,
      };
    }
    return notFound ?? { ok: false, registry: "PyPI", reason: noIndexConfiguredReason(this.config.env ?? process.env) };
  }

  private async lookupSimpleDir(index: Extract<PypiIndex, { kind: "simple-dir" }>, normalized: string): Promise<LookupResult> {
    const key = `pypi|${index.url}|${normalized}`;
    const cached = await this.config.cache.get(key).catch(() => undefined);
    if (cached) return { ok: true, entry: cached, fromCache: true };
    const entry = await lookupSimpleIndexDir(index.dir, normalized, this.config.now().toISOString());
    if ("error" in entry) return { ok: false, registry: `simple index ${index.url}`, reason: entry.error };
    await this.config.cache.set(key, entry, entry.kind === "found" ? FOUND_TTL_MS : NOT_FOUND_TTL_MS).catch(() => undefined);
    return { ok: true, entry, fromCache: false };
  }

  private async fetchThroughCache(
    key: string,
    url: string,
    how: {
      registry: string;
      summarize: typeof summarizeNpmPackument;
      signal?: AbortSignal;
    },
  ): Promise<LookupResult> {
    const cached = await this.config.cache.get(key).catch(() => undefined);
    if (cached) return { ok: true, entry: cached, fromCache: true };
    const fetchedAt = this.config.now().toISOString();
    const response = await fetchRegistryJson(url, {
      limiter: this.limiter,
      timeoutMs: this.config.timeoutMs,
      retries: this.config.retries,
      retryBaseDelayMs: this.config.retryBaseDelayMs,
      signal: how.signal,
    });
    if (response.kind === "error") return { ok: false, registry: how.registry, reason: response.reason };
    let entry: CachedEntry;
    if (response.kind === "not-found") entry = { kind: "not-found", fetchedAt };
    else {
      const summary = how.summarize(response.json, fetchedAt);
      if (!summary.ok) return { ok: false, registry: how.registry, reason: summary.reason };
      entry = summary.entry;
    }
    // A cache that fails to store must not turn a decided lookup into an error.
    await this.config.cache.set(key, entry, entry.kind === "found" ? FOUND_TTL_MS : NOT_FOUND_TTL_MS).catch(() => undefined);
    return { ok: true, entry, fromCache: false };
  }
}
