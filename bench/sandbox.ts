/**
 * Sandbox benchmark (`npm run bench -- sandbox`):
 * - start-up overhead per run: `true` through runSandboxed vs `true` spawned directly, median of 20
 *   (target: under 100 ms), with and without the per-run cgroup;
 * - the tests gate on the demo repository (lib/demo), sandboxed vs GATEHOUSE_SANDBOX=off, median of 3.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureDemoRepo } from "../lib/demo/seed-demo";
import { createTestsGate } from "../lib/gates/tests/gate";
import { DEFAULT_POLICY, type GateInput } from "../lib/gates/types";
import { probeSandbox, readSandboxConfig, runSandboxed, type SandboxConfig } from "../lib/sandbox";
import { measure, median, ms, printTable, ratio, sample, say, sayMachineLoad, type BenchRow } from "./gates-table";

const STARTUP_RUNS = 20;
const GATE_RUNS = 3;
const TARGET_MS = 100;

function spawnTrue(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("true", [], { stdio: "ignore" });
    child.on("error", reject);
    child.on("exit", () => resolve());
  });
}

async function startup(config: SandboxConfig, work: string): Promise<{ wall: number; cpu: number }> {
  const run = async () => {
    const res = await runSandboxed({ argv: ["true"], cwd: work, writable: [work] }, { config });
    if (res.exitCode !== 0) throw new Error(`sandboxed true failed: ${res.combined}`);
  };
  await run();
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < STARTUP_RUNS; i++) {
    const m = await measure(run);
    walls.push(m.wall);
    cpus.push(m.cpu + m.childCpu);
  }
  return { wall: median(walls), cpu: median(cpus) };
}

export async function runSandboxBench(): Promise<void> {
  sayMachineLoad();
  const config = readSandboxConfig();
  const probe = await probeSandbox(config);
  if (!probe.ok) {
    say(`  sandbox unavailable: ${probe.reason} — fix: ${probe.fix}`);
    return;
  }
  say(`  isolation ${probe.isolation}, uid ${probe.uid}${probe.note ? ` (${probe.note})` : ""}`);
  const work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-sbx-")));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-demo-"));
  try {
    const outside = median(await sample(spawnTrue, STARTUP_RUNS, 2));
    const withCgroup = await startup(config, work);
    const rlimitsOnly = await startup({ ...config, cgroups: false }, work);
    const inside = withCgroup.wall;
    const noCgroup = rlimitsOnly.wall;
    const rows: BenchRow[] = [
      { figure: "`true` outside", value: ms(outside) },
      {
        figure: "`true` sandboxed (cgroup limits)",
        value: ms(inside),
        reference: ms(outside),
        ratio: ratio(inside / outside),
        target: `overhead < ${TARGET_MS} ms`,
        ok: inside - outside < TARGET_MS,
      },
      { figure: "  overhead per run", value: ms(inside - outside) },
      // Wall time stretches with the machine's load; CPU time (ours + the sandbox's processes) does not.
      { figure: "  CPU per sandboxed run (cgroup / rlimits)", value: `${ms(withCgroup.cpu)} / ${ms(rlimitsOnly.cpu)}` },
      {
        figure: "`true` sandboxed (rlimits only)",
        value: ms(noCgroup),
        reference: ms(outside),
        ratio: ratio(noCgroup / outside),
        target: `overhead < ${TARGET_MS} ms`,
        ok: noCgroup - outside < TARGET_MS,
      },
    ];

    // The demo repository as `npm start` seeds it, gated on a one-line change.
    const demo = ensureDemoRepo(dataDir);
    const diff = [
      "diff --git a/BENCH.md b/BENCH.md",
      "new file mode 100644",
      "--- /dev/null",
      "+++ b/BENCH.md",
      "@@ -0,0 +1 @@",
      "+bench",
      "",
    ].join("\n");
    const input: GateInput = { repoDir: demo, baseCommit: "HEAD", diff, files: [], policy: { ...DEFAULT_POLICY } };
    const gateTimes = async (c: SandboxConfig) => {
      let last: Record<string, unknown> = {};
      const samples = await sample(async () => {
        last = (await createTestsGate({ baseline: false, sandboxConfig: c }).run(input)) as unknown as Record<string, unknown>;
        if (last.status !== "pass") throw new Error(`tests gate on the demo: ${String(last.status)} ${String(last.summary)}`);
      }, GATE_RUNS, 1);
      return { median: median(samples), passed: Number(last.passed), sandbox: String(last.sandbox) };
    };
    const sandboxed = await gateTimes(config);
    const open = await gateTimes({ ...config, mode: "off" });
    rows.push(
      { figure: `tests gate, demo repo, unsandboxed (${open.passed} tests)`, value: ms(open.median) },
      {
        figure: `tests gate, demo repo, sandboxed (${sandboxed.passed} tests)`,
        value: ms(sandboxed.median),
        reference: ms(open.median),
        ratio: ratio(sandboxed.median / open.median),
      },
    );
    printTable(rows);
    say(`  medians: start-up of ${STARTUP_RUNS} runs, tests gate of ${GATE_RUNS} runs (baseline off); sandbox=${sandboxed.sandbox}`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
