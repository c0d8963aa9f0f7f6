import { execFile } from "node:child_process";
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

  resolvePypiBase(): string | undefined {
    if (this.config.pypiBaseUrl) return this.config.pypiBaseUrl;
    const indexUrl = (this.config.env ?? process.env).PIP_INDEX_URL;
    return indexUrl ? pypiBaseFromIndexUrl(indexUrl) : undefined;
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

  private async lookupPypi(name: string, signal?: AbortSignal): Promise<LookupResult> {
    const base = this.resolvePypiBase();
    if (!base) return { ok: false, registry: "PyPI", reason: "no PyPI index configured (set PIP_INDEX_URL or pypiBaseUrl)" };
    const normalized = normalizePypiName(name);
    return this.fetchThroughCache(`pypi|${withTrailingSlash(base)}|${normalized}`, pypiProjectUrl(base, name), {
      registry: `PyPI index ${withTrailingSlash(base)}`,
      summarize: summarizePypiProject,
      signal,
    });
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
