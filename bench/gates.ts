/**
 * Gate benchmarks (`npm run bench -- complexity dependencies check`). Every figure is compared with a
 * reference measured in the same process and run; a missed target is printed as MISS, never thrown.
 *
 * - complexity: our analyzer vs ESLint 9 (core `complexity` + sonarjs `cognitive-complexity`) on ~150
 *   real JS/TS files from node_modules; Python stdlib files for our analyzer alone (no reference).
 * - dependencies: resolvePackages (warm / cold cache) vs one `npm view` process per package, against
 *   the configured registry and against a local registry double with 40 ms latency.
 * - check: runGates(dependencies, complexity, error-contract) on a 5-file, ~300-line change, in-process
 *   and through the CLI.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { analyzeFile } from "../lib/gates/complexity/analyze";
import { runComplexityCommand } from "../lib/gates/complexity/cli";
import { createDependenciesGate, MemoryRegistryCache, resolvePackages, type PackageResolution } from "../lib/gates/dependencies/gate";
import type { RegistryServer } from "../lib/gates/dependencies/test-support/registry-server";
import { runGates } from "../lib/gates/index";
import { DEFAULT_POLICY, type GateInput, type GateName, type GateResult } from "../lib/gates/types";
import { forgetKnownCommits } from "../lib/git/known-commits";
import { forgetTreeListings } from "../lib/git/tree-listing";
import { forgetRecentParses } from "../lib/parsers/estree";
import { changedFilesViaIndex } from "../lib/patch";
import { runCli, type CliRun } from "./cli";
import { createBenchChange } from "./gates-change";
import { javascriptCorpus, pythonCorpus, totalLines, type CorpusFile } from "./gates-corpus";
import { prepareEslint } from "./gates-eslint";
import { configuredNpmRegistry, npmViewSequential, PACKAGES, startPackumentDouble } from "./gates-registry";
import { measure, median, ms, printTable, rate, ratio, sample, say, sayMachineLoad, timeOnce, type BenchRow, type Measured } from "./gates-table";

const ROOT = path.resolve(__dirname, "..");
/** Per-request latency of the registry double (a typical round trip to a remote registry). */
const DOUBLE_DELAY_MS = 40;

// ---------------------------------------------------------------- complexity

const COMPLEXITY_RUNS = 3;
const COMPLEXITY_TARGET = 5;

async function analyzeAll(files: readonly CorpusFile[]): Promise<number> {
  let functions = 0;
  for (const f of files) functions += (await analyzeFile(f.path, f.text)).length;
  return functions;
}

async function parsesWithOurs(file: CorpusFile): Promise<boolean> {
  try {
    await analyzeFile(file.path, file.text);
    return true;
  } catch {
    return false;
  }
}

export async function runComplexityBench(): Promise<void> {
  sayMachineLoad();
  const { files: corpus, missing } = javascriptCorpus();
  if (missing.length) say(`  note: no files found for ${missing.join(", ")} (not installed?)`);
  const eslint = prepareEslint(corpus);
  const oursFails: string[] = [];
  for (const f of corpus) if (!(await parsesWithOurs(f))) oursFails.push(f.label);
  // Both sides analyze exactly the same files: those both parsers accept.
  const excluded = new Set([...eslint.unparsable, ...oursFails]);
  const files = corpus.filter((f) => !excluded.has(f.label));
  const common = oursFails.length ? prepareEslint(files) : eslint;
  const lines = totalLines(files);
  const tsCount = files.filter((f) => /\.tsx?$/.test(f.path)).length;
  const packages = new Set(files.map((f) => f.label.split("/").slice(0, f.label.startsWith("@") ? 2 : 1).join("/")));
  say(`  corpus: ${files.length} JS/TS files (${tsCount} TS), ${lines.toLocaleString("en-US")} lines, from ${packages.size} packages`);
  if (excluded.size) say(`  excluded (unparsable): ${[...excluded].join(", ")}`);

  // Warm up once each. Then, per run, every file goes through both analyzers back to back, so load
  // changes on a shared machine hit both sides alike; wall and CPU time are summed per side.
  let functions = await analyzeAll(files);
  let messages = common.run();
  const ours: Array<{ wall: number; cpu: number }> = [];
  const theirs: Array<{ wall: number; cpu: number }> = [];
  for (let i = 0; i < COMPLEXITY_RUNS; i++) {
    const run = { ours: { wall: 0, cpu: 0 }, theirs: { wall: 0, cpu: 0 } };
    functions = 0;
    messages = 0;
    for (let k = 0; k < files.length; k++) {
      const f = files[k];
      const a = await measure(async () => (functions += (await analyzeFile(f.path, f.text)).length));
      const b = await measure(() => (messages += common.runOne(k)));
      run.ours.wall += a.wall;
      run.ours.cpu += a.cpu;
      run.theirs.wall += b.wall;
      run.theirs.cpu += b.cpu;
    }
    ours.push(run.ours);
    theirs.push(run.theirs);
  }
  const oursMs = median(ours.map((r) => r.wall));
  const eslintMs = median(theirs.map((r) => r.wall));
  const oursCpu = median(ours.map((r) => r.cpu));
  const eslintCpu = median(theirs.map((r) => r.cpu));

  // The `gatehouse complexity` command itself (reads the files, formats JSON) on the same files,
  // alternated run by run with a whole ESLint pass.
  const sink = { stdout: () => undefined, stderr: () => undefined };
  const command = async () => {
    const code = await runComplexityCommand(files.map((f) => f.path), "json", sink);
    if (code !== 0) throw new Error(`gatehouse complexity exited ${code}`);
  };
  await command();
  const commandSamples: number[] = [];
  const eslintPassSamples: number[] = [];
  for (let i = 0; i < COMPLEXITY_RUNS; i++) {
    commandSamples.push(await timeOnce(command));
    eslintPassSamples.push(await timeOnce(() => common.run()));
  }
  const commandMs = median(commandSamples);
  const eslintPassMs = median(eslintPassSamples);

  const python = pythonCorpus();
  const pyOk: CorpusFile[] = [];
  for (const f of python) if (await parsesWithOurs(f)) pyOk.push(f);
  const pyLines = totalLines(pyOk);
  const pyMs = pyOk.length ? median(await sample(() => analyzeAll(pyOk), COMPLEXITY_RUNS)) : NaN;

  const speedup = eslintMs / oursMs;
  const rows: BenchRow[] = [
    {
      figure: `analyzeFile, ${files.length} JS/TS files (median of ${COMPLEXITY_RUNS})`,
      value: `${ms(oursMs)}, ${rate((lines / oursMs) * 1000, "lines")}`,
      reference: `ESLint ${ms(eslintMs)}, ${rate((lines / eslintMs) * 1000, "lines")}`,
      ratio: ratio(speedup),
      target: `≥ ${COMPLEXITY_TARGET}×`,
      ok: speedup >= COMPLEXITY_TARGET,
    },
    {
      figure: "same, CPU time (user + system) instead of wall time",
      value: `${ms(oursCpu)}, ${rate((lines / oursCpu) * 1000, "lines")}`,
      reference: `ESLint ${ms(eslintCpu)}, ${rate((lines / eslintCpu) * 1000, "lines")}`,
      ratio: ratio(eslintCpu / oursCpu),
    },
    {
      figure: "gatehouse complexity command (read + JSON), same files",
      value: `${ms(commandMs)}, ${rate((lines / commandMs) * 1000, "lines")}`,
      reference: `ESLint ${ms(eslintPassMs)}`,
      ratio: ratio(eslintPassMs / commandMs),
    },
    {
      figure: `analyzeFile, ${pyOk.length} Python stdlib files`,
      value: pyOk.length ? `${ms(pyMs)}, ${rate((pyLines / pyMs) * 1000, "lines")}` : "no Python files found",
      reference: "(no in-process reference)",
    },
  ];
  printTable(rows);
  say(`  functions scored: ours ${functions}; ESLint reported ${messages} messages (2 rules, threshold 0)`);
  say(`  ESLint config: ${common.prebuiltConfig ? "normalized once, as the ESLint CLI does" : "plain array, normalized on every verify() call"}`);
  if (pyOk.length < python.length) say(`  python files our parser rejected: ${python.length - pyOk.length}`);
}

// ---------------------------------------------------------------- dependencies

const WARM_TARGET = 50;
const COLD_TARGET = 5;
const COLD_RUNS = 3;
const WARM_RUNS = 20;

function unresolved(results: readonly PackageResolution[]): string[] {
  return results.filter((r) => r.status !== "found").map((r) => `${r.name} (${r.status}${r.error ? `: ${r.error}` : ""})`);
}

async function compareWithNpmView(label: string, registry: string): Promise<void> {
  const options = { npmRegistry: registry, concurrency: 8 };
  const cold = () => resolvePackages(PACKAGES, { ...options, cache: new MemoryRegistryCache() });

  const firstMs = await timeOnce(cold); // JIT, module loading, first connections
  const coldSamples: number[] = [];
  let coldResults: PackageResolution[] = [];
  for (let i = 0; i < COLD_RUNS; i++) coldSamples.push(await timeOnce(async () => (coldResults = await cold())));
  const coldMs = median(coldSamples);

  const cache = new MemoryRegistryCache();
  await resolvePackages(PACKAGES, { ...options, cache });
  let warmResults: PackageResolution[] = [];
  const warmMs = median(await sample(async () => (warmResults = await resolvePackages(PACKAGES, { ...options, cache })), WARM_RUNS));

  const view = await npmViewSequential(PACKAGES, registry);
  if (view.resolved === 0) {
    say(`  ${label}: skipped: registry unreachable for npm view (${view.failures.length} failures)`);
    return;
  }
  const problems = [...unresolved(coldResults), ...unresolved(warmResults).map((p) => `warm: ${p}`)];
  const allFromCache = warmResults.every((r) => r.fromCache);
  const n = PACKAGES.length;
  const rows: BenchRow[] = [
    {
      figure: `warm cache, ${n} packages (median of ${WARM_RUNS})`,
      value: ms(warmMs),
      reference: `npm view ×${n} ${ms(view.totalMs)}`,
      ratio: ratio(view.totalMs / warmMs),
      target: `≥ ${WARM_TARGET}×`,
      ok: view.totalMs / warmMs >= WARM_TARGET && allFromCache && unresolved(warmResults).length === 0,
    },
    {
      figure: `cold cache, concurrency 8 (median of ${COLD_RUNS}, process warm)`,
      value: ms(coldMs),
      reference: `npm view ×${n} ${ms(view.totalMs)}`,
      ratio: ratio(view.totalMs / coldMs),
      target: `≥ ${COLD_TARGET}×`,
      // Failed lookups return early; a fast failure must not count as speed.
      ok: view.totalMs / coldMs >= COLD_TARGET && unresolved(coldResults).length === 0,
    },
    {
      figure: "cold cache, first call in the process",
      value: ms(firstMs),
      reference: `npm view ×${n} ${ms(view.totalMs)}`,
      ratio: ratio(view.totalMs / firstMs),
    },
    { figure: "npm view, per package", value: ms(view.totalMs / n), reference: "(process start + request)" },
  ];
  say(`  ${label}:`);
  printTable(rows);
  if (problems.length) say(`  resolvePackages did not find: ${problems.join("; ")}`);
  if (!allFromCache) say("  warm runs were not all served from the cache");
  if (view.failures.length) say(`  npm view failed for: ${view.failures.join(", ")}`);
}

export async function runDependenciesBench(): Promise<void> {
  sayMachineLoad();
  say(`  ${PACKAGES.length} packages: ${PACKAGES.join(", ")}`);
  const registry = await configuredNpmRegistry();
  if (!registry) {
    say("  configured registry: skipped: no npm registry configured");
  } else {
    // One quick probe so an offline machine skips instead of waiting for 30 timeouts.
    const [probe] = await resolvePackages(["react"], { npmRegistry: registry, cache: new MemoryRegistryCache(), retries: 0, timeoutMs: 10_000 });
    if (probe.status !== "found") say(`  configured registry: skipped: registry unreachable (${probe.error ?? probe.status})`);
    else await compareWithNpmView("configured registry (npm config)", registry);
  }
  const double = await startPackumentDouble(DOUBLE_DELAY_MS);
  try {
    await compareWithNpmView(`local registry double, ${DOUBLE_DELAY_MS} ms per request (reproducible offline)`, double.npmRegistry);
  } finally {
    await double.close();
  }
}

// ---------------------------------------------------------------- check

const CHECK_GATES: GateName[] = ["dependencies", "complexity", "error-contract"];
const CHECK_RUNS = 10;
const CLI_RUNS = 5;
const CHECK_TARGET_MS = 300;
/** The CLI end to end: at most this many times the in-process run, and under CLI_TARGET_MS. */
const CLI_TARGET_RATIO = 1.5;
const CLI_TARGET_MS = 500;
/** Declared in the bench repo's devDependencies; served in case the gate looks them up. */
const CHECK_EXTRA_PACKAGES = ["@types/lodash", "@types/uuid", "vitest"];

function statuses(results: ReadonlyArray<Pick<GateResult, "gate" | "status" | "durationMs">>): string {
  return results.map((r) => `${r.gate} ${r.status} (${Math.round(r.durationMs)} ms)`).join(", ");
}

function cliStatuses(stdout: string): string {
  try {
    const report = JSON.parse(stdout) as { gates: Array<Pick<GateResult, "gate" | "status" | "durationMs">> };
    return statuses(report.gates);
  } catch {
    return "unreadable JSON report";
  }
}

async function checkWithDouble(double: RegistryServer): Promise<void> {
  const change = createBenchChange();
  const patchFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-patch-")), "change.patch");
  // The CLI keeps registry answers on disk between runs (an hour for a package that exists), as the
  // in-process runs keep them in memory: the first CLI run fills that cache and the OS's file cache.
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-cache-"));
  try {
    fs.writeFileSync(patchFile, change.diff);
    say(
      `  change: ${change.filesChanged} TS files, +${change.linesAdded} −${change.linesRemoved} lines, in a ${change.repoFiles}-file repo; registry double ${DOUBLE_DELAY_MS} ms per request`,
    );
    const { files } = await changedFilesViaIndex(change.repo.dir, change.baseCommit, change.diff);
    const input: GateInput = { repoDir: change.repo.dir, baseCommit: change.baseCommit, diff: change.diff, files, policy: DEFAULT_POLICY };
    const gates = { dependencies: createDependenciesGate({ npmRegistry: double.npmRegistry, cache: new MemoryRegistryCache() }) };

    let results: GateResult[] = [];
    const coldMs = await timeOnce(async () => (results = await runGates(input, CHECK_GATES, { gates })));
    const coldStatuses = statuses(results);
    const warm: Measured[] = [];
    for (let i = 0; i < CHECK_RUNS; i++) warm.push(await measure(async () => (results = await runGates(input, CHECK_GATES, { gates }))));
    const warmMs = median(warm.map((m) => m.wall));
    const warmCpu = median(warm.map((m) => m.cpu + m.childCpu));
    // What `check` does in-process: apply the patch in a private index, read the files, run the gates.
    const applyAndRun = async () => {
      const applied = await changedFilesViaIndex(change.repo.dir, change.baseCommit, change.diff);
      await runGates({ ...input, files: applied.files }, CHECK_GATES, { gates });
    };
    const withMemosMs = median(await sample(applyAndRun, CLI_RUNS, 0));
    // The CLI's reference: the same work in a warm process, with nothing the previous identical run
    // left in memory (parses, the tree listing, verified commits), as a new process has nothing. The
    // registry answers stay: the CLI keeps them on disk.
    const withApplyMs = median(
      await sample(async () => {
        forgetRecentParses();
        forgetTreeListings();
        forgetKnownCommits();
        await applyAndRun();
      }, CLI_RUNS, 0),
    );

    const cliArgs = ["check", "--repo", change.repo.dir, "--patch", patchFile, "--gates", CHECK_GATES.join(","), "--format", "json"];
    const cliEnv = { ...process.env, NPM_CONFIG_REGISTRY: double.npmRegistry, NO_COLOR: "1", GATEHOUSE_CACHE_DIR: cacheDir, GATEHOUSE_DAEMON: "off" };
    const first = await runCli(cliArgs, cliEnv);
    const cli: CliRun[] = [];
    const cliCpu: number[] = [];
    for (let i = 0; i < CLI_RUNS; i++) {
      const m = await measure(async () => cli.push(await runCli(cliArgs, cliEnv)));
      cliCpu.push(m.childCpu);
    }
    const cliMs = median(cli.map((r) => r.ms));
    // What no run of the command avoids: the launcher, Node's start and the bundle's load (`--version`).
    const floor: number[] = [];
    for (let i = 0; i < CLI_RUNS; i++) floor.push((await runCli(["--version"], cliEnv)).ms);
    const floorMs = median(floor);
    const daemon = await daemonRuns(cliArgs, { ...cliEnv, GATEHOUSE_DAEMON: "on", GATEHOUSE_DAEMON_DIR: path.join(cacheDir, "daemon") });
    const daemonMs = median(daemon.runs.map((r) => r.ms));
    const last = cli[cli.length - 1] ?? first;
    const validRun = (r: CliRun) => (r.code === 0 || r.code === 1) && r.stdout.trim().startsWith("{");
    const cliValid = cli.every(validRun);
    const daemonValid = daemon.runs.length > 0 && daemon.runs.every(validRun) && daemon.served === daemon.runs.length + 1;

    const rows: BenchRow[] = [
      {
        figure: `runGates in-process, warm (median of ${CHECK_RUNS})`,
        value: ms(warmMs),
        reference: `first run ${ms(coldMs)}`,
        ratio: ratio(coldMs / warmMs),
        target: `< ${CHECK_TARGET_MS} ms`,
        ok: warmMs < CHECK_TARGET_MS && results.every((r) => r.status !== "error" && r.status !== "skipped"),
      },
      {
        figure: "same, CPU time (process + git children)",
        value: ms(warmCpu),
        reference: `wall ${ms(warmMs)}`,
      },
      {
        figure: `apply patch + runGates in-process, no memos carried over (median of ${CLI_RUNS})`,
        value: ms(withApplyMs),
        reference: `with the previous run's memos ${ms(withMemosMs)}`,
      },
      {
        figure: `CLI check end to end, a process of its own (median of ${CLI_RUNS})`,
        value: ms(cliMs),
        reference: `in-process ${ms(withApplyMs)}`,
        ratio: ratio(cliMs / withApplyMs),
        target: `≤ ${CLI_TARGET_RATIO}×, < ${CLI_TARGET_MS} ms`,
        ok: cliValid && cliMs / withApplyMs <= CLI_TARGET_RATIO && cliMs < CLI_TARGET_MS,
      },
      { figure: "CLI check, CPU time (CLI process + children)", value: ms(median(cliCpu)), reference: `wall ${ms(cliMs)}` },
      {
        figure: `CLI start-up floor: gatehouse --version (median of ${CLI_RUNS})`,
        value: ms(floorMs),
        reference: `check beyond it ${ms(cliMs - floorMs)} vs in-process ${ms(withApplyMs)}`,
        ratio: ratio((cliMs - floorMs) / withApplyMs),
      },
      { figure: "CLI check, first run (empty registry cache)", value: ms(first.ms), reference: `cached ${ms(cliMs)}` },
      {
        figure: `CLI check through \`gatehouse daemon\` (median of ${CLI_RUNS})`,
        value: ms(daemonMs),
        reference: `in-process ${ms(withApplyMs)}`,
        ratio: ratio(daemonMs / withApplyMs),
        target: `≤ ${CLI_TARGET_RATIO}×, < ${CLI_TARGET_MS} ms`,
        ok: daemonValid && daemonMs / withApplyMs <= CLI_TARGET_RATIO && daemonMs < CLI_TARGET_MS,
      },
      { figure: "CLI check, first run of a new daemon", value: ms(daemon.first.ms), reference: `then ${ms(daemonMs)}` },
    ];
    printTable(rows);
    say(`  first run: ${coldStatuses}`);
    say(`  warm run:  ${statuses(results)}`);
    say(`  CLI:       exit ${last.code}; ${cliStatuses(last.stdout)}`);
    if (!cliValid) say(`  CLI output problem: ${(last.stderr || last.stdout).slice(0, 400)}`);
    if (!daemonValid) say(`  daemon problem: served ${daemon.served} of ${daemon.runs.length + 1} runs; ${daemon.problem}`);
    const served = new Set<string>([...PACKAGES, ...CHECK_EXTRA_PACKAGES]);
    const unserved = [...new Set(double.requests.map((p) => decodeURIComponent(p.replace(/^\/npm\//, ""))))].filter((n) => !served.has(n));
    if (unserved.length) say(`  asked of the double but not served (404): ${unserved.join(", ")}`);
  } finally {
    fs.rmSync(cacheDir, { recursive: true, force: true });
    change.repo.remove();
    fs.rmSync(path.dirname(patchFile), { recursive: true, force: true });
  }
}

/**
 * `check` sent to a daemon (`gatehouse daemon start`) in its own folder: its first run (cold), then
 * CLI_RUNS more. `served` counts the runs the daemon says it ran, so a silent fallback to a process
 * of its own shows.
 */
async function daemonRuns(args: string[], env: NodeJS.ProcessEnv): Promise<{ first: CliRun; runs: CliRun[]; served: number; problem: string }> {
  const started = await runCli(["daemon", "start", "--idle-minutes", "2"], env);
  try {
    const first = await runCli(args, env);
    const runs: CliRun[] = [];
    for (let i = 0; i < CLI_RUNS; i++) runs.push(await runCli(args, env));
    const status = await runCli(["daemon", "status"], env);
    const served = Number(/, (\d+) runs?\)/.exec(status.stdout)?.[1] ?? 0);
    return { first, runs, served, problem: (started.stderr || status.stderr || status.stdout).trim().slice(0, 300) };
  } finally {
    await runCli(["daemon", "stop"], env);
  }
}

export async function runCheckBench(): Promise<void> {
  sayMachineLoad();
  const double = await startPackumentDouble(DOUBLE_DELAY_MS, CHECK_EXTRA_PACKAGES);
  try {
    await checkWithDouble(double);
  } finally {
    await double.close();
  }
}

// Run directly: `npx tsx bench/gates.ts [complexity|dependencies|check]…`.
if (process.argv[1] && /bench[\\/]gates\.ts$/.test(process.argv[1])) {
  const wanted = process.argv.slice(2);
  const all: Array<[string, () => Promise<void>]> = [
    ["complexity", runComplexityBench],
    ["dependencies", runDependenciesBench],
    ["check", runCheckBench],
  ];
  (async () => {
    for (const [name, run] of all) if (wanted.length === 0 || wanted.includes(name)) await run();
  })().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
