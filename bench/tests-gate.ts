/**
 * Tests gate speed (`npm run bench -- tests`): the gate's wall time on an innocent change vs running the
 * project's own test command directly twice (base + change), on a vitest, a mocha and a pytest project
 * (target ≤ 1.2×); and with the base run cached vs one direct run (target ≤ 1.1×). The gate runs both
 * sides at once inside the sandbox; the reference runs them one after the other, unsandboxed.
 */
import { spawn } from "node:child_process";
import { createTestsGate } from "../lib/gates/tests/gate";
import { mochaProject, pytestProject, vitestProject, type FixtureProject } from "../lib/gates/tests/testing/fixture-projects";
import { DEFAULT_POLICY, type GateResult } from "../lib/gates/types";
import { median, ms, printTable, say, sayMachineLoad, timeOnce, type BenchRow } from "./gates-table";

const RUNS = 3;
const TARGET_BOTH = 1.2;
const TARGET_CACHED = 1.1;

/** The project's own test command, run directly in the checkout as a developer would. */
function direct(project: FixtureProject): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn("/bin/sh", ["-c", project.directCommand], {
      cwd: project.repo.dir,
      env: { ...process.env, CI: "true", NODE_ENV: "test" },
      stdio: "ignore",
    });
    child.on("error", reject);
    child.on("exit", (code) => resolve(code ?? -1));
  });
}

/** One gate run on an innocent change; the diff is made before the clock starts. */
async function timeGate(gate: ReturnType<typeof createTestsGate>, project: FixtureProject, n: number): Promise<number> {
  const diff = project.repo.diff({ "NOTES.md": `innocent change ${n}\n` });
  let res: GateResult | undefined;
  const wall = await timeOnce(async () => {
    res = await gate.run({ repoDir: project.repo.dir, baseCommit: "HEAD", diff, files: [], policy: { ...DEFAULT_POLICY } });
  });
  if (res?.status !== "pass") throw new Error(`${project.kind}: expected pass, got ${res?.status}: ${res?.summary}`);
  return wall;
}

const times = (x: number) => `${x.toFixed(2)}×`;

export async function runTestsGateBench(): Promise<void> {
  sayMachineLoad();
  const rows: BenchRow[] = [];
  let n = 0;
  for (const make of [vitestProject, mochaProject, pytestProject]) {
    const project = make();
    project.directCommand = project.kind === "pytest" ? project.directCommand : "npm test";
    try {
      if ((await direct(project)) !== 0) throw new Error(`${project.kind}: the project's own tests fail`);
      const twice: number[] = [];
      const one: number[] = [];
      const uncached: number[] = [];
      const cached: number[] = [];
      const warm = createTestsGate();
      await timeGate(warm, project, n++); // fills the baseline cache
      for (let i = 0; i < RUNS; i++) {
        twice.push(await timeOnce(async () => {
          await direct(project);
          await direct(project);
        }));
        one.push(await timeOnce(() => direct(project)));
        uncached.push(await timeGate(createTestsGate(), project, n++));
        cached.push(await timeGate(warm, project, n++));
      }
      const both = median(uncached) / median(twice);
      const withCache = median(cached) / median(one);
      rows.push(
        { figure: `${project.kind}: gate, base + change`, value: ms(median(uncached)), reference: `${ms(median(twice))} direct ×2`, ratio: times(both), target: `≤ ${TARGET_BOTH}×`, ok: both <= TARGET_BOTH },
        { figure: `${project.kind}: gate, base cached`, value: ms(median(cached)), reference: `${ms(median(one))} direct ×1`, ratio: times(withCache), target: `≤ ${TARGET_CACHED}×`, ok: withCache <= TARGET_CACHED },
      );
    } finally {
      project.repo.remove();
    }
  }
  say(`  medians of ${RUNS} runs; gate = worktree + patch + sandboxed runs + parsing; reference = the project's command run directly`);
  printTable(rows);
}
