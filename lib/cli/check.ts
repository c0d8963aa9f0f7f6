/** `gatehouse check`: validate the inputs, apply the patch, run the gates, print the report. */
import fsp from "node:fs/promises";
import path from "node:path";
import { runGates, type RunGatesOptions } from "../gates/index";
import { overallStatus, toJson, toSarif, toText } from "../gates/report";
import { DEFAULT_POLICY, type ChangedFile, type GateInput, type GatePolicy } from "../gates/types";
import {
  changedFilesAt,
  isPatchError,
  preparePatch,
  resolveRepoAndCommit,
  validatePatchPathNames,
  type PatchErrorCode,
} from "../patch";
import type { CheckOptions } from "./args";
import { readBuildId } from "./build-id";
import { readVersion } from "./help";
import { UsageError, type CliIo } from "./io";

/** Prefixes that tell the user which input was wrong. */
const PATCH_PROBLEM: Partial<Record<PatchErrorCode, string>> = {
  "empty-patch": "malformed patch",
  "no-hunks": "malformed patch",
  "bad-header": "malformed patch",
  "bad-hunk-header": "malformed patch",
  "hunk-mismatch": "malformed patch",
};

export async function runCheck(opts: CheckOptions, io: CliIo, signal?: AbortSignal): Promise<number> {
  const { root: repoDir, commit: baseCommit } = await inputStep(() => resolveRepoAndCommit(path.resolve(io.cwd, opts.repo), opts.base));
  const diff = await readPatch(opts.patch, io);
  const files = await inputStep(() => changedFiles(repoDir, baseCommit, diff));

  const policy: GatePolicy = {
    ...DEFAULT_POLICY,
    ...(opts.testCommand ? { testCommand: opts.testCommand } : {}),
    ...(opts.testTimeout ? { testTimeoutMs: opts.testTimeout } : {}),
    ...(opts.minPassRate !== undefined ? { minTestPassRate: opts.minPassRate } : {}),
  };
  const input: GateInput = { repoDir, baseCommit, diff, files, policy, ...(signal ? { signal } : {}) };
  const showProgress = io.stderrIsTTY && opts.format === "text";
  const results = await runGates(input, opts.gates, {
    gates: await gatesFor(opts, io),
    onProgress: showProgress
      ? (e) => io.stderr(e.phase === "start" ? `… ${e.gate}\n` : `✓ ${e.gate}: ${e.result.status}\n`)
      : undefined,
  });

  if (opts.format === "json") io.stdout(`${JSON.stringify(toJson(results), null, 2)}\n`);
  else if (opts.format === "sarif") io.stdout(`${JSON.stringify(toSarif(results, { toolVersion: readVersion() }), null, 2)}\n`);
  else io.stdout(toText(results, { color: io.stdoutIsTTY && !io.env.NO_COLOR }));

  const overall = overallStatus(results);
  return overall === "fail" || overall === "error" ? 1 : 0;
}

/**
 * Unless --no-cache, gates that keep what they learn on disk for the next run: the dependencies gate its
 * registry answers (dependencies/file-cache.ts), the error-contract gate the consumer candidates of the
 * repository's files (error-contract/candidate-cache.ts; per CLI build, so only a built CLI keeps them).
 */
async function gatesFor(opts: CheckOptions, io: CliIo): Promise<RunGatesOptions["gates"]> {
  if (!opts.cache) {
    // Nothing to keep for a next run: the search reads each file for this run's words only.
    if (!opts.gates.includes("error-contract")) return {};
    const { createErrorContractGate } = await import("../gates/error-contract/gate");
    return { "error-contract": createErrorContractGate({ candidates: null }) };
  }
  const gates: RunGatesOptions["gates"] = {};
  const { cliCacheDir, FileRegistryCache } = await import("../gates/dependencies/file-cache");
  const cacheDir = cliCacheDir(io.env);
  if (opts.gates.includes("dependencies")) {
    const { createDependenciesGate } = await import("../gates/dependencies/gate");
    gates.dependencies = createDependenciesGate({ cache: new FileRegistryCache(path.join(cacheDir, "registry")) });
  }
  const buildId = readBuildId();
  if (opts.gates.includes("error-contract") && buildId) {
    const [{ createErrorContractGate }, cache] = await Promise.all([
      import("../gates/error-contract/gate"),
      import("../gates/error-contract/candidate-cache"),
    ]);
    const root = path.join(cacheDir, "candidates");
    await cache.removeOtherBuilds(root, buildId);
    const candidates = new cache.LayeredCandidateStore(cache.PROCESS_CANDIDATES, new cache.FileCandidateStore(path.join(root, buildId)));
    gates["error-contract"] = createErrorContractGate({ candidates });
  }
  return gates;
}

/**
 * Applies once up front so bad patches are reported as bad input (exit 2) before any gate runs. In a
 * private index, not a worktree: nothing is checked out (the tests gate makes its own worktree).
 */
async function changedFiles(repoDir: string, baseCommit: string, diff: string): Promise<ChangedFile[]> {
  const parsed = preparePatch(diff);
  validatePatchPathNames(parsed);
  return changedFilesAt(repoDir, baseCommit, parsed);
}

async function readPatch(file: string, io: CliIo): Promise<string> {
  try {
    return file === "-" ? await io.readStdin() : await fsp.readFile(path.resolve(io.cwd, file), "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read patch ${file === "-" ? "from stdin" : file}${code ? ` (${code})` : ""}`);
  }
}

/** Turns PatchErrors (bad repo, ref, patch) into usage errors; anything else propagates. */
async function inputStep<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isPatchError(err) && err.code !== "git-failed") {
      const prefix = PATCH_PROBLEM[err.code];
      throw new UsageError(prefix ? `${prefix}: ${err.message}` : err.message);
    }
    throw err;
  }
}
