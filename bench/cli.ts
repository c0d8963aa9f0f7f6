/**
 * CLI benchmark (`npm run bench -- cli`): whole commands as a user runs them, each against a
 * reference measured in the same run.
 *
 * - `gatehouse complexity` vs the ESLint CLI (core `complexity` + sonarjs `cognitive-complexity`,
 *   threshold 0 so every function is reported, ESLint's default parser for `.js`) on the same real
 *   `.js` files from node_modules, copied to a scratch folder; the numbers of both must be equal.
 * - `gatehouse check` end to end vs in-process: the `check` section (bench/gates.ts).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { javascriptCorpus, totalLines } from "./gates-corpus";
import { measure, median, ms, printTable, ratio, say, sayMachineLoad, type BenchRow } from "./gates-table";

const ROOT = path.resolve(__dirname, "..");
const BIN = path.join(ROOT, "bin/gatehouse");
const RUNS = 5;
const COMPLEXITY_CLI_TARGET = 5;

export interface CliRun {
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A node script in its own process group, killed as a group if it hangs. */
export function runNode(script: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CliRun> {
  return runCommand(process.execPath, [script, ...args], opts);
}

/** A command in its own process group, killed as a group if it hangs. */
function runCommand(command: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: opts.cwd ?? os.tmpdir(),
      env: opts.env ?? process.env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    }, 180_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ ms: performance.now() - started, code, stdout, stderr });
    });
  });
}

/** The built `gatehouse` command (bin/gatehouse → bin/gatehouse.cjs → dist/cli/). */
export function runCli(args: string[], env: NodeJS.ProcessEnv = process.env, cwd?: string): Promise<CliRun> {
  return runCommand(BIN, args, { env, cwd });
}

interface EslintFileResult {
  filePath: string;
  messages: Array<{ ruleId: string | null; line: number; column: number; message: string; fatal?: boolean }>;
}

/** Per file: "line:column cyclomatic" rows and the sorted non-zero cognitive scores. */
interface Scores {
  cyclomatic: string[];
  cognitive: number[];
}

function eslintScores(results: EslintFileResult[]): Map<string, Scores> {
  const out = new Map<string, Scores>();
  for (const r of results) {
    const s: Scores = { cyclomatic: [], cognitive: [] };
    for (const m of r.messages) {
      const cyclomatic = /has a complexity of (\d+)\./.exec(m.message);
      const cognitive = /Cognitive Complexity from (\d+) to/.exec(m.message);
      if (m.ruleId === "complexity" && cyclomatic) s.cyclomatic.push(`${m.line}:${m.column} ${cyclomatic[1]}`);
      if (m.ruleId === "sonarjs/cognitive-complexity" && cognitive) s.cognitive.push(Number(cognitive[1]));
    }
    s.cyclomatic.sort();
    s.cognitive.sort((a, b) => a - b);
    out.set(path.basename(r.filePath), s);
  }
  return out;
}

function ourScores(report: { functions: Array<{ file: string; line: number; column: number; cyclomatic: number; cognitive: number }> }): Map<string, Scores> {
  const out = new Map<string, Scores>();
  for (const f of report.functions) {
    const key = path.basename(f.file);
    const s = out.get(key) ?? { cyclomatic: [], cognitive: [] };
    s.cyclomatic.push(`${f.line}:${f.column} ${f.cyclomatic}`);
    // sonarjs reports a function only when its score is above the threshold (0).
    if (f.cognitive > 0) s.cognitive.push(f.cognitive);
    out.set(key, s);
  }
  for (const s of out.values()) {
    s.cyclomatic.sort();
    s.cognitive.sort((a, b) => a - b);
  }
  return out;
}

/** Files whose scores differ (both sides list every file; a file without functions has none). */
function differences(ours: Map<string, Scores>, theirs: Map<string, Scores>, files: readonly string[]): string[] {
  const empty: Scores = { cyclomatic: [], cognitive: [] };
  return files
    .map((f) => path.basename(f))
    .filter((f) => JSON.stringify(ours.get(f) ?? empty) !== JSON.stringify(theirs.get(f) ?? empty));
}

export async function runComplexityCliBench(): Promise<void> {
  sayMachineLoad();
  if (!fs.existsSync(path.join(ROOT, "dist/cli/gatehouse.cjs"))) {
    say("  skipped: the CLI is not built (npm run build:cli)");
    return;
  }
  const { files: corpus } = javascriptCorpus();
  const js = corpus.filter((f) => f.path.endsWith(".js"));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-cli-"));
  try {
    const src = path.join(dir, "src");
    fs.mkdirSync(src);
    let copied = js.map((f) => {
      const target = path.join(src, f.label.replace(/[/@]/g, "__"));
      fs.writeFileSync(target, f.text);
      return target;
    });
    const sonarjs = pathToFileURL(require.resolve("eslint-plugin-sonarjs")).href;
    fs.writeFileSync(
      path.join(dir, "eslint.config.mjs"),
      `import sonarjs from ${JSON.stringify(sonarjs)};\n` +
        `export default [{ files: ["**/*.js"], plugins: { sonarjs }, rules: { complexity: ["error", 0], "sonarjs/cognitive-complexity": ["error", 0] } }];\n`,
    );
    const eslintBin = path.join(path.dirname(require.resolve("eslint/package.json")), "bin/eslint.js");
    const eslintArgs = (list: string[]) => ["-c", path.join(dir, "eslint.config.mjs"), "--format", "json", ...list.map((f) => path.relative(dir, f))];
    const eslint = (list: string[]) => runNode(eslintBin, eslintArgs(list), { cwd: dir });
    const ours = (list: string[]) => runCli(["complexity", "--format", "json", ...list], process.env, dir);

    // Both sides get exactly the files both parse (a warm-up run of each finds them).
    const first = JSON.parse((await eslint(copied)).stdout || "[]") as EslintFileResult[];
    const unparsable = new Set(first.filter((r) => r.messages.some((m) => m.fatal)).map((r) => path.basename(r.filePath)));
    copied = copied.filter((f) => !unparsable.has(path.basename(f)));
    const warm = await ours(copied);
    if (warm.code !== 0) {
      say(`  gatehouse complexity failed (exit ${warm.code}): ${warm.stderr.slice(0, 300)}`);
      return;
    }
    const lines = totalLines(js.filter((f) => copied.some((c) => path.basename(c) === f.label.replace(/[/@]/g, "__"))));
    say(`  corpus: ${copied.length} .js files, ${lines.toLocaleString("en-US")} lines (from node_modules)${unparsable.size ? `; ESLint could not parse ${unparsable.size}` : ""}`);

    const oursRuns: Array<{ wall: number; cpu: number }> = [];
    const theirsRuns: Array<{ wall: number; cpu: number }> = [];
    let oursOut = warm;
    let theirsOut = warm;
    for (let i = 0; i < RUNS; i++) {
      const a = await measure(async () => (oursOut = await ours(copied)));
      const b = await measure(async () => (theirsOut = await eslint(copied)));
      oursRuns.push({ wall: a.wall, cpu: a.childCpu });
      theirsRuns.push({ wall: b.wall, cpu: b.childCpu });
    }
    const oursScores = ourScores(JSON.parse(oursOut.stdout));
    const theirsScores = eslintScores(JSON.parse(theirsOut.stdout) as EslintFileResult[]);
    const differing = differences(oursScores, theirsScores, copied);
    const functions = [...oursScores.values()].reduce((n, s) => n + s.cyclomatic.length, 0);

    const oursMs = median(oursRuns.map((r) => r.wall));
    const eslintMs = median(theirsRuns.map((r) => r.wall));
    const oursCpu = median(oursRuns.map((r) => r.cpu));
    const eslintCpu = median(theirsRuns.map((r) => r.cpu));
    const rows: BenchRow[] = [
      {
        figure: `gatehouse complexity, whole command (median of ${RUNS})`,
        value: ms(oursMs),
        reference: `ESLint CLI ${ms(eslintMs)}`,
        ratio: ratio(eslintMs / oursMs),
        target: `≥ ${COMPLEXITY_CLI_TARGET}×, equal numbers`,
        ok: eslintMs / oursMs >= COMPLEXITY_CLI_TARGET && differing.length === 0,
      },
      {
        figure: "same, CPU time (user + system of the process)",
        value: ms(oursCpu),
        reference: `ESLint CLI ${ms(eslintCpu)}`,
        ratio: ratio(eslintCpu / oursCpu),
      },
    ];
    printTable(rows);
    say(
      `  numbers: ${functions} functions; ${differing.length === 0 ? "cyclomatic (per position) and cognitive (per file) equal to ESLint's in every file" : `differ in ${differing.join(", ")}`}`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
