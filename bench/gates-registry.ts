/**
 * Registry side of the dependencies benchmark: the 30 package names, the configured registry, the
 * `npm view` reference, and a local registry double that serves packuments for those names.
 */
import { execFile } from "node:child_process";
import { startRegistryServer, type RegistryServer } from "../lib/gates/dependencies/test-support/registry-server";

/** Real, widely used npm packages (a few scoped ones, since they are fetched as `@scope%2fname`). */
export const PACKAGES: readonly string[] = [
  "react", "react-dom", "lodash", "express", "axios", "zod", "chalk", "commander", "debug", "dayjs",
  "uuid", "semver", "yargs", "minimist", "glob", "dotenv", "jsonwebtoken", "cors", "ws", "typescript",
  "prettier", "rxjs", "date-fns", "classnames", "tslib", "fs-extra", "nanoid", "@types/node", "@babel/core", "@tanstack/react-query",
];

function npmEnv(): NodeJS.ProcessEnv {
  // No update check: it would add a request of its own to every reference process.
  return { ...process.env, NPM_CONFIG_UPDATE_NOTIFIER: "false", NO_PROXY: "127.0.0.1", no_proxy: "127.0.0.1" };
}

function run(cmd: string, args: string[], timeoutMs: number): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { encoding: "utf8", timeout: timeoutMs, env: npmEnv(), maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ ok: !error, stdout: stdout ?? "", stderr: stderr ?? "" }),
    );
  });
}

/** NPM_CONFIG_REGISTRY, else `npm config get registry`; undefined when neither names an http(s) URL. */
export async function configuredNpmRegistry(): Promise<string | undefined> {
  const fromEnv = process.env.NPM_CONFIG_REGISTRY ?? process.env.npm_config_registry;
  if (fromEnv && /^https?:\/\//.test(fromEnv)) return fromEnv;
  const r = await run("npm", ["config", "get", "registry"], 15_000);
  const value = r.stdout.trim();
  return r.ok && /^https?:\/\//.test(value) ? value : undefined;
}

export interface NpmViewResult {
  totalMs: number;
  /** Packages for which npm printed a version. */
  resolved: number;
  failures: string[];
}

/** One `npm view <pkg> version --json` child process per package, one after the other. */
export async function npmViewSequential(names: readonly string[], registry: string): Promise<NpmViewResult> {
  const failures: string[] = [];
  let resolved = 0;
  const started = performance.now();
  for (const name of names) {
    const r = await run("npm", ["view", name, "version", "--json", "--registry", registry], 120_000);
    let version: unknown;
    try {
      version = JSON.parse(r.stdout);
    } catch {
      version = undefined;
    }
    if (r.ok && typeof version === "string") resolved++;
    else failures.push(name);
  }
  return { totalMs: performance.now() - started, resolved, failures };
}

/** A small, deterministic packument: `count` versions with realistic manifests and publish times. */
export function syntheticPackument(name: string, count = 60): Record<string, unknown> {
  const versions: Record<string, unknown> = {};
  const time: Record<string, string> = { created: "2015-03-01T10:00:00.000Z" };
  const list: string[] = [];
  for (let i = 0; i < count; i++) {
    const version = `${1 + Math.floor(i / 20)}.${Math.floor((i % 20) / 5)}.${i % 5}`;
    list.push(version);
    versions[version] = {
      name,
      version,
      description: `${name} release ${version}`,
      main: "index.js",
      license: "MIT",
      dependencies: { tslib: "^2.6.0", debug: "^4.3.4" },
      devDependencies: { typescript: "^5.4.0", vitest: "^1.6.0" },
      dist: {
        shasum: "0".repeat(40),
        tarball: `{registry}${name}/-/${name.replace(/^@[^/]+\//, "")}-${version}.tgz`,
        integrity: `sha512-${"A".repeat(86)}==`,
      },
      ...(i === 3 ? { deprecated: "this release has a critical bug, upgrade" } : {}),
    };
    time[version] = new Date(Date.UTC(2015, 3, 1) + i * 30 * 86_400_000).toISOString();
  }
  const latest = list[list.length - 1];
  time.modified = time[latest];
  return { _id: name, name, description: `${name} (benchmark double)`, "dist-tags": { latest }, versions, time, license: "MIT" };
}

/**
 * The registry double with a packument for every benchmark package and every name in `extra`, answering
 * after `delayMs` to mimic network latency.
 */
export async function startPackumentDouble(delayMs: number, extra: readonly string[] = []): Promise<RegistryServer> {
  const server = await startRegistryServer({ delayMs });
  for (const name of new Set([...PACKAGES, ...extra])) server.addDocument(`npm:${name}`, syntheticPackument(name));
  return server;
}
